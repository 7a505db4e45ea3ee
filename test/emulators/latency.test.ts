import { start as startAmo } from './amocrm';
import { EmulatorClient } from './amocrm/testClient';
import { start as startBitrix } from './bitrix24';
import {
	AMOCRM_LATENCY,
	BITRIX24_LATENCY,
	LatencyClock,
	latencyArgument,
	latencyModel,
	meanLatencyMs,
} from './timing';

/** A sleep that records what the emulator waits and returns at once (or when released). */
function recordingSleep() {
	const waits: number[] = [];
	let gate: Promise<void> | undefined;
	let open: () => void = () => undefined;
	return {
		waits,
		hold() {
			gate = new Promise<void>((resolve) => (open = resolve));
		},
		release() {
			gate = undefined;
			open();
		},
		sleep: async (ms: number) => {
			waits.push(ms);
			if (gate) await gate;
		},
	};
}

describe('the latency model', () => {
	test('base + per entity + per row + execution time, spread by a seeded jitter', () => {
		expect(meanLatencyMs(AMOCRM_LATENCY, { entities: 50 })).toBe(1000);
		expect(meanLatencyMs(AMOCRM_LATENCY, { rows: 250 })).toBe(750);
		expect(meanLatencyMs(BITRIX24_LATENCY, { executionSeconds: 5 })).toBe(5200);
		const draws = (seed: number) => {
			const clock = new LatencyClock({ ...AMOCRM_LATENCY, seed });
			return Array.from({ length: 200 }, () => clock.draw({ entities: 50 }));
		};
		const first = draws(3);
		expect(draws(3)).toEqual(first);
		expect(Math.min(...first)).toBeGreaterThanOrEqual(800);
		expect(Math.max(...first)).toBeLessThanOrEqual(1200);
		expect(new Set(first).size).toBeGreaterThan(50);
		expect(new LatencyClock(latencyModel(false, AMOCRM_LATENCY)).draw({ entities: 50 })).toBe(0);
	});

	test('settings: true = the CRM defaults, a number = the base, an object = its parts; nonsense refused', () => {
		expect(latencyModel(true, AMOCRM_LATENCY)).toEqual(AMOCRM_LATENCY);
		expect(latencyModel(400, BITRIX24_LATENCY)).toEqual({ ...BITRIX24_LATENCY, baseMs: 400 });
		expect(latencyModel({ jitter: 0, perRowMs: 5 }, AMOCRM_LATENCY)).toEqual({
			...AMOCRM_LATENCY,
			jitter: 0,
			perRowMs: 5,
		});
		expect(() => latencyModel({ baseMs: -1 }, AMOCRM_LATENCY)).toThrow(/baseMs/);
		expect(latencyArgument(['amocrm', '--latency'])).toBe(true);
		expect(latencyArgument(['amocrm', '--latency', '--port', '0'])).toBe(true);
		expect(latencyArgument(['amocrm', '--latency', '300'])).toBe(300);
		expect(latencyArgument(['amocrm'])).toBeUndefined();
		expect(() => latencyArgument(['amocrm', '--latency', 'slow'])).toThrow(/milliseconds/);
	});
});

describe('amoCRM emulator with latency', () => {
	test('each answer waits its modelled latency, logged per request; the control API changes or removes it', async () => {
		const timer = recordingSleep();
		const emulator = await startAmo({
			port: 0,
			limits: false,
			latency: { baseMs: 100, perEntityMs: 10, perRowMs: 1, jitter: 0 },
			sleep: timer.sleep,
		});
		const api = new EmulatorClient(emulator);
		try {
			await api.get('/api/v4/leads?limit=250');
			await api.post(
				'/api/v4/leads',
				[1, 2, 3].map((i) => ({ name: `L${i}` })),
			);
			await api.get('/api/v4/leads?filter[name]=nobody-at-all');
			const log = (await api.control('GET', '/requests')).requests;
			expect(log.map((r: { latencyMs: number }) => r.latencyMs)).toEqual([350, 130, 100]);
			expect(timer.waits).toEqual([350, 130, 100]);

			await api.control('POST', '/latency', { baseMs: 20, perRowMs: 0 });
			expect(await api.control('GET', '/latency')).toMatchObject({ baseMs: 20, perRowMs: 0 });
			await api.control('DELETE', '/requests');
			await api.get('/api/v4/leads?limit=10');
			await api.control('DELETE', '/latency');
			await api.get('/api/v4/leads?limit=10');
			const after = (await api.control('GET', '/requests')).requests;
			expect(after.map((r: { latencyMs: number }) => r.latencyMs)).toEqual([20, 0]);
			expect((await api.control('POST', '/latency', { jitter: 'lots' })).error as string).toContain(
				'jitter',
			);
			// A reset returns to the model the emulator started with.
			await api.control('POST', '/reset');
			expect((await api.control('GET', '/latency')).baseMs).toBe(100);
		} finally {
			await emulator.close();
		}
	});

	test('requests count against the limit when they arrive, not when they are answered', async () => {
		const timer = recordingSleep();
		const emulator = await startAmo({ port: 0, latency: true, sleep: timer.sleep });
		const api = new EmulatorClient(emulator);
		try {
			timer.hold();
			const answers = Array.from({ length: 8 }, () => api.get('/api/v4/account'));
			// Eight arrived; none is answered yet, and the eighth is already refused.
			while (timer.waits.length < 8) await new Promise((resolve) => setImmediate(resolve));
			timer.release();
			const statuses = (await Promise.all(answers)).map((a) => a.status).sort();
			expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 429]);
		} finally {
			timer.release();
			await emulator.close();
		}
	});
});

describe('Bitrix24 emulator with latency', () => {
	test("an answer waits the base plus its calls' execution time, which its time block reports", async () => {
		const timer = recordingSleep();
		const emulator = await startBitrix({
			port: 0,
			latency: { baseMs: 150, jitter: 0 },
			sleep: timer.sleep,
		});
		try {
			const call = async (method: string, body: unknown) =>
				(await fetch(`${emulator.webhook}${method}.json`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				}).then((r) => r.json())) as {
					result: unknown;
					time: { duration: number };
				};
			const single = await call('crm.deal.get', { id: 1 });
			const batch = await call('batch', {
				halt: 0,
				cmd: {
					a: 'crm.deal.update?id=1&fields[TITLE]=A',
					b: 'crm.deal.update?id=2&fields[TITLE]=B',
					c: 'crm.deal.get?id=3',
				},
			});
			expect(batch.time.duration).toBeCloseTo(0.22);
			const log = emulator.emulator.requests.map((r) => r.latencyMs);
			expect(log).toEqual([
				150 + Math.round(single.time.duration * 1000),
				150 + Math.round(batch.time.duration * 1000),
			]);
			expect(log[1]).toBe(370);
		} finally {
			await emulator.close();
		}
	});
});
