import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from './runWorkflow';

/** A probe node that uses the two kinds of durable state our nodes rely on. */
const stateProbe: INodeType = {
	description: {
		displayName: 'State Probe',
		name: 'stateProbe',
		group: ['transform'],
		version: 1,
		description: 'Counts runs in static data and filters keys seen before with n8n deduplication',
		defaults: { name: 'State Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['New', 'Seen'],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const data = this.getWorkflowStaticData('node');
		data.runs = ((data.runs as number) ?? 0) + 1;
		const keys = items.map((i) => String(i.json.key));
		const { new: fresh } = await this.helpers.checkProcessedAndRecord(keys, 'workflow', {
			mode: 'entries',
			maxEntries: 100,
		});
		const freshSet = new Set(fresh.map(String));
		const out: INodeExecutionData[][] = [[], []];
		items.forEach((item, i) =>
			out[freshSet.has(keys[i]) ? 0 : 1].push({
				json: { ...item.json, runs: data.runs },
				pairedItem: { item: i },
			}),
		);
		return out;
	},
};

const workflow: WorkflowJson = {
	id: 'harness-probe',
	name: 'Harness probe',
	nodes: [
		{
			id: 'p1',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'p2',
			name: 'Probe',
			type: 'test.stateProbe',
			typeVersion: 1,
			position: [200, 0],
			parameters: {},
		},
	],
	connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
};

describe('workflow harness', () => {
	test('registers our nodes under their real package type names', () => {
		const harness = new WorkflowHarness();
		const known = Object.keys(harness.nodeTypes.getKnownTypes());
		expect(known).toContain('n8n-nodes-sales-funnel.leadNormalize');
		expect(known.filter((k) => k.startsWith('CUSTOM.'))).toEqual([]);
	});

	test('carries static data from one execution to the next, as a server saves it', async () => {
		const harness = new WorkflowHarness({ extraNodeTypes: { 'test.stateProbe': stateProbe } });
		await harness.run(workflow, { trigger: { items: [{ key: 'a' }] } });
		const second = await harness.run(workflow, { trigger: { items: [{ key: 'b' }] } });
		expect(second.items('Probe', 0)).toEqual([{ key: 'b', runs: 2 }]);
		expect(harness.getStaticData('harness-probe')).toEqual({ 'node:Probe': { runs: 2 } });
	});

	test('does not save static data of manual executions, as a server does not, but keeps dedup history', async () => {
		const harness = new WorkflowHarness({ extraNodeTypes: { 'test.stateProbe': stateProbe } });
		// In manual mode n8n runs the trigger itself: the Manual Trigger emits one empty item.
		await harness.run(workflow, { mode: 'manual' });
		const next = await harness.run(workflow, { mode: 'manual' });
		// Static data starts afresh (runs: 1) while the deduplication store, a database table, remembers.
		expect(next.items('Probe', 1)).toEqual([{ runs: 1 }]);
		expect(harness.getStaticData('harness-probe')).toBeUndefined();
	});

	test('wires n8n deduplication helpers to a store that remembers keys across executions', async () => {
		const harness = new WorkflowHarness({ extraNodeTypes: { 'test.stateProbe': stateProbe } });
		const first = await harness.run(workflow, { trigger: { items: [{ key: 'a' }, { key: 'b' }] } });
		expect(first.outputs('Probe')).toEqual([
			[
				{ key: 'a', runs: 1 },
				{ key: 'b', runs: 1 },
			],
			[],
		]);
		const second = await harness.run(workflow, {
			trigger: { items: [{ key: 'b' }, { key: 'c' }] },
		});
		expect(second.outputs('Probe')).toEqual([[{ key: 'c', runs: 2 }], [{ key: 'b', runs: 2 }]]);
		expect(harness.deduplicator.size('harness-probe')).toBe(3);
	});

	test("reproduces n8n's quirk: repeats inside one batch are all reported new", async () => {
		const harness = new WorkflowHarness({ extraNodeTypes: { 'test.stateProbe': stateProbe } });
		const run = await harness.run(workflow, { trigger: { items: [{ key: 'x' }, { key: 'x' }] } });
		expect(run.items('Probe', 0)).toHaveLength(2);
	});
});

describe('credential tests', () => {
	const tokenCredential = {
		name: 'probeTokenApi',
		displayName: 'Probe Token API',
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string' as const, default: '' },
			{
				displayName: 'Token',
				name: 'token',
				type: 'string' as const,
				typeOptions: { password: true },
				default: '',
			},
		],
		authenticate: {
			type: 'generic' as const,
			properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
		},
		test: {
			request: { baseURL: '={{$credentials.url}}', url: '/me' },
			rules: [
				{
					type: 'responseCode' as const,
					properties: { value: 401, message: 'The token is wrong or expired' },
				},
			],
		},
	};
	let server: import('node:http').Server;
	let url: string;
	beforeAll(async () => {
		const http = await import('node:http');
		server = http.createServer((req, res) => {
			const ok = req.url === '/me' && req.headers.authorization === 'Bearer good';
			res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
			res.end(JSON.stringify(ok ? { id: 1 } : { error: 'unauthorized' }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	test('runs the test request with generic authentication resolved from the credential, like n8n', async () => {
		const harness = new WorkflowHarness({
			extraCredentialTypes: { probeTokenApi: tokenCredential },
		});
		expect(await harness.testCredential('probeTokenApi', { url, token: 'good' })).toEqual({
			status: 'OK',
			message: 'Connection tested successfully',
		});
		expect(await harness.testCredential('probeTokenApi', { url, token: 'bad' })).toEqual({
			status: 'Error',
			message: 'The token is wrong or expired',
		});
	});
});

describe('webhook triggers', () => {
	const probeTrigger: INodeType = {
		description: {
			displayName: 'Probe Trigger',
			name: 'probeTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Echoes a request',
			defaults: { name: 'Probe Trigger' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
			outputNames: ['Accepted', 'Refused'],
			webhooks: [
				{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'probe' },
			],
			properties: [],
		},
		webhookMethods: {
			default: {
				async checkExists(this) {
					return Boolean(this.getWorkflowStaticData('node').subscribed);
				},
				async create(this) {
					this.getWorkflowStaticData('node').subscribed = this.getNodeWebhookUrl('default');
					return true;
				},
				async delete(this) {
					delete this.getWorkflowStaticData('node').subscribed;
					return true;
				},
			},
		},
		async webhook(this) {
			const body = this.getBodyData() as { token?: string };
			if (body.token !== 'ok') {
				this.getResponseObject().status(401).json({ message: 'Unauthorized' });
				return { noWebhookResponse: true };
			}
			return { workflowData: [[{ json: { got: body } }], []] };
		},
	};
	const hookWorkflow: WorkflowJson = {
		id: 'hook-probe',
		nodes: [
			{
				id: 'h1',
				name: 'Hook',
				type: 'test.probeTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				webhookId: 'abc',
			},
			{
				id: 'h2',
				name: 'After',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
		],
		connections: { Hook: { main: [[{ node: 'After', type: 'main', index: 0 }]] } },
	};

	test("runs webhook() with the request and then the workflow from the trigger's outputs", async () => {
		const { callWebhook } = await import('./webhooks');
		const harness = new WorkflowHarness({ extraNodeTypes: { 'test.probeTrigger': probeTrigger } });
		const ok = await callWebhook(harness, hookWorkflow, 'Hook', { body: { token: 'ok', a: 1 } });
		// What n8n 2.40 really sends for an onReceived webhook whose description has no responseData (seen in a
		// real n8n by test/e2e/leadCapture.realN8n.test.ts): the default "firstEntryJson", as text.
		expect(ok.response).toEqual({ status: 200, headers: {}, body: 'firstEntryJson' });
		expect(ok.run?.items('After')).toEqual([{ got: { token: 'ok', a: 1 } }]);
		const refused = await callWebhook(harness, hookWorkflow, 'Hook', { body: { token: 'no' } });
		expect(refused.response.status).toBe(401);
		expect(refused.run).toBeUndefined();
	});

	test('subscribes on activation, remembers it in static data, and unsubscribes', async () => {
		const { runWebhookLifecycle } = await import('./webhooks');
		const harness = new WorkflowHarness({ extraNodeTypes: { 'test.probeTrigger': probeTrigger } });
		const first = await runWebhookLifecycle(harness, hookWorkflow, 'Hook', 'activate');
		expect(first).toMatchObject({ existed: false, created: true });
		expect(first.webhookUrl).toBe('http://127.0.0.1:5678/webhook/abc/probe');
		expect(await runWebhookLifecycle(harness, hookWorkflow, 'Hook', 'activate')).toMatchObject({
			existed: true,
			created: false,
		});
		expect(await runWebhookLifecycle(harness, hookWorkflow, 'Hook', 'deactivate')).toMatchObject({
			deleted: true,
		});
		expect(harness.getStaticData('hook-probe')).toEqual({ 'node:Hook': {} });
	});
});

describe('n8n-nodes-base nodes in the harness', () => {
	test('runs real n8n nodes (Set, If) next to ours', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(
			{
				id: 'base-nodes',
				nodes: [
					{
						id: 'b1',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'b2',
						name: 'Set phone',
						type: 'n8n-nodes-base.set',
						typeVersion: 3.4,
						position: [200, 0],
						parameters: {
							assignments: {
								assignments: [
									{ id: 'a1', name: 'phone', value: '={{ $json.raw }}', type: 'string' },
								],
							},
							options: {},
						},
					},
					{
						id: 'b3',
						name: 'Normalize',
						type: 'n8n-nodes-sales-funnel.leadNormalize',
						typeVersion: 1,
						position: [400, 0],
						parameters: { mappingMode: 'auto', options: {} },
					},
				],
				connections: {
					Start: { main: [[{ node: 'Set phone', type: 'main', index: 0 }]] },
					'Set phone': { main: [[{ node: 'Normalize', type: 'main', index: 0 }]] },
				},
			},
			{ trigger: { items: [{ raw: '8 916 123-45-67' }] } },
		);
		expect(result.status).toBe('success');
		expect(result.items('Normalize', 0)).toEqual([
			expect.objectContaining({ phone: '+79161234567' }),
		]);
	});
});
