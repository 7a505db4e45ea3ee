/**
 * A CRM address that answers with a redirect to another host must not get the credential there: not the amoCRM
 * token (Authorization header), not the Bitrix24 webhook's secret (URL path) or the data. Two local listeners play
 * the "CRM" that redirects and the host it points at; the second must receive nothing, and the error names it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WorkflowHarness } from '../../../harness/runWorkflow';
import { runBitrix24 } from '../../Bitrix24/nodeHarness';
import { amoWorkflow } from '../../AmoCrm/helpers';

interface Listener {
	url: string;
	host: string;
	requests: Array<{ method: string; url: string; authorization?: string; body: string }>;
	close(): Promise<void>;
}

async function listen(answer: (res: http.ServerResponse) => void): Promise<Listener> {
	const requests: Listener['requests'] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			requests.push({
				method: String(req.method),
				url: String(req.url),
				authorization: req.headers.authorization,
				body,
			});
			answer(res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `http://${host}`,
		host,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

const TOKEN = 'amo-token-that-must-stay-home';
const SECRET = 'b24secretstayshome1';

describe.each([301, 302, 307, 308])('a CRM that answers %i to another host', (status) => {
	let elsewhere: Listener;
	let crm: Listener;

	beforeAll(async () => {
		elsewhere = await listen((res) =>
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
		);
		crm = await listen((res) =>
			res.writeHead(status, { location: `${elsewhere.url}/collect` }).end(),
		);
	});
	afterAll(async () => {
		await crm.close();
		await elsewhere.close();
	});
	beforeEach(() => {
		crm.requests.length = 0;
		elsewhere.requests.length = 0;
	});

	const amoCredential = () => ({
		zone: 'sandbox',
		sandboxUrl: crm.url,
		accessToken: TOKEN,
		requestsPerSecond: 7,
	});
	const bitrix24Credential = () => ({
		environment: 'sandbox',
		webhookUrl: `${crm.url}/rest/1/${SECRET}/`,
	});

	test('amoCRM credential test: an error that says "redirect", and the token goes nowhere else', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.testCredential('amoCrmApi', amoCredential());
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining(`amoCRM answered with a redirect (HTTP ${status})`),
		});
		expect(crm.requests).toHaveLength(1);
		expect(elsewhere.requests).toEqual([]);
	});

	test('amoCRM node: the request fails naming the host it was sent to, which received nothing', async () => {
		const harness = new WorkflowHarness();
		harness.setCredentials('amoCrmApi', amoCredential(), 'amo-cred');
		const result = await harness.run(
			amoWorkflow({ resource: 'lead', operation: 'get', leadId: '1' }),
			{ trigger: { items: [{}] } },
		);
		const error = result.nodeError('amoCRM');
		expect(error?.message).toContain(`redirect (HTTP ${status}) to ${elsewhere.host}`);
		expect(error?.message).toContain('not followed');
		expect(JSON.stringify(error)).not.toContain(TOKEN);
		expect(crm.requests.length).toBeGreaterThanOrEqual(1);
		expect(crm.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
		expect(elsewhere.requests).toEqual([]);
	});

	test('Bitrix24 credential test: an error that says "redirect", and the secret goes nowhere else', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.testCredential('bitrix24WebhookApi', bitrix24Credential());
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining(`Bitrix24 answered with a redirect (HTTP ${status})`),
		});
		expect(elsewhere.requests).toEqual([]);
	});

	test('Bitrix24 node: the request fails naming the host, which received neither the secret nor the data', async () => {
		const harness = new WorkflowHarness();
		harness.setCredentials('bitrix24WebhookApi', bitrix24Credential(), 'b24');
		const { result } = await runBitrix24(harness, {
			resource: 'lead',
			operation: 'get',
			id: '1',
		});
		const error = result.nodeError('Bitrix24');
		expect(error?.message).toContain(`redirect (HTTP ${status}) to ${elsewhere.host}`);
		expect(crm.requests.length).toBeGreaterThanOrEqual(1);
		expect(crm.requests[0].url).toContain(SECRET);
		expect(elsewhere.requests).toEqual([]);
	});
});
