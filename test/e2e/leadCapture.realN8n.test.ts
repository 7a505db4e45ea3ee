import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	ensureN8n,
	installPackageLikeCommunityNodes,
	N8nSession,
	packPackage,
	startN8n,
	type RunningN8n,
} from '../../scripts/lib/realN8n';
import { tildaForm } from '../fixtures/capture/payloads';

const SECRET = 'e2e-secret-4f9a8b7c6d5e4f3a2b1c';
const PATH = 'a1b2c3d4-0000-4000-8000-00000000cafe/lead';

/**
 * Lead Capture in a real n8n: how the server really parses urlencoded, JSON, multipart and plain-text bodies
 * for a version-1 webhook node, answers onReceived, and runs (or does not run) the workflow.
 */
describe("real n8n: Lead Capture behind n8n's own webhook server", () => {
	let n8n: RunningN8n;
	let userFolder: string;
	let api: (method: string, pathname: string, body?: unknown) => Promise<Record<string, unknown>>;
	let workflowId: string;

	beforeAll(async () => {
		const install = await ensureN8n();
		const tarball = await packPackage();
		userFolder = mkdtempSync(path.join(tmpdir(), 'sales-funnel-capture-'));
		await installPackageLikeCommunityNodes(userFolder, tarball);
		n8n = await startN8n(install, { userFolder });
		const session = await N8nSession.owner(n8n.url);
		const apiKey = await session.createApiKey('capture');
		api = async (method, pathname, body) => {
			const res = await fetch(`${n8n.url}/api/v1${pathname}`, {
				method,
				headers: { 'x-n8n-api-key': apiKey, 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`${method} ${pathname} → ${res.status}: ${text}`);
			return JSON.parse(text);
		};
		const credential = await api('POST', '/credentials', {
			name: 'Lead Capture secret',
			type: 'leadCaptureSecretApi',
			data: { secret: SECRET },
		});
		const workflow = await api('POST', '/workflows', {
			name: 'E2E: Lead Capture',
			settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
			nodes: [
				{
					id: 'c0000000-0000-4000-8000-000000000001',
					name: 'Lead Capture',
					type: 'n8n-nodes-sales-funnel.leadCapture',
					typeVersion: 1,
					position: [0, 0],
					webhookId: 'a1b2c3d4-0000-4000-8000-00000000cafe',
					parameters: {
						authentication: 'sharedSecret',
						preset: 'auto',
						options: { maxBodyKb: 64 },
					},
					credentials: { leadCaptureSecretApi: { id: credential.id, name: 'Lead Capture secret' } },
				},
			],
			connections: {},
		});
		workflowId = String(workflow.id);
		await api('POST', `/workflows/${workflowId}/publish`, {}).catch(() =>
			api('POST', `/workflows/${workflowId}/activate`),
		);
	}, 30 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	async function post(
		body: NonNullable<Parameters<typeof fetch>[1]>['body'],
		headers: Record<string, string> = {},
		query = `?secret=${SECRET}`,
	): Promise<Response> {
		let response: Response | undefined;
		for (let attempt = 0; attempt < 20; attempt++) {
			response = await fetch(`${n8n.url}/webhook/${PATH}${query}`, {
				method: 'POST',
				body,
				headers,
			});
			if (response.status !== 404) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		return response!;
	}

	/** The outputs of Lead Capture in the newest execution, once it has finished. */
	async function lastOutputs(after: number): Promise<Array<Array<Record<string, unknown>>>> {
		for (let attempt = 0; attempt < 40; attempt++) {
			const list = await api(
				'GET',
				`/executions?workflowId=${workflowId}&includeData=true&limit=1`,
			);
			const [execution] = list.data as Array<{
				id: string;
				finished: boolean;
				data?: {
					resultData: {
						runData: Record<
							string,
							Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
						>;
					};
				};
			}>;
			if (execution && Number(execution.id) > after && execution.finished) {
				return execution.data!.resultData.runData['Lead Capture'][0].data.main.map((items) =>
					(items ?? []).map((i) => i.json),
				);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error('no execution finished');
	}

	async function executionCount(): Promise<number> {
		const list = await api('GET', `/executions?workflowId=${workflowId}&limit=250`);
		return (list.data as unknown[]).length;
	}

	async function newestExecutionId(): Promise<number> {
		const list = await api('GET', `/executions?workflowId=${workflowId}&limit=1`);
		const [execution] = list.data as Array<{ id: string }>;
		return execution ? Number(execution.id) : 0;
	}

	test('a Tilda POST (urlencoded, ?secret=) is answered at once and emits the canonical lead with UTM tags', async () => {
		const before = await newestExecutionId();
		const response = await post(new URLSearchParams(tildaForm));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, leads: 1, invalid: 0 });
		const [leads, invalid] = await lastOutputs(before);
		expect(invalid).toEqual([]);
		expect(leads).toEqual([
			expect.objectContaining({
				name: 'Иван Петров',
				phone: '+79161234567',
				email: 'ivan.petrov@mail.ru',
				externalId: '467251:8442970',
				utm: { source: 'yandex', medium: 'cpc', campaign: 'audit_spring', content: '', term: '' },
			}),
		]);
	});

	/**
	 * That the requests since `before` started no execution: a request that does start one is sent after them, and
	 * once its execution has finished it must be the only new one (n8n records an execution as its webhook request
	 * is taken, so one started by an earlier request would be listed by then). A condition, not a pause.
	 */
	async function expectNothingStartedSince(before: { count: number; newest: number }) {
		const marker = `Маркер ${before.newest}`;
		const response = await post(JSON.stringify({ name: marker, phone: '89031112233' }), {
			'content-type': 'application/json',
		});
		expect(response.status).toBe(200);
		const [leads] = await lastOutputs(before.newest);
		expect(leads).toEqual([expect.objectContaining({ name: marker })]);
		expect(await executionCount()).toBe(before.count + 1);
	}

	const executionsNow = async () => ({
		count: await executionCount(),
		newest: await newestExecutionId(),
	});

	test("Tilda's test=test gets 200 and starts no execution", async () => {
		const before = await executionsNow();
		const response = await post(new URLSearchParams({ test: 'test' }));
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true, test: 'Tilda' });
		await expectNothingStartedSince(before);
	});

	test('without the secret: 401, nothing started', async () => {
		const before = await executionsNow();
		const response = await post(new URLSearchParams(tildaForm), {}, '');
		expect(response.status).toBe(401);
		await expectNothingStartedSince(before);
	});

	test('the secret in a header works; an oversized body gets 413', async () => {
		const ok = await post(
			JSON.stringify({ name: 'Анна', phone: '89031112233' }),
			{ 'content-type': 'application/json', 'x-webhook-secret': SECRET },
			'',
		);
		expect(ok.status).toBe(200);
		const big = await post(
			JSON.stringify({ name: 'A', phone: '89031112233', message: 'x'.repeat(100 * 1024) }),
			{ 'content-type': 'application/json', 'x-webhook-secret': SECRET },
			'',
		);
		expect(big.status).toBe(413);
		expect(await big.text()).not.toContain('xxxx');
	});

	test("a multipart form (parsed by n8n's formidable) becomes a lead", async () => {
		const before = await newestExecutionId();
		const form = new FormData();
		form.append('Name', 'Пётр');
		form.append('Phone', '8 903 111-22-33');
		form.append('utm_source', 'vk');
		const response = await post(form);
		expect(response.status).toBe(200);
		const [leads] = await lastOutputs(before);
		expect(leads).toEqual([
			expect.objectContaining({
				name: 'Пётр',
				phone: '+79031112233',
				utm: expect.objectContaining({ source: 'vk' }),
			}),
		]);
	});

	test('a malformed plain-text body comes out on Invalid with the raw payload', async () => {
		const before = await newestExecutionId();
		const response = await post('{"Name": "Иван", "Phone": ', { 'content-type': 'text/plain' });
		expect(response.status).toBe(200);
		const [leads, invalid] = await lastOutputs(before);
		expect(leads).toEqual([]);
		expect(invalid).toEqual([
			expect.objectContaining({
				invalidReason: 'the body looks like JSON but is not valid JSON',
				raw: '{"Name": "Иван", "Phone": ',
			}),
		]);
	});

	test('malformed JSON sent as application/json is refused by n8n itself (422) before the node runs', async () => {
		const response = await post('{"Name": ', { 'content-type': 'application/json' });
		expect(response.status).toBe(422);
	});
});
