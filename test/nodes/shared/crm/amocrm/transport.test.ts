import { AmoApiError, AmoTransport } from '../../../../../nodes/shared/crm/amocrm';
import { allOf } from '../../../../../nodes/shared/crm/amocrm/paging';
import { start, type RunningEmulator } from '../../../../emulators/amocrm';
import { EmulatorClient } from '../../../../emulators/amocrm/testClient';
import { probeHarness, runProbe, sandboxCredentials } from './amoProbe';

describe('amoCRM transport against the emulator with its real limits', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;
	const harness = probeHarness();

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		api = new EmulatorClient(emulator);
		harness.setCredentials('amoCrmApi', sandboxCredentials(emulator), 'amo-cred');
	});
	afterAll(() => emulator.close());
	beforeEach(async () => {
		await api.control('POST', '/reset');
	});

	const withTransport = <T>(fn: (t: AmoTransport) => Promise<T>) =>
		runProbe(harness, (ctx) => fn(new AmoTransport(ctx)));

	test('paces 25 parallel requests under 7 a second: none is rate-limited', async () => {
		const answers = await withTransport((t) =>
			Promise.all(Array.from({ length: 25 }, () => t.get<{ id: number }>('/api/v4/account'))),
		);
		expect(answers.every((a) => a?.id === 31_234_567)).toBe(true);
		const stats = await api.control('GET', '/stats');
		expect(stats).toMatchObject({ requests: 25, rateLimited: 0, banned: 0 });
	});

	test('waits out a 429 burst and then gets its answer', async () => {
		await api.control('POST', '/faults', { burst429: 3 });
		const account = await withTransport((t) => t.get<{ subdomain: string }>('/api/v4/account'));
		expect(account?.subdomain).toBe('salesfunnel');
		const log = await api.control('GET', '/requests');
		expect(log.requests.map((r: { status: number }) => r.status)).toEqual([429, 429, 429, 200]);
	});

	test('stops at a ban with one request and says what to do', async () => {
		// Someone else hammered the API with this token until amoCRM banned it.
		await api.control('POST', '/limits', { banAfter: 2 });
		await Promise.all(Array.from({ length: 12 }, () => api.get('/api/v4/account')));
		await api.control('DELETE', '/requests');
		// n8n hands the node's error back as a plain copy of its fields.
		const error = await withTransport((t) => t.get('/api/v4/leads')).catch((e: Error) => e);
		expect((error as AmoApiError).answer.status).toBe(403);
		expect((error as AmoApiError).message).toBe('amoCRM: 403 Forbidden');
		expect((error as AmoApiError).description).toContain('Lower "Requests per Second"');
		expect((await api.control('GET', '/requests')).count).toBe(1);
	});

	test('repeats a read after 5xx answers, but never repeats a create blindly', async () => {
		await api.control('POST', '/faults', { seed: 11, error5xxRate: 0.6 });
		const account = await withTransport((t) => t.get<{ id: number }>('/api/v4/account'));
		expect(account?.id).toBe(31_234_567);
		await api.control('POST', '/faults', { error5xxRate: 1 });
		await api.control('DELETE', '/requests');
		const error = (await withTransport((t) =>
			t.request('POST', '/api/v4/leads', { body: [{ name: 'once' }] }),
		).catch((e) => e)) as AmoApiError;
		expect(error.kind).toBe('ambiguous');
		expect((await api.control('GET', '/requests')).count).toBe(1);
	});

	test('answers 204 as nothing found and follows _links.next through every page', async () => {
		const none = await withTransport((t) => t.get('/api/v4/contacts', { query: 'nobody-at-all' }));
		expect(none).toBeUndefined();
		await api.control('DELETE', '/requests');
		const leads = await withTransport((t) => allOf<{ id: number }>(t, '/api/v4/leads', 'leads'));
		const state = await api.state();
		expect(new Set(leads.map((l) => l.id)).size).toBe(state.counts.leads);
		const log = await api.control('GET', '/requests');
		expect(log.count).toBe(Math.ceil(state.counts.leads / 250));
		expect(log.requests[1].query).toContain('page=2');
	});

	test('refuses to follow a link to another host, so the token never leaves the account', async () => {
		const error = await withTransport((t) =>
			t.get('http://evil.example/api/v4/leads?page=2'),
		).catch((e: Error) => e);
		expect((error as Error).message).toContain('another host (evil.example)');
		expect((await api.control('GET', '/requests')).count).toBe(0);
	});

	test("turns problem+json into an error in amoCRM's words, without the token", async () => {
		const error = (await withTransport((t) => t.get('/api/v4/leads', { limit: 500 })).catch(
			(e) => e,
		)) as AmoApiError;
		expect(error.message).toBe('amoCRM: Unprocessable Entity: Limit 250 per page');
		expect(error.answer.status).toBe(422);
		expect(JSON.stringify(error)).not.toContain(emulator.info.token);
		expect(String(error.stack)).not.toContain(emulator.info.token);
		const invalid = (await withTransport((t) =>
			t.request('POST', '/api/v4/leads', { body: [{ name: 5 }] }),
		).catch((e) => e)) as AmoApiError;
		expect(invalid.kind).toBe('validation');
		expect(invalid.description).toBe('name: This value should be of type string. (InvalidType)');
	});
});
