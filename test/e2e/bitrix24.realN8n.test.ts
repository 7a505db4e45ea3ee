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
import { start, type RunningEmulator } from '../emulators/bitrix24';
import { callJson, controlCall } from '../emulators/bitrix24/testClient';

const TOKEN = 'e2e0token0for0the0bitrix24trigger';

/**
 * The packed package in a real n8n 2.x against the Bitrix24 emulator: credentials created through the public API,
 * the Bitrix24 node writing leads, and the Bitrix24 Trigger receiving the emulator's outgoing event through n8n's own
 * webhook server and body parser.
 */
describe('real n8n: Bitrix24 node and trigger against the emulator', () => {
	let n8n: RunningN8n;
	let emu: RunningEmulator;
	let userFolder: string;
	let api: (method: string, pathname: string, body?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	let session: N8nSession;

	beforeAll(async () => {
		emu = await start({ limits: false });
		const install = await ensureN8n();
		const tarball = await packPackage();
		userFolder = mkdtempSync(path.join(tmpdir(), 'sales-funnel-b24-'));
		await installPackageLikeCommunityNodes(userFolder, tarball);
		n8n = await startN8n(install, { userFolder });
		session = await N8nSession.owner(n8n.url);
		const apiKey = await session.createApiKey('bitrix24-e2e');
		api = async (method, pathname, body) => {
			const res = await fetch(`${n8n.url}/api/v1${pathname}`, {
				method,
				headers: { 'x-n8n-api-key': apiKey, 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			if (!res.ok) throw new Error(`${method} ${pathname} → ${res.status}: ${text}`);
			return text ? JSON.parse(text) : undefined;
		};
	}, 30 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await emu?.close();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	async function publish(workflow: Record<string, unknown>) {
		const created = await api('POST', '/workflows', {
			settings: { executionOrder: 'v1' },
			...workflow,
		});
		await api('POST', `/workflows/${created.id}/publish`, {}).catch(() =>
			api('POST', `/workflows/${created.id}/activate`),
		);
		return created;
	}

	async function post(url: string, body: unknown) {
		for (let attempt = 0; ; attempt++) {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			if (response.status !== 404 || attempt >= 20) return response;
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	test("n8n's credential tester accepts the sandbox webhook and explains a wrong one", async () => {
		const stored = await api('POST', '/credentials', {
			name: 'Bitrix24 to test',
			type: 'bitrix24WebhookApi',
			data: { environment: 'sandbox', webhookUrl: emu.webhook },
		});
		// The editor's "Retest": the stored credential with the data as edited in the form.
		const check = (data: Record<string, string>) =>
			session.request<{ data: { status: string; message: string } }>(
				'POST',
				'/rest/credentials/test',
				{ credentials: { id: stored.id, name: stored.name, type: 'bitrix24WebhookApi', data } },
			);
		expect((await check({ environment: 'sandbox', webhookUrl: emu.webhook })).data.status).toBe(
			'OK',
		);
		const wrong = await check({
			environment: 'sandbox',
			webhookUrl: emu.webhook.replace(/\/rest\/1\/[^/]+\//, '/rest/1/wrongsecret12345/'),
		});
		expect(wrong.data).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('does not know this webhook'),
		});
		const insecure = await check({ environment: 'portal', webhookUrl: emu.webhook });
		expect(insecure.data).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('only https://'),
		});
	});

	test(
		"creates leads through the inbound webhook credential and triggers on the portal's event",
		async () => {
			const portal = await api('POST', '/credentials', {
				name: 'Bitrix24 sandbox',
				type: 'bitrix24WebhookApi',
				data: { environment: 'sandbox', webhookUrl: emu.webhook },
			});
			const token = await api('POST', '/credentials', {
				name: 'Bitrix24 events',
				type: 'bitrix24OutgoingWebhookApi',
				data: { applicationToken: TOKEN },
			});

			await publish({
				name: 'E2E: form to Bitrix24 lead',
				nodes: [
					{
						id: 'c0000000-0000-4000-8000-000000000001',
						name: 'Form',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: 'c0000000-0000-4000-8000-0000000000a1',
						parameters: {
							httpMethod: 'POST',
							path: 'b24-lead',
							responseMode: 'lastNode',
							responseData: 'allEntries',
							options: {},
						},
					},
					{
						id: 'c0000000-0000-4000-8000-000000000002',
						name: 'Create lead',
						type: 'n8n-nodes-sales-funnel.bitrix24',
						typeVersion: 1,
						position: [220, 0],
						parameters: {
							resource: 'lead',
							operation: 'create',
							title: '={{ "E2E " + $json.body.name }}',
							name: '={{ $json.body.name }}',
							phone: '={{ $json.body.phone }}',
							stage: 'Взят в обработку',
							tags: ['A'],
							additionalFields: {},
						},
						credentials: { bitrix24WebhookApi: { id: portal.id, name: portal.name } },
					},
				],
				connections: { Form: { main: [[{ node: 'Create lead', type: 'main', index: 0 }]] } },
			});
			const response = await post(`${n8n.url}/webhook/b24-lead`, {
				name: 'Анжелика',
				phone: '8 (916) 123-45-67',
			});
			expect(response.status).toBe(200);
			const [lead] = (await response.json()) as Array<{ id: string }>;
			expect(emu.emulator.state.entities.LEAD.get(Number(lead.id))).toMatchObject({
				TITLE: 'E2E Анжелика',
				STATUS_ID: 'IN_PROCESS',
				PHONE: [expect.objectContaining({ VALUE: '+79161234567' })],
			});

			const trigger = await publish({
				name: 'E2E: Bitrix24 events',
				nodes: [
					{
						id: 'c0000000-0000-4000-8000-000000000003',
						name: 'Bitrix24 Trigger',
						type: 'n8n-nodes-sales-funnel.bitrix24Trigger',
						typeVersion: 1,
						position: [0, 0],
						webhookId: 'c0000000-0000-4000-8000-0000000000b1',
						parameters: { events: ['ONCRMLEADADD'], fetchRecord: true },
						credentials: {
							bitrix24OutgoingWebhookApi: { id: token.id, name: token.name },
							bitrix24WebhookApi: { id: portal.id, name: portal.name },
						},
					},
				],
				connections: {},
			});
			const handler = `${n8n.url}/webhook/c0000000-0000-4000-8000-0000000000b1/bitrix24`;
			// A forged event (no token) is refused by the node inside n8n.
			expect(
				(await post(handler, { event: 'ONCRMLEADADD', data: { FIELDS: { ID: 1 } } })).status,
			).toBe(401);

			await controlCall(emu.url, 'POST', 'outgoing-webhooks', {
				handler,
				events: ['ONCRMLEADADD'],
				applicationToken: TOKEN,
			});
			const id = (
				await callJson(emu.webhook, 'crm.lead.add', {
					fields: { TITLE: 'Событие из портала', NAME: 'Мария' },
				})
			).body.result;
			await controlCall(emu.url, 'POST', 'events/flush');
			const deliveries = (await controlCall(emu.url, 'GET', 'events')).body.deliveries as Array<{
				status: number;
			}>;
			expect(deliveries.at(-1)?.status).toBe(200);

			let item: Record<string, unknown> | undefined;
			for (let attempt = 0; attempt < 40 && !item; attempt++) {
				const executions = await api(
					'GET',
					`/executions?workflowId=${trigger.id}&includeData=true`,
				);
				const done = (
					executions.data as Array<{
						status: string;
						data?: {
							resultData?: {
								runData?: Record<
									string,
									Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
								>;
							};
						};
					}>
				).find((e) => e.status === 'success');
				item = done?.data?.resultData?.runData?.['Bitrix24 Trigger']?.[0]?.data.main[0][0]?.json;
				if (!item) await new Promise((r) => setTimeout(r, 500));
			}
			expect(item).toMatchObject({
				event: 'ONCRMLEADADD',
				entity: 'lead',
				id: String(id),
				record: { ID: String(id), TITLE: 'Событие из портала', NAME: 'Мария' },
			});
		},
		5 * 60_000,
	);
});
