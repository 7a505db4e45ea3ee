import http from 'node:http';
import { parse } from 'node:querystring';

import { start, type RunningEmulator } from '../../emulators/bitrix24';
import { callJson, controlCall } from '../../emulators/bitrix24/testClient';
import { callWebhook, runWebhookLifecycle, type WebhookCall } from '../../harness/webhooks';
import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { applicationTokenFormat } from '../../../nodes/Bitrix24/trigger/tokenTest';

const TOKEN = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6';

function workflow(parameters: Record<string, unknown>): WorkflowJson {
	return {
		id: 'bitrix24-trigger',
		nodes: [
			{
				id: 't1',
				name: 'Bitrix24 Trigger',
				type: 'n8n-nodes-sales-funnel.bitrix24Trigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: 'b24-hook',
				parameters: {
					events: ['ONCRMLEADADD', 'ONCRMLEADUPDATE', 'ONCRMDEALDELETE'],
					...parameters,
				},
				credentials: {
					bitrix24OutgoingWebhookApi: { id: 'tok', name: 'Token' },
					bitrix24WebhookApi: { id: 'b24', name: 'Bitrix24' },
				},
			},
			{
				id: 't2',
				name: 'After',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
		],
		connections: { 'Bitrix24 Trigger': { main: [[{ node: 'After', type: 'main', index: 0 }]] } },
	};
}

describe('Bitrix24 Trigger', () => {
	let emu: RunningEmulator;
	let harness: WorkflowHarness;
	let receiver: http.Server;
	let handler: string;
	let flow: WorkflowJson;
	const calls: WebhookCall[] = [];

	beforeAll(async () => {
		emu = await start({ limits: false });
		harness = new WorkflowHarness();
		harness.setCredentials('bitrix24OutgoingWebhookApi', { applicationToken: TOKEN }, 'tok');
		harness.setCredentials(
			'bitrix24WebhookApi',
			{ environment: 'sandbox', webhookUrl: emu.webhook },
			'b24',
		);
		// A stand-in for n8n's webhook server: Node's querystring like n8n's body parser, then the node.
		receiver = http.createServer((req, res) => {
			let text = '';
			req.on('data', (c) => (text += c));
			req.on('end', async () => {
				const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
					method: 'POST',
					headers: { 'content-type': String(req.headers['content-type']) },
					body: parse(text),
					rawBody: Buffer.from(text),
				});
				calls.push(call);
				res.writeHead(call.response.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(call.response.body ?? ''));
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		handler = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/webhook/b24-hook/bitrix24`;
	});
	afterAll(async () => {
		await emu.close();
		await new Promise((resolve) => receiver.close(resolve));
	});
	beforeEach(async () => {
		calls.length = 0;
		await controlCall(emu.url, 'POST', 'reset');
	});

	const deliver = async () => {
		await controlCall(emu.url, 'POST', 'events/flush');
		return (await controlCall(emu.url, 'GET', 'events')).body.deliveries as Array<{
			status: number;
			event: string;
		}>;
	};

	test('turns an event the emulator delivers into one item, with the full lead fetched after answering', async () => {
		flow = workflow({ fetchRecord: true });
		await controlCall(emu.url, 'POST', 'outgoing-webhooks', {
			handler,
			events: ['ONCRMLEADADD'],
			applicationToken: TOKEN,
		});
		const id = (
			await callJson(emu.webhook, 'crm.lead.add', {
				fields: { TITLE: 'Из формы', NAME: 'Анжелика' },
			})
		).body.result;
		const deliveries = await deliver();
		expect(deliveries).toEqual([expect.objectContaining({ event: 'ONCRMLEADADD', status: 200 })]);
		expect(calls).toHaveLength(1);
		const [item] = calls[0].run!.items('After');
		expect(item).toMatchObject({
			event: 'ONCRMLEADADD',
			entity: 'lead',
			action: 'add',
			id: String(id),
			fields: { ID: String(id) },
			portal: 'sales-funnel.bitrix24.ru',
			record: { ID: String(id), TITLE: 'Из формы', NAME: 'Анжелика' },
		});
		expect(calls[0].response).toMatchObject({ status: 200, body: { ok: true } });
	});

	test('refuses an event with a wrong token: 401, and nothing runs', async () => {
		flow = workflow({});
		await controlCall(emu.url, 'POST', 'outgoing-webhooks', {
			handler,
			events: ['ONCRMLEADADD'],
			applicationToken: 'x'.repeat(32),
		});
		await callJson(emu.webhook, 'crm.lead.add', { fields: { TITLE: 'Forged?' } });
		const deliveries = await deliver();
		expect(deliveries[0].status).toBe(401);
		expect(calls[0].workflowData).toBeUndefined();
		expect(calls[0].run).toBeUndefined();
	});

	test('refuses a request without any token', async () => {
		flow = workflow({});
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			body: { event: 'ONCRMLEADADD', 'data[FIELDS][ID]': '1' },
		});
		expect(call.response.status).toBe(401);
		expect(call.workflowData).toBeUndefined();
	});

	test('acknowledges events it was not asked for, without running', async () => {
		flow = workflow({ events: ['ONCRMDEALADD'] });
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			body: { event: 'ONCRMLEADADD', 'data[FIELDS][ID]': '5', 'auth[application_token]': TOKEN },
		});
		expect(call.response).toEqual(
			expect.objectContaining({ status: 200, body: { ignored: 'ONCRMLEADADD' } }),
		);
		expect(call.workflowData).toBeUndefined();
	});

	test('emits delete events without fetching, and keeps the event time', async () => {
		flow = workflow({ fetchRecord: true });
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			body: {
				event: 'ONCRMDEALDELETE',
				'data[FIELDS][ID]': '77',
				ts: '1742807175',
				'auth[application_token]': TOKEN,
			},
		});
		expect(call.run!.items('After')).toEqual([
			expect.objectContaining({
				entity: 'deal',
				action: 'delete',
				id: '77',
				eventTime: '2025-03-24T09:06:15.000Z',
			}),
		]);
		expect(call.run!.items('After')[0]).not.toHaveProperty('record');
	});

	test('a record that cannot be read still gives the event, with the reason', async () => {
		flow = workflow({ fetchRecord: true });
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			body: {
				event: 'ONCRMLEADUPDATE',
				'data[FIELDS][ID]': '999999',
				'auth[application_token]': TOKEN,
			},
		});
		expect(call.run!.items('After')[0]).toMatchObject({
			id: '999999',
			record: null,
			fetchError: 'Bitrix24 crm.lead.get: Not found',
		});
	});

	test("can drop updates the workflow made itself (records last changed by the webhook's user)", async () => {
		flow = workflow({ fetchRecord: true, ignoreOwnChanges: true });
		const lead = [...emu.emulator.state.entities.LEAD.values()].find((l) => l.MODIFY_BY_ID !== 1)!;
		const before = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			body: {
				event: 'ONCRMLEADUPDATE',
				'data[FIELDS][ID]': String(lead.ID),
				'auth[application_token]': TOKEN,
			},
		});
		expect(before.workflowData).toBeDefined();
		await callJson(emu.webhook, 'crm.lead.update', {
			id: lead.ID,
			fields: { COMMENTS: 'written by the workflow' },
		});
		const own = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			body: {
				event: 'ONCRMLEADUPDATE',
				'data[FIELDS][ID]': String(lead.ID),
				'auth[application_token]': TOKEN,
			},
		});
		expect(own.workflowData).toBeUndefined();
	});

	test('reads nested JSON bodies as well as flat form keys', async () => {
		flow = workflow({});
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			headers: { 'content-type': 'application/json' },
			body: {
				event: 'onCrmLeadAdd',
				data: { FIELDS: { ID: 12 } },
				auth: { application_token: TOKEN },
			},
		});
		expect(call.run!.items('After')[0]).toMatchObject({ event: 'ONCRMLEADADD', id: '12' });
	});

	test("the token credential test checks the token's form and says it cannot do more", async () => {
		const test = (token: string) =>
			applicationTokenFormat.call({} as never, {
				id: '1',
				name: 't',
				type: 'bitrix24OutgoingWebhookApi',
				data: { applicationToken: token },
			});
		expect(await test(TOKEN)).toMatchObject({ status: 'OK' });
		expect(await test('')).toMatchObject({ status: 'Error' });
		expect(await test('has spaces in it 123')).toMatchObject({ status: 'Error' });
	});

	test.each<[string, unknown]>([
		['no body', undefined],
		['a JSON null', null],
		['a number', 42],
		['plain text', 'auth[application_token]=x'],
		['a list', [{ auth: { application_token: TOKEN } }]],
		[
			'a bracket key 5,000 levels deep',
			{ [`data${'[a]'.repeat(5000)}`]: '1', event: 'ONCRMLEADADD' },
		],
		['a repeated token key', { 'auth[application_token]': [TOKEN, TOKEN] }],
		[
			'a same-length token with a 2-byte character',
			{ 'auth[application_token]': `${TOKEN.slice(0, -1)}я` },
		],
	])('without the right token, %s gets 401 and starts nothing', async (_what, body) => {
		flow = workflow({});
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body,
		});
		expect(call.response.status).toBe(401);
		expect(call.workflowData).toBeUndefined();
		expect(JSON.stringify(call.response.body)).not.toContain(TOKEN);
	});

	test('an authenticated event with a key nested thousands of levels deep still comes out, the cut named', async () => {
		flow = workflow({});
		const key = `data[FIELDS][EXTRA]${'[a]'.repeat(5000)}`;
		const call = await callWebhook(harness, flow, 'Bitrix24 Trigger', {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: {
				event: 'ONCRMLEADADD',
				'data[FIELDS][ID]': '77',
				[key]: 'deep',
				'auth[application_token]': TOKEN,
			},
		});
		expect(call.response.status).toBe(200);
		const [item] = call.run!.items('After');
		expect(item).toMatchObject({ event: 'ONCRMLEADADD', id: '77' });
		expect(item.warnings).toEqual([
			expect.stringMatching(/^the key "data\[FIELDS\]\[EXTRA\]\[a\].*nests deeper than 32 levels/),
		]);
		expect(() => structuredClone(item)).not.toThrow();
	});

	test('publishing registers nothing in Bitrix24 and refuses an empty application token', async () => {
		flow = workflow({ fetchRecord: true });
		expect(await runWebhookLifecycle(harness, flow, 'Bitrix24 Trigger', 'activate')).toMatchObject({
			existed: false,
			created: true,
		});
		expect(
			await runWebhookLifecycle(harness, flow, 'Bitrix24 Trigger', 'deactivate'),
		).toMatchObject({
			deleted: true,
		});
		harness.setCredentials('bitrix24OutgoingWebhookApi', { applicationToken: ' ' }, 'tok');
		try {
			await expect(
				runWebhookLifecycle(harness, flow, 'Bitrix24 Trigger', 'activate'),
			).rejects.toThrow('The application token is empty');
		} finally {
			harness.setCredentials('bitrix24OutgoingWebhookApi', { applicationToken: TOKEN }, 'tok');
		}
		harness.setCredentials(
			'bitrix24WebhookApi',
			{ environment: 'portal', webhookUrl: 'http://x/' },
			'b24',
		);
		try {
			await expect(
				runWebhookLifecycle(harness, flow, 'Bitrix24 Trigger', 'activate'),
			).rejects.toThrow('The Bitrix24 webhook URL in the credential is not valid');
		} finally {
			harness.setCredentials(
				'bitrix24WebhookApi',
				{ environment: 'sandbox', webhookUrl: emu.webhook },
				'b24',
			);
		}
	});
});
