import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WorkflowHarness } from '../harness/runWorkflow';
import { preparedTemplate, TEST_CREDENTIALS } from '../support/templates';

const API_KEY = 'n8n-api-key-for-tests';
const HOUR = 3_600_000;

interface FakeExecution {
	id: string;
	workflowId: string;
	status: 'error' | 'success';
	retryOf: string | null;
	retrySuccessId: string | null;
	startedAt: string;
	/** What n8n kept to retry from: false for an execution that failed before its first node and kept nothing. */
	kept?: boolean;
}

/**
 * n8n's public API as the recovery template uses it (GET /workflows, GET /executions?workflowId&status=error,
 * POST /executions/{id}/retry), answering from a list; requests without the API key get 401, like n8n.
 */
async function fakeN8nApi(executions: FakeExecution[], retryStatus: (id: string) => string) {
	const retried: string[] = [];
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (req.headers['x-n8n-api-key'] !== API_KEY) return send(401, { message: 'unauthorized' });
		if (req.method === 'GET' && url.pathname === '/api/v1/workflows') {
			return send(200, {
				data: [
					{ id: 'capture-1', name: 'Lead capture → deal and first call (amoCRM)' },
					{ id: 'report-1', name: 'Weekly pipeline cleanup and report (amoCRM)' },
				],
				nextCursor: null,
			});
		}
		if (req.method === 'GET' && url.pathname === '/api/v1/executions') {
			const workflowId = url.searchParams.get('workflowId');
			const status = url.searchParams.get('status');
			return send(200, {
				data: executions.filter((e) => e.workflowId === workflowId && e.status === status),
				nextCursor: null,
			});
		}
		const one = /^\/api\/v1\/executions\/([^/]+)$/.exec(url.pathname);
		if (req.method === 'GET' && one) {
			const found = executions.find((e) => e.id === one[1]);
			if (!found) return send(404, { message: 'not found' });
			const kept = found.kept !== false;
			return send(200, {
				...found,
				data: {
					resultData: { error: { message: 'timeout exceeded when trying to connect' }, runData: {} },
					executionData: {
						nodeExecutionStack: kept ? [{ node: { name: 'Lead Capture' }, data: { main: [[{ json: {} }]] } }] : [],
					},
				},
			});
		}
		const retry = /^\/api\/v1\/executions\/([^/]+)\/retry$/.exec(url.pathname);
		if (req.method === 'POST' && retry) {
			retried.push(retry[1]);
			const status = retryStatus(retry[1]);
			return send(200, { id: `retry-of-${retry[1]}`, status, retryOf: retry[1] });
		}
		send(404, { message: 'not found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/api/v1`,
		retried,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe.each(['amocrm', 'bitrix24'] as const)('template 6 «Recover leads whose execution failed» (%s)', (crm) => {
	const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
	const execution = (id: string, patch: Partial<FakeExecution> = {}): FakeExecution => ({
		id,
		workflowId: 'capture-1',
		status: 'error',
		retryOf: null,
		retrySuccessId: null,
		startedAt: ago(1),
		...patch,
	});

	test('retries each recent failed capture execution once, skips what was recovered, retried enough, too old or not a capture workflow, and reports it', async () => {
		const api = await fakeN8nApi(
			[
				execution('101'),
				execution('102'),
				execution('103', { retrySuccessId: '150' }),
				execution('104', { startedAt: ago(30) }),
				execution('105'),
				...['151', '152', '153'].map((id) => execution(id, { retryOf: '105' })),
				execution('106', { workflowId: 'report-1' }),
				execution('107', { status: 'success' }),
				execution('108', { kept: false }),
			],
			(id) => (id === '102' ? 'error' : 'success'),
		);
		try {
			const harness = new WorkflowHarness();
			harness.setCredentials('n8nApi', { apiKey: API_KEY, baseUrl: api.url }, TEST_CREDENTIALS.n8nApi.id);
			const run = await harness.run(
				preparedTemplate({ crm }, '6-recover-failed-leads', { 'n8n API address': api.url }),
				{ trigger: { node: 'Recover now' } },
			);
			expect(run.status).toBe('success');
			expect(api.retried.sort()).toEqual(['101', '102']);
			expect(run.items('Recovered')).toEqual([
				expect.objectContaining({ retried: 2, recovered: 1, failedAgain: ['102'], report: 'Восстановлено 1 из 2 упавших запусков' }),
			]);
			// n8n kept nothing of 108 (it failed before its first node): not retried, reported as lost inside n8n.
			expect(run.items('Lost inside n8n (report)')).toEqual([
				expect.objectContaining({ failedExecutionId: '108', error: 'timeout exceeded when trying to connect' }),
			]);
			expect(run.items('What the retry did')).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ failedExecutionId: '101', retryExecutionId: 'retry-of-101', status: 'success', recovered: true }),
				]),
			);
		} finally {
			await api.close();
		}
	});

	test('named workflows only: the IDs in Setup choose them, whatever their names', async () => {
		const api = await fakeN8nApi([execution('201'), execution('202', { workflowId: 'report-1' })], () => 'success');
		try {
			const harness = new WorkflowHarness();
			harness.setCredentials('n8nApi', { apiKey: API_KEY, baseUrl: api.url }, TEST_CREDENTIALS.n8nApi.id);
			const run = await harness.run(
				preparedTemplate({ crm }, '6-recover-failed-leads', { 'n8n API address': `${api.url}/`, 'Capture workflows (IDs)': 'report-1' }),
				{ trigger: { node: 'Recover now' } },
			);
			expect(run.status).toBe('success');
			expect(api.retried).toEqual(['202']);
		} finally {
			await api.close();
		}
	});
});
