import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	ensureN8n,
	freePort,
	installPackageLikeCommunityNodes,
	packPackage,
	startN8n,
	type RunningN8n,
} from '../../scripts/lib/realN8n';
import {
	queueModeEnv,
	startPostgres,
	startRedis,
	type Postgres,
	type Service,
} from '../../scripts/lib/services';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { SEEDED } from '../support/crmFacts';

/**
 * n8n in queue mode, the engine users grow into: one main (webhooks) and two workers (executions) on Redis and
 * PostgreSQL from Debian's packages, this package installed in each one's own user folder the Community-Nodes way.
 * 1,000 leads are posted at once to a lead-capture workflow (Lead Capture → Lead Dedup against history and the CRM →
 * Lead Distribution round robin balanced by the CRM → amoCRM lead with contact). Every person must land in the CRM
 * exactly once, the split must stay balanced, and repeats posted later — to whichever worker — must be caught.
 *
 * The workflow is this test's own equivalent of the amoCRM lead-capture template (workflows/ is being written in
 * parallel). The emulator runs without its rate limit: at amoCRM's 7 requests a second per credential a 1,000-lead
 * burst (about 7 requests a lead) takes a quarter of an hour; the limits and the ban are the fault suite's subject,
 * correctness across workers is this one's. Slow (several minutes): runs in CI, or with SALES_FUNNEL_QUEUE_MODE=1.
 */
const enabled = Boolean(process.env.CI || process.env.SALES_FUNNEL_QUEUE_MODE);
const LEADS = Number(process.env.QUEUE_MODE_LEADS ?? 1000);
const REPEATS = Math.round(LEADS / 10);
const PAIRS = 20;
const WORKERS = 2;
const WORKER_CONCURRENCY = 10;
const POSTERS = 100;
const MANAGERS = SEEDED.amocrm.managers.slice(0, 4);
const PREFIX = 'QM';

interface Person {
	name: string;
	/** As a form sends it. */
	phone: string;
	email: string;
	/** What the deal's name carries (Lead Capture normalises the phone). */
	e164: string;
}

const person = (i: number): Person => {
	const digits = String(i).padStart(7, '0');
	return {
		name: `Клиент ${i}`,
		phone: `+7 (995) ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`,
		email: `client${i}@queue.example`,
		e164: `+7995${digits}`,
	};
};

function leadCaptureWorkflow(credentials: Stack['credentials'], webhookId: string) {
	const amo = { amoCrmApi: { id: credentials.amoCrmApi.id, name: credentials.amoCrmApi.name } };
	const crm = { crm: 'amocrm', authentication: 'longLivedToken' };
	return {
		name: 'Queue mode: lead capture → dedup → distribution → amoCRM',
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'none',
			saveDataErrorExecution: 'all',
		},
		connections: {
			'Lead Capture': { main: [[{ node: 'Lead Dedup', type: 'main', index: 0 }], []] },
			'Lead Dedup': { main: [[{ node: 'Lead Distribution', type: 'main', index: 0 }], []] },
			'Lead Distribution': { main: [[{ node: 'Create lead', type: 'main', index: 0 }], []] },
		},
		nodes: [
			{
				id: randomUUID(),
				name: 'Lead Capture',
				type: 'n8n-nodes-sales-funnel.leadCapture',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { authentication: 'sharedSecret', preset: 'auto', options: {} },
				credentials: {
					leadCaptureSecretApi: {
						id: credentials.leadCaptureSecretApi.id,
						name: credentials.leadCaptureSecretApi.name,
					},
				},
			},
			{
				id: randomUUID(),
				name: 'Lead Dedup',
				type: 'n8n-nodes-sales-funnel.leadDedup',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					...crm,
					scopes: ['input', 'history', 'crm'],
					keys: ['phone', 'email'],
					match: 'any',
					byExternalId: true,
					historyScope: 'node',
					historySize: 10000,
					options: {},
				},
				credentials: amo,
			},
			{
				id: randomUUID(),
				name: 'Lead Distribution',
				type: 'n8n-nodes-sales-funnel.leadDistribution',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					...crm,
					strategy: 'roundRobin',
					managersSource: 'crmUsers',
					crmUsers: MANAGERS.map((m) => m.id),
					managers: {},
					guard: false,
					// Deals of this run only: the seeded account's older deals are not part of the split.
					recentDays: 0.05,
					clientResponsible: '',
					clientStage: '',
					openTaskOwners: '',
					options: {},
				},
				credentials: amo,
			},
			{
				id: randomUUID(),
				name: 'Create lead',
				type: 'n8n-nodes-sales-funnel.amoCrm',
				typeVersion: 1,
				position: [660, 0],
				parameters: {
					authentication: 'longLivedToken',
					resource: 'lead',
					operation: 'create',
					name: `={{ '${PREFIX} ' + $json.name + ' | ' + $json.phone }}`,
					contactMode: 'new',
					contactName: '={{ $json.name }}',
					phone: '={{ $json.phone }}',
					email: '={{ $json.email }}',
					responsible: { __rl: true, mode: 'id', value: '={{ $json.responsibleUserId }}' },
					additionalFields: {},
				},
				credentials: amo,
			},
		],
	};
}

const maybe = enabled ? describe : describe.skip;

maybe('real n8n in queue mode (main + 2 workers, Redis, PostgreSQL)', () => {
	let postgres: Postgres;
	let redis: Service;
	let stack: Stack;
	const workers: RunningN8n[] = [];
	const workerFolders: string[] = [];
	let webhookUrl: string;

	beforeAll(async () => {
		postgres = await startPostgres();
		redis = await startRedis();
		// n8n's default of 2 database connections per process refuses webhooks (503) under a burst of 100 at once. With
		// 10 a process and pg-pool's 20 s wait, 48 of 1,000 executions were acknowledged (200) and then failed inside n8n
		// before their first node ("timeout exceeded when trying to connect"): lost. A burst needs a bigger pool and a
		// longer wait for a connection (README, Known limits).
		const env = {
			...queueModeEnv(postgres, redis, randomBytes(24).toString('hex')),
			DB_POSTGRESDB_POOL_SIZE: '20',
			DB_POSTGRESDB_CONNECTION_TIMEOUT: '120000',
		};
		const install = await ensureN8n();
		stack = await startStack({ limits: false, n8nEnv: env });
		const tarball = await packPackage();
		for (let w = 0; w < WORKERS; w++) {
			const folder = mkdtempSync(path.join(tmpdir(), `sales-funnel-worker${w}-`));
			workerFolders.push(folder);
			await installPackageLikeCommunityNodes(folder, tarball);
			const health = await freePort();
			workers.push(
				await startN8n(install, {
					userFolder: folder,
					port: health,
					args: ['worker', `--concurrency=${WORKER_CONCURRENCY}`],
					env: { ...env, QUEUE_HEALTH_CHECK_PORT: String(health) },
					readyUrl: (port) => `http://127.0.0.1:${port}/healthz`,
				}),
			);
		}
		const webhookId = randomUUID();
		const created = await stack.api.createWorkflow(
			leadCaptureWorkflow(stack.credentials, webhookId) as never,
		);
		await stack.api.publishWorkflow(created.id);
		webhookUrl = `${stack.n8n.url}/webhook/${webhookId}/lead`;
	}, 30 * 60_000);

	afterAll(async () => {
		for (const worker of workers) await worker.stop();
		await stack?.stop();
		await redis?.stop();
		await postgres?.stop();
		for (const folder of workerFolders) rmSync(folder, { recursive: true, force: true });
	}, 120_000);

	let refusals = 0;

	async function post(lead: Person): Promise<number> {
		for (let attempt = 0; ; attempt++) {
			const res = await fetch(webhookUrl, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-webhook-secret': stack.leadCaptureSecret,
				},
				body: JSON.stringify({ name: lead.name, phone: lead.phone, email: lead.email }),
			}).catch(() => null);
			// Right after publishing the webhook may not be registered yet (404), and n8n itself may refuse a request
			// under load (5xx): a form platform retries both (Tilda does), and so does this sender.
			if (res && res.status !== 404 && res.status < 500) return res.status;
			if (res && res.status >= 500) refusals++;
			if (attempt > 40) return res?.status ?? 0;
			await new Promise((r) => setTimeout(r, 500 + attempt * 250));
		}
	}

	/** Posts every lead with `POSTERS` requests in flight at once. */
	async function postAll(leads: Person[]): Promise<number[]> {
		const statuses: number[] = new Array(leads.length);
		let next = 0;
		await Promise.all(
			Array.from({ length: POSTERS }, async () => {
				while (next < leads.length) {
					const k = next++;
					statuses[k] = await post(leads[k]);
				}
			}),
		);
		return statuses;
	}

	/** Deals this test created, by the phone in their name. */
	async function dealsByPhone(): Promise<Map<string, Array<{ responsible: number }>>> {
		const state = (await (await fetch(`${stack.amocrm.url}/__emulator/state`)).json()) as {
			leads: Array<{ name: string; responsible_user_id: number }>;
		};
		const byPhone = new Map<string, Array<{ responsible: number }>>();
		for (const lead of state.leads) {
			if (!lead.name.startsWith(`${PREFIX} `)) continue;
			const phone = lead.name.split(' | ')[1];
			byPhone.set(phone, [
				...(byPhone.get(phone) ?? []),
				{ responsible: lead.responsible_user_id },
			]);
		}
		return byPhone;
	}

	/** Waits until the deals stop changing for a while (every queued execution has finished). */
	async function settle(
		expectedAtLeast: number,
		timeoutMs: number,
	): Promise<Map<string, Array<{ responsible: number }>>> {
		const deadline = Date.now() + timeoutMs;
		let last = -1;
		let stableSince = Date.now();
		for (;;) {
			const deals = await dealsByPhone();
			const count = [...deals.values()].reduce((n, list) => n + list.length, 0);
			if (count !== last) {
				last = count;
				stableSince = Date.now();
			}
			const quiet = Date.now() - stableSince;
			if ((count >= expectedAtLeast && quiet > 15_000) || quiet > 90_000 || Date.now() > deadline)
				return deals;
			await new Promise((r) => setTimeout(r, 3_000));
		}
	}

	async function failedExecutions(): Promise<string[]> {
		const res = await fetch(
			`${stack.n8n.url}/api/v1/executions?status=error&limit=250&includeData=true`,
			{ headers: { 'x-n8n-api-key': stack.apiKey } },
		);
		const body = (await res.json()) as {
			data?: Array<{ id: string; data?: { resultData?: { error?: { message?: string } } } }>;
		};
		return (body.data ?? []).map(
			(e) => `#${e.id}: ${e.data?.resultData?.error?.message ?? 'unknown error'}`,
		);
	}

	test(
		`${LEADS} leads posted at once land exactly once, split evenly; repeats posted later are caught by any worker`,
		async () => {
			const people = Array.from({ length: LEADS }, (_, i) => person(i));
			const started = Date.now();
			const statuses = await postAll(people);
			expect(statuses.filter((s) => s !== 200)).toEqual([]);
			const deals = await settle(LEADS, 25 * 60_000);
			const wallSeconds = Math.round((Date.now() - started) / 1000);
			const landed = people.map((p) => deals.get(p.e164)?.length ?? 0);
			const lost = landed.filter((n) => n === 0).length;
			const duplicated = landed.filter((n) => n > 1).length;
			const split = Object.fromEntries(
				MANAGERS.map((m) => [
					m.name,
					[...deals.values()].flat().filter((d) => String(d.responsible) === m.id).length,
				]),
			);
			const requests = (
				(await (await fetch(`${stack.amocrm.url}/__emulator/requests`)).json()) as { count: number }
			).count;
			const failures = await failedExecutions();
			process.stdout.write(
				`queue mode: ${LEADS} leads posted, lost ${lost}, duplicated ${duplicated}, split ${JSON.stringify(split)}, ` +
					`${wallSeconds} s from the first post to the last deal, ${requests} amoCRM requests, ${refusals} posts refused by n8n (5xx) and resent, failed executions ${failures.length}${failures.length ? `: ${failures.slice(0, 5).join(' | ')}` : ''}\n`,
			);
			expect({ lost, duplicated, failures }).toEqual({ lost: 0, duplicated: 0, failures: [] });
			// Each execution balances by the deals the CRM has when it starts; at most WORKERS × concurrency executions run at
			// once and cannot see each other's deals yet, so the split may be off by that many and no more.
			const counts = Object.values(split);
			expect(counts.reduce((a, b) => a + b, 0)).toBe(LEADS);
			expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(
				WORKERS * WORKER_CONCURRENCY,
			);

			// Repeats of people already in the CRM, posted at once in other spellings: none makes a second deal.
			const repeats = people.slice(0, REPEATS).map((p, i) => ({
				...p,
				phone: i % 2 ? p.phone.replace('+7', '8').replace(/[()\s-]/g, '') : p.phone,
				email: p.email.toUpperCase(),
			}));
			expect((await postAll(repeats)).filter((s) => s !== 200)).toEqual([]);
			const afterRepeats = await settle(LEADS, 5 * 60_000);
			const doubled = people.filter((p) => (afterRepeats.get(p.e164)?.length ?? 0) > 1).length;
			process.stdout.write(
				`queue mode: ${REPEATS} repeats posted at once after the first wave: ${doubled} made a second deal\n`,
			);
			expect(doubled).toBe(0);
			expect(await failedExecutions()).toEqual([]);
		},
		45 * 60_000,
	);

	test(
		`the same new person posted twice at the same moment (${PAIRS} pairs): never lost; how many slip through is reported`,
		async () => {
			const pairs = Array.from({ length: PAIRS }, (_, i) => person(LEADS + 1000 + i));
			expect((await postAll([...pairs, ...pairs])).filter((s) => s !== 200)).toEqual([]);
			const deals = await settle(LEADS + PAIRS, 5 * 60_000);
			const landed = pairs.map((p) => deals.get(p.e164)?.length ?? 0);
			process.stdout.write(
				`queue mode: ${PAIRS} people posted twice at the same moment: ${landed.filter((n) => n === 1).length} landed once, ${landed.filter((n) => n > 1).length} twice ` +
					"(n8n's dedup store and a CRM search cannot order two executions that run at the same moment; see README, Known limits)\n",
			);
			expect(landed.filter((n) => n === 0)).toEqual([]);
		},
		10 * 60_000,
	);
});
