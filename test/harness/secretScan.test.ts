import {
	NodeApiError,
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeType,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from './runWorkflow';
import { credentialSecrets } from './secretScan';
import { callWebhook } from './webhooks';

/**
 * The harness scans every run for the credentials set on it, so every node test in the repository is also a
 * secret-leak test. These pin that the scan really fails a run, wherever the value hides.
 */
type Leak = 'none' | 'output' | 'error-description' | 'webhook-segment';

function leakyNode(): INodeType {
	return {
		description: {
			displayName: 'Leaky',
			name: 'leaky',
			group: ['transform'],
			version: 1,
			description: 'Puts a credential where it must never be',
			defaults: { name: 'Leaky' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [
				{ name: 'amoCrmApi', required: false },
				{ name: 'bitrix24WebhookApi', required: false },
			],
			properties: [{ displayName: 'Leak', name: 'leak', type: 'string', default: 'none' }],
		},
		async execute(this: IExecuteFunctions) {
			const leak = this.getNodeParameter('leak', 0) as Leak;
			if (leak === 'webhook-segment') {
				const { webhookUrl } = await this.getCredentials('bitrix24WebhookApi');
				const secret = String(webhookUrl).split('/').filter(Boolean).pop();
				return [[{ json: { calledMethod: `rest/1/${secret}/crm.deal.add` } }]];
			}
			const { accessToken } = await this.getCredentials('amoCrmApi');
			if (leak === 'output')
				return [
					[{ json: { debug: { headers: { Authorization: `Bearer ${String(accessToken)}` } } } }],
				];
			if (leak === 'error-description') {
				throw new NodeApiError(
					this.getNode(),
					{ message: 'refused' },
					{
						message: 'amoCRM refused the request',
						description: `token ${String(accessToken)} was refused`,
					},
				);
			}
			return [[{ json: { ok: true } }]];
		},
	};
}

function workflow(leak: Leak): WorkflowJson {
	return {
		id: `leak-${leak}`,
		nodes: [
			{
				id: 's',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'l',
				name: 'Leaky',
				type: 'test.leaky',
				typeVersion: 1,
				position: [200, 0],
				parameters: { leak },
				credentials: {
					amoCrmApi: { id: 'amo', name: 'amo' },
					bitrix24WebhookApi: { id: 'b24', name: 'b24' },
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Leaky', type: 'main', index: 0 }]] } },
	};
}

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl';
const WEBHOOK_SECRET = 'k3yq9zr82mpl4t0x';

function harness() {
	return new WorkflowHarness({ extraNodeTypes: { 'test.leaky': leakyNode() } })
		.setCredentials(
			'amoCrmApi',
			{
				zone: 'sandbox',
				sandboxUrl: 'http://127.0.0.1:1',
				accessToken: TOKEN,
				requestsPerSecond: 7,
			},
			'amo',
		)
		.setCredentials(
			'bitrix24WebhookApi',
			{ environment: 'sandbox', webhookUrl: `http://127.0.0.1:1/rest/1/${WEBHOOK_SECRET}/` },
			'b24',
		);
}

describe('secret-leak scan of every harness run', () => {
	test('a clean run passes', async () => {
		const result = await harness().run(workflow('none'));
		expect(result.items('Leaky')).toEqual([{ ok: true }]);
	});

	test('a token in an output item fails the run, naming the node and the field but not the value', async () => {
		const failure = await harness()
			.run(workflow('output'))
			.catch((e: Error) => e);
		expect(failure).toBeInstanceOf(Error);
		expect((failure as Error).message).toContain('amoCrmApi.accessToken');
		expect((failure as Error).message).toContain('Leaky');
		expect((failure as Error).message).not.toContain(TOKEN);
	});

	test("a token in an error's description fails the run", async () => {
		await expect(harness().run(workflow('error-description'))).rejects.toThrow(
			/Secret leak: amoCrmApi\.accessToken/,
		);
	});

	test('the secret part of a Bitrix24 webhook URL is found even without the rest of the URL', async () => {
		await expect(harness().run(workflow('webhook-segment'))).rejects.toThrow(
			/bitrix24WebhookApi\.webhookUrl \(path segment\)/,
		);
	});

	test('pinned data holding a secret fails the run', async () => {
		const pinned = { ...workflow('none'), pinData: { Start: [{ json: { token: TOKEN } }] } };
		await expect(harness().run(pinned)).rejects.toThrow(/Secret leak/);
	});

	test('a webhook answer that echoes the secret fails the call', async () => {
		const echo: INodeType = {
			description: {
				displayName: 'Echo',
				name: 'echo',
				group: ['trigger'],
				version: 1,
				description: 'Answers with the query',
				defaults: { name: 'Echo' },
				inputs: [],
				outputs: [NodeConnectionTypes.Main],
				webhooks: [
					{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'echo' },
				],
				properties: [],
			},
			async webhook(this: IWebhookFunctions) {
				return { webhookResponse: { youSent: this.getQueryData() } };
			},
		};
		const h = new WorkflowHarness({ extraNodeTypes: { 'test.echo': echo } }).setCredentials(
			'leadCaptureSecretApi',
			{ secret: 'shared-secret-0123456789' },
		);
		const flow: WorkflowJson = {
			id: 'echo',
			nodes: [
				{
					id: 'e',
					name: 'Echo',
					type: 'test.echo',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {},
		};
		await expect(
			callWebhook(h, flow, 'Echo', { query: { secret: 'shared-secret-0123456789' } }),
		).rejects.toThrow(/leadCaptureSecretApi\.secret/);
	});

	test('what counts as a secret: password fields, token data, key-like URL segments; not zones, hosts or short values', () => {
		const h = harness();
		const amo = h.credentialTypes.getByName('amoCrmApi');
		const secrets = credentialSecrets(
			'amoCrmApi',
			{
				zone: 'sandbox',
				sandboxUrl: 'http://127.0.0.1:3101',
				accessToken: TOKEN,
				requestsPerSecond: 7,
			},
			[amo],
		);
		expect(secrets.map((s) => s.label)).toEqual(['amoCrmApi.accessToken']);
		const oauth = credentialSecrets(
			'amoCrmOAuth2Api',
			{
				clientId: 'c0ffee00-0000',
				clientSecret: 'emulator-client-secret',
				oauthTokenData: {
					access_token: 'access-token-value',
					refresh_token: 'refresh-token-value',
					expires_in: 86400,
				},
			},
			[h.credentialTypes.getByName('amoCrmOAuth2Api'), h.credentialTypes.getByName('oAuth2Api')],
		);
		expect(oauth.map((s) => s.label).sort()).toEqual([
			'amoCrmOAuth2Api.clientSecret',
			'amoCrmOAuth2Api.oauthTokenData.access_token',
			'amoCrmOAuth2Api.oauthTokenData.refresh_token',
		]);
		const b24 = credentialSecrets(
			'bitrix24WebhookApi',
			{ environment: 'portal', webhookUrl: `https://acme.bitrix24.ru/rest/1/${WEBHOOK_SECRET}/` },
			[h.credentialTypes.getByName('bitrix24WebhookApi')],
		);
		expect(b24.map((s) => s.value)).toEqual([
			`https://acme.bitrix24.ru/rest/1/${WEBHOOK_SECRET}/`,
			WEBHOOK_SECRET,
		]);
		expect(
			credentialSecrets('leadCaptureSecretApi', { secret: 'short' }, [
				h.credentialTypes.getByName('leadCaptureSecretApi'),
			]),
		).toEqual([]);
	});
});
