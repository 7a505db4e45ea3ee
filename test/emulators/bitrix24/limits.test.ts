import { VirtualClock } from '../../support/virtualClock';
import { start, type RunningEmulator } from '.';
import { callJson, controlCall } from './testClient';

let emu: RunningEmulator;
/** The portal's limits read a virtual clock: it moves only when a test steps it, whatever the machine's load. */
const clock = new VirtualClock(Date.parse('2026-06-01T09:00:00Z'));
beforeAll(async () => {
	emu = await start({ now: clock.now });
});
afterAll(() => emu.close());
beforeEach(() => controlCall(emu.url, 'POST', 'reset'));

describe('limits', () => {
	test('the leaky bucket lets 50 requests through and answers the next with 503 QUERY_LIMIT_EXCEEDED', async () => {
		const answers = await Promise.all(
			Array.from({ length: 60 }, () => callJson(emu.webhook, 'profile')),
		);
		const refused = answers.filter((a) => a.status === 503);
		expect(answers.filter((a) => a.status === 200)).toHaveLength(50);
		expect(refused).toHaveLength(10);
		expect(refused[0].body).toEqual({
			error: 'QUERY_LIMIT_EXCEEDED',
			error_description: 'Too many requests',
		});
		expect((await controlCall(emu.url, 'GET', 'stats')).body.rateLimited).toBe(10);
		// It drains 2 a second; a refused request was not counted.
		clock.advance(499);
		expect((await callJson(emu.webhook, 'profile')).status).toBe(503);
		clock.advance(1);
		expect((await callJson(emu.webhook, 'profile')).status).toBe(200);
		expect((await callJson(emu.webhook, 'profile')).status).toBe(503);
		clock.advance(5_000);
		const later = await Promise.all(
			Array.from({ length: 11 }, () => callJson(emu.webhook, 'profile')),
		);
		expect(later.filter((a) => a.status === 200)).toHaveLength(10);
	});

	test('one batch of 50 commands counts as one request', async () => {
		const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, 'profile']));
		for (let i = 0; i < 5; i++)
			expect((await callJson(emu.webhook, 'batch', { cmd })).status).toBe(200);
		expect((await controlCall(emu.url, 'GET', 'stats')).body).toMatchObject({
			requests: 5,
			rateLimited: 0,
			byMethod: { profile: 250 },
		});
	});

	test('a method that spends its operating budget is refused with 429 until the oldest bucket leaves', async () => {
		await controlCall(emu.url, 'POST', 'limits', {
			operatingLimitSeconds: 0.3,
			operatingWindowMs: 600_000,
		});
		const seen: number[] = [];
		let status = 200;
		for (let i = 0; i < 10 && status === 200; i++) {
			const answer = await callJson(emu.webhook, 'crm.lead.add', { fields: { TITLE: `Op ${i}` } });
			status = answer.status;
			if (status === 200) seen.push(answer.body.time.operating);
			else
				expect(answer.body).toEqual({
					error: 'OPERATION_TIME_LIMIT',
					error_description: 'Method is blocked due to operation time limit.',
				});
		}
		expect(status).toBe(429);
		expect(seen).toEqual([...seen].sort((a, b) => a - b)); // operating grows call by call
		expect((await callJson(emu.webhook, 'crm.lead.list', { select: ['ID'] })).status).toBe(200); // other methods still work
		clock.advance(11 * 60_000);
		expect(
			(await callJson(emu.webhook, 'crm.lead.add', { fields: { TITLE: 'After the window' } }))
				.status,
		).toBe(200);
	});

	test('commands refused inside a batch for their operating time are counted, though the batch answers 200', async () => {
		await controlCall(emu.url, 'POST', 'limits', {
			operatingLimitSeconds: 0.3,
			operatingWindowMs: 600_000,
		});
		const cmd = Object.fromEntries(
			Array.from({ length: 5 }, (_, i) => [`a${i}`, `crm.lead.add?fields[TITLE]=Batch%20${i}`]),
		);
		const answer = await callJson(emu.webhook, 'batch', { cmd });
		expect(answer.status).toBe(200);
		const refused = Object.keys(answer.body.result.result_error);
		expect(refused.length).toBeGreaterThan(0);
		expect((await controlCall(emu.url, 'GET', 'stats')).body).toMatchObject({
			rateLimited: 0,
			operatingLimitedCommands: refused.length,
		});
	});

	test('the Enterprise plan has a bucket of 250', async () => {
		await controlCall(emu.url, 'POST', 'limits', { plan: 'enterprise' });
		const answers = await Promise.all(
			Array.from({ length: 260 }, () => callJson(emu.webhook, 'profile')),
		);
		expect(answers.filter((a) => a.status === 200)).toHaveLength(250);
		// …draining 5 a second.
		clock.advance(1_000);
		const next = await Promise.all(
			Array.from({ length: 6 }, () => callJson(emu.webhook, 'profile')),
		);
		expect(next.filter((a) => a.status === 200)).toHaveLength(5);
	});
});

describe('faults', () => {
	test('a burst answers the next requests with 503 QUERY_LIMIT_EXCEEDED', async () => {
		await controlCall(emu.url, 'POST', 'faults', { burst429: 2 });
		expect((await callJson(emu.webhook, 'profile')).body.error).toBe('QUERY_LIMIT_EXCEEDED');
		expect((await callJson(emu.webhook, 'profile')).status).toBe(503);
		expect((await callJson(emu.webhook, 'profile')).status).toBe(200);
	});

	test('an ambiguous 5xx applies the write and hides the answer', async () => {
		await controlCall(emu.url, 'POST', 'faults', {
			error5xxRate: 1,
			applyBeforeFailRate: 1,
			seed: 3,
		});
		const answer = await callJson(emu.webhook, 'crm.lead.add', {
			fields: { TITLE: 'Ghost', ORIGIN_ID: 'ghost-1' },
		});
		expect(answer.status).toBeGreaterThanOrEqual(500);
		await controlCall(emu.url, 'DELETE', 'faults');
		const found = await callJson(emu.webhook, 'crm.lead.list', {
			filter: { ORIGIN_ID: 'ghost-1' },
			select: ['ID'],
		});
		expect(found.body.result).toHaveLength(1);
	});

	test('partial batch failures put QUERY_LIMIT_EXCEEDED in result_error and run nothing for those commands', async () => {
		await controlCall(emu.url, 'POST', 'faults', { partialBatchFailureRate: 0.5, seed: 7 });
		const cmd = Object.fromEntries(
			Array.from({ length: 20 }, (_, i) => [
				`l${i}`,
				`crm.lead.add?fields[TITLE]=Partial&fields[ORIGIN_ID]=partial-${i}`,
			]),
		);
		const { status, body } = await callJson(emu.webhook, 'batch', { cmd });
		expect(status).toBe(200);
		const failed = Object.keys(body.result.result_error);
		expect(failed.length).toBeGreaterThan(0);
		expect(Object.keys(body.result.result).length + failed.length).toBe(20);
		await controlCall(emu.url, 'DELETE', 'faults');
		const stored = await callJson(emu.webhook, 'crm.lead.list', {
			filter: { TITLE: 'Partial' },
			select: ['ORIGIN_ID'],
		});
		expect(stored.body.total).toBe(20 - failed.length);
	});

	test('5xx faults carry the bodies real infrastructure sends', async () => {
		await controlCall(emu.url, 'POST', 'faults', { error5xxRate: 1, seed: 11 });
		const statuses = new Map<number, string>();
		for (let i = 0; i < 12; i++) {
			const a = await callJson(emu.webhook, 'profile');
			statuses.set(a.status, a.text);
		}
		expect([...statuses.keys()].every((s) => [500, 502, 503, 504].includes(s))).toBe(true);
		if (statuses.has(500))
			expect(JSON.parse(statuses.get(500)!)).toEqual({
				error: 'INTERNAL_SERVER_ERROR',
				error_description: 'Internal server error',
			});
		if (statuses.has(502)) expect(statuses.get(502)).toContain('nginx');
	});
});
