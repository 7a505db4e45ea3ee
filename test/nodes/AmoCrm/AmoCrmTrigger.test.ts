import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WorkflowJson } from '../../harness/runWorkflow';
import { callWebhook, runWebhookLifecycle, type WebhookCall } from '../../harness/webhooks';
import { amoWorld, type AmoWorld } from './helpers';

const TRIGGER = 'amoCRM Trigger';

function triggerWorkflow(events: string[]): WorkflowJson {
	return {
		id: 'amo-trigger-test',
		name: 'amoCRM trigger test',
		nodes: [
			{
				id: 'tr',
				name: TRIGGER,
				type: 'n8n-nodes-sales-funnel.amoCrmTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: '7f3c2a1e-0000-4000-8000-00000000a001',
				parameters: { events },
				credentials: { amoCrmApi: { id: 'amo-cred', name: 'amoCRM sandbox' } },
			},
			{
				id: 'n',
				name: 'Next',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
	};
}

/** Stands in for n8n's webhook server: takes amoCRM's real HTTP delivery and hands it to the trigger node. */
async function relay(world: AmoWorld, workflow: WorkflowJson) {
	const calls: WebhookCall[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const raw = Buffer.concat(chunks);
			const url = new URL(req.url ?? '/', 'http://relay');
			const call = await callWebhook(world.harness, workflow, TRIGGER, {
				method: 'POST',
				headers: { 'content-type': String(req.headers['content-type']) },
				query: Object.fromEntries(url.searchParams.entries()),
				// n8n's urlencoded parser leaves bracket keys flat; the raw bytes are there too.
				body: Object.fromEntries(new URLSearchParams(raw.toString('utf8')).entries()),
				rawBody: raw,
			});
			calls.push(call);
			res.writeHead(call.response.status).end(JSON.stringify(call.response.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
	return {
		calls,
		url,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

describe('amoCRM Trigger', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	test('subscribes on activation with a secret in the URL, once, and unsubscribes on deactivation', async () => {
		const workflow = triggerWorkflow(['add_lead', 'status_lead']);
		const first = await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'activate');
		expect(first).toMatchObject({ existed: false, created: true });
		const { webhooks } = await world.api.state();
		expect(webhooks).toHaveLength(1);
		expect(webhooks[0].destination).toMatch(
			new RegExp(`^${first.webhookUrl.replace(/[/.?]/g, '\\$&')}\\?n8n_secret=[0-9a-f]{48}$`),
		);
		expect(webhooks[0].settings.sort()).toEqual(['add_lead', 'status_lead']);
		const again = await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'activate');
		expect(again).toMatchObject({ existed: true, created: false });
		const changed = await runWebhookLifecycle(
			world.harness,
			triggerWorkflow(['add_lead', 'status_lead', 'responsible_lead']),
			TRIGGER,
			'activate',
		);
		expect(changed).toMatchObject({ existed: false, created: true });
		const after = (await world.api.state()).webhooks;
		expect(after).toHaveLength(1);
		expect(after[0].settings).toContain('responsible_lead');
		await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'deactivate');
		expect((await world.api.state()).webhooks).toHaveLength(0);
	});

	test("a stage change made in amoCRM arrives through the emulator's webhook delivery as a clean v4 item", async () => {
		const workflow = triggerWorkflow(['status_lead', 'note_lead']);
		await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'activate');
		const secret = String(
			(world.harness.getStaticData(workflow.id!)![`node:${TRIGGER}`] as { secret: string }).secret,
		);
		const receiver = await relay(world, workflow);
		// The relay answers after the whole test workflow ran (n8n itself answers at once): give it time.
		// The lifecycle's own subscription points at n8n's URL, where nothing listens here: no retries to it.
		await world.api.control('POST', '/webhooks', { timeoutMs: 20_000, retryDelaysMs: [] });
		try {
			await world.api.post('/api/v4/webhooks', {
				destination: `${receiver.url}?n8n_secret=${secret}`,
				settings: ['status_lead', 'note_lead'],
			});
			await world.api.patch(
				'/api/v4/leads',
				[30_000_001, 30_000_003].map((id) => ({ id, status_id: 58_200_005 })),
			);
			await world.api.post('/api/v4/leads/30000001/notes', [
				{
					note_type: 'call_out',
					params: {
						uniq: 'c1',
						duration: 42,
						source: 'onlinePBX',
						phone: '+79161110001',
						call_status: 4,
					},
				},
			]);
			await world.api.control('GET', '/webhooks');
			expect(receiver.calls).toHaveLength(2);
			const [moves, note] = receiver.calls;
			expect(moves.response.status).toBe(200);
			const items = moves.run!.items('Next');
			expect(items.map((i) => [i.event, i.id, i.status_id, i.old_status_id])).toEqual([
				['lead.stage_changed', 30_000_001, 58_200_005, 58_200_004],
				['lead.stage_changed', 30_000_003, 58_200_005, 58_200_006],
			]);
			expect(items[0]).toMatchObject({
				pipeline_id: 7_100_002,
				responsible_user_id: 1_000_002,
				account: { subdomain: 'salesfunnel' },
				tags: [{ name: 'Наталья' }, { name: 'вебинар' }],
			});
			expect(items[0]).not.toHaveProperty('last_modified');
			expect(note.run!.items('Next')[0]).toMatchObject({
				event: 'lead.note_added',
				note_type: 'call_out',
				entity_id: 30_000_001,
				params: { call_status: 4, duration: 42 },
			});
		} finally {
			await receiver.close();
		}
	});

	test('a delivery without the right secret is refused and starts nothing', async () => {
		const workflow = triggerWorkflow(['add_lead']);
		await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'activate');
		const call = await callWebhook(world.harness, workflow, TRIGGER, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			query: { n8n_secret: 'guessed' },
			body: { 'leads[add][0][id]': '1' },
			rawBody: Buffer.from('leads%5Badd%5D%5B0%5D%5Bid%5D=1'),
		});
		expect(call.response.status).toBe(401);
		expect(call.workflowData).toBeUndefined();
		expect(call.run).toBeUndefined();
	});

	test.each<[string, (secret: string) => unknown]>([
		['a same-length secret with a 2-byte character', (secret) => `${secret.slice(0, -1)}я`],
		['a longer secret', (secret) => `${secret}0`],
		['the secret twice', (secret) => [secret, secret]],
		['no secret', () => undefined],
	])('%s is refused with 401 before the body is read, whatever the body', async (_what, given) => {
		const workflow = triggerWorkflow(['add_lead']);
		await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'activate');
		const secret = String(
			(world.harness.getStaticData(workflow.id!)![`node:${TRIGGER}`] as { secret: string }).secret,
		);
		const value = given(secret);
		const deep = `leads${'[a]'.repeat(5000)}=1`;
		const call = await callWebhook(world.harness, workflow, TRIGGER, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			query: value === undefined ? {} : { n8n_secret: value as string },
			body: null,
			rawBody: Buffer.from(deep),
		});
		expect(call.response.status).toBe(401);
		expect(call.workflowData).toBeUndefined();
	});

	test('an authenticated delivery with a key nested thousands of levels deep gives its events, the cut named', async () => {
		const workflow = triggerWorkflow(['add_lead']);
		await runWebhookLifecycle(world.harness, workflow, TRIGGER, 'activate');
		const secret = String(
			(world.harness.getStaticData(workflow.id!)![`node:${TRIGGER}`] as { secret: string }).secret,
		);
		const raw = `leads%5Badd%5D%5B0%5D%5Bid%5D=5&leads%5Badd%5D%5B0%5D%5Bextra%5D${'%5Ba%5D'.repeat(5000)}=x`;
		const call = await callWebhook(world.harness, workflow, TRIGGER, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			query: { n8n_secret: secret },
			body: Object.fromEntries(new URLSearchParams(raw).entries()),
			rawBody: Buffer.from(raw),
		});
		expect(call.response.status).toBe(200);
		const [item] = call.run!.items('Next');
		expect(item).toMatchObject({ event: 'lead.added', id: 5 });
		expect(item.warnings).toEqual([expect.stringMatching(/nests deeper than 32 levels/)]);
		expect(() => structuredClone(item)).not.toThrow();
	});
});
