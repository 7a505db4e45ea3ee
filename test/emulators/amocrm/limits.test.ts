import { VirtualClock } from '../../support/virtualClock';
import type { RunningEmulator } from './index';
import { EmulatorClient, startEmulator } from './testClient';

/**
 * The rate limit, the ban and fault injection, with the emulator's real limits switched on. The limiter reads a
 * virtual clock: time moves only when a test steps it, so a loaded machine cannot spread a burst over two windows.
 */
describe('amoCRM emulator: rate limits, ban and fault injection', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;
	const clock = new VirtualClock(Date.parse('2026-06-01T09:00:00Z'));

	beforeAll(async () => {
		({ emulator, client: api } = await startEmulator({ now: clock.now }));
	});
	afterAll(() => emulator.close());
	beforeEach(async () => {
		// A reset forgets every request counted so far.
		await api.control('POST', '/reset');
	});

	const burst = (n: number) =>
		Promise.all(Array.from({ length: n }, () => api.get('/api/v4/account')));

	test('serves 7 requests a second and answers the 8th with the documented 429 body', async () => {
		const answers = await burst(8);
		const statuses = answers.map((a) => a.status).sort();
		expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
		const limited = answers.find((a) => a.status === 429)!;
		expect(limited.body).toEqual({
			title: 'Too Many Requests',
			type: 'https://httpstatus.es/429',
			status: 429,
			detail: 'You have sent too many requests in a given amount of time. Please try again later.',
			retry_after: 300,
		});
		clock.advance(999);
		expect((await api.get('/api/v4/account')).status).toBe(429);
		clock.advance(1);
		expect((await api.get('/api/v4/account')).status).toBe(200);
	});

	test('the window slides: a request a second after the first of 7 is served, and the control API can step it', async () => {
		for (let i = 0; i < 7; i++) {
			expect((await api.get('/api/v4/account')).status).toBe(200);
			clock.advance(100);
		}
		// 700 ms after the first: the 8th request in one second.
		expect((await api.get('/api/v4/account')).status).toBe(429);
		await api.control('POST', '/clock', { advanceMs: 300 });
		// The first request has left the window; the refused one still counts (hammering keeps a client limited).
		expect((await api.get('/api/v4/account')).status).toBe(429);
		await api.control('POST', '/clock', { advanceMs: 700 });
		expect((await api.get('/api/v4/account')).status).toBe(200);
	});

	test("can answer 429 with the gateway's HTML page instead of JSON", async () => {
		await api.control('POST', '/limits', { html429Rate: 1 });
		const answers = await burst(9);
		const limited = answers.filter((a) => a.status === 429);
		expect(limited).toHaveLength(2);
		expect(limited[0].headers.get('content-type')).toContain('text/html');
		expect(limited[0].text).toContain('429 Too Many Requests');
	});

	test('repeated violations ban the token: 403 HTML on every request until reset', async () => {
		await api.control('POST', '/limits', { banAfter: 3 });
		await burst(10);
		const after = await api.get('/api/v4/account');
		expect(after.status).toBe(403);
		expect(after.text).toContain('<center><h1>403 Forbidden</h1></center>');
		clock.advance(3_600_000);
		expect((await api.get('/api/v4/account')).status).toBe(403);
		const stats = await api.control('GET', '/stats');
		expect(stats.banned).toBeGreaterThanOrEqual(2);
		await api.control('POST', '/reset');
		expect((await api.get('/api/v4/account')).status).toBe(200);
	});

	test('an injected 429 burst hits the next N requests and never counts towards a ban', async () => {
		await api.control('POST', '/limits', { banAfter: 2 });
		await api.control('POST', '/faults', { burst429: 4 });
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await api.get('/api/v4/account')).status);
		expect(statuses).toEqual([429, 429, 429, 429, 200, 200]);
		const stats = await api.control('GET', '/stats');
		expect(stats).toMatchObject({ rateLimited: 4, banned: 0, faultsInjected: 4 });
	});

	test('an ambiguous write is applied even though the client sees a 5xx', async () => {
		await api.control('POST', '/faults', { seed: 3, error5xxRate: 1, applyBeforeFailRate: 1 });
		const answer = await api.post('/api/v4/leads', [{ name: 'Applied but failed' }]);
		expect([500, 502, 503, 504]).toContain(answer.status);
		await api.control('DELETE', '/faults');
		const found = await api.get(
			`/api/v4/leads?filter[name]=${encodeURIComponent('Applied but failed')}`,
		);
		expect(found.body._embedded.leads).toHaveLength(1);
		const log = await api.control('GET', '/requests');
		expect(log.requests[0]).toMatchObject({
			method: 'POST',
			path: '/api/v4/leads',
			fault: expect.stringContaining('after-apply'),
		});
	});

	test('a failed write without applyBeforeFail changes nothing; a reset connection gets no answer', async () => {
		await api.control('POST', '/faults', { seed: 4, error5xxRate: 1 });
		const answer = await api.post('/api/v4/leads', [{ name: 'Not applied' }]);
		expect(answer.status).toBeGreaterThanOrEqual(500);
		await api.control('POST', '/faults', { resetRate: 1 });
		await expect(api.get('/api/v4/account')).rejects.toThrow();
		await api.control('DELETE', '/faults');
		expect(
			(await api.get(`/api/v4/leads?filter[name]=${encodeURIComponent('Not applied')}`)).status,
		).toBe(204);
	});

	test('partial batch failures reject the request with validation errors for some items', async () => {
		await api.control('POST', '/faults', { seed: 5, partialBatchFailureRate: 1 });
		const answer = await api.post(
			'/api/v4/leads',
			Array.from({ length: 10 }, (_, i) => ({ name: `P${i}`, request_id: `p${i}` })),
		);
		expect(answer.status).toBe(400);
		const failed = answer.body['validation-errors'].map(
			(e: { request_id: string }) => e.request_id,
		);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.every((id: string) => /^p\d$/.test(id))).toBe(true);
	});

	test('big writes can time out with 504 after applying only part of the batch', async () => {
		await api.control('POST', '/limits', { gatewayTimeoutAbove: 20, enabled: false });
		const answer = await api.post(
			'/api/v4/leads',
			Array.from({ length: 40 }, (_, i) => ({ name: `Big ${i}`, request_id: `b${i}` })),
		);
		expect(answer.status).toBe(504);
		expect(answer.text).toContain('504 Gateway Time-out');
		const created = (await api.state()).leads.filter((l: { name: string }) =>
			l.name.startsWith('Big '),
		);
		expect(created.length).toBeGreaterThan(0);
		expect(created.length).toBeLessThanOrEqual(40);
		expect(
			(
				await api.post(
					'/api/v4/leads',
					Array.from({ length: 20 }, (_, i) => ({ name: `Small ${i}` })),
				)
			).status,
		).toBe(200);
	});

	test('the request log and stats count API requests only, never control calls', async () => {
		await api.get('/api/v4/account');
		await api.get('/api/v4/leads?limit=1');
		const log = await api.control('GET', '/requests');
		expect(log.count).toBe(2);
		expect(log.requests.map((r: { path: string }) => r.path)).toEqual([
			'/api/v4/account',
			'/api/v4/leads',
		]);
		expect((await api.control('GET', '/stats')).byStatus).toEqual({ 200: 2 });
	});
});
