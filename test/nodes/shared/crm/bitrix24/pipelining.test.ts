/**
 * Many batches in flight against the portal's limits, on a virtual clock: the client and command runner as the
 * nodes use them, the emulator's own portal (its leaky bucket counting each request when it arrives, its
 * operating budget, its method costs) in the same process, and the network and the portal's execution time as
 * virtual delays. Nothing waits for real time; whatever the machine's load, the schedule is the same.
 */
import { Bitrix24Client, pacingFor } from '../../../../../nodes/shared/crm/bitrix24/client';
import { CommandRunner, type Command } from '../../../../../nodes/shared/crm/bitrix24/commands';
import { PortalEmulator } from '../../../../emulators/bitrix24';
import { Random } from '../../../../support/fuzz';
import { VirtualClock } from '../../../../support/virtualClock';

let portals = 0;

function virtualPortal(options: { transitMs?: (random: Random) => number; seed?: number } = {}) {
	const clock = new VirtualClock(Date.parse('2026-06-01T09:00:00Z'));
	const portal = new PortalEmulator(undefined, { now: clock.now });
	const hook = portal.state.webhooks[0];
	const random = new Random(options.seed ?? 1);
	let out = 0;
	let mostOut = 0;
	const client = new Bitrix24Client({
		now: clock.now,
		sleep: clock.sleep,
		random: () => 0.5,
		pacing: pacingFor(`virtual-portal-${++portals}`),
		send: async (method, body) => {
			mostOut = Math.max(mostOut, ++out);
			try {
				// The request travels; the portal counts it when it arrives, runs it, and answers after its
				// execution time and the way back.
				await clock.sleep(options.transitMs?.(random) ?? 20);
				if (!portal.admit('10.0.0.1')) {
					portal.stats.rateLimited++;
					return {
						status: 503,
						body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
					};
				}
				const outcome = portal.call(hook, method, body as Record<string, unknown>, false);
				await clock.sleep(Math.round((outcome.time?.duration ?? 0) * 1000) + 20);
				if (!outcome.ok) return { status: outcome.error.httpStatus, body: outcome.error.body() };
				return { status: 200, body: { result: outcome.result, time: outcome.time } };
			} finally {
				out--;
			}
		},
	});
	return { clock, portal, client, runner: new CommandRunner(client), mostOut: () => mostOut };
}

async function run(
	setup: ReturnType<typeof virtualPortal>,
	commands: Command[],
): Promise<{ ok: number; seconds: number }> {
	const started = setup.clock.now();
	const done = setup.runner.run(commands);
	await setup.clock.runUntilIdle();
	const outcomes = await done;
	return {
		ok: outcomes.filter((o) => o.ok).length,
		seconds: (setup.clock.now() - started) / 1000,
	};
}

const updates = (setup: ReturnType<typeof virtualPortal>, count: number): Command[] => {
	const ids = [...setup.portal.state.entities.DEAL.keys()];
	return Array.from({ length: count }, (_, i) => ({
		method: 'crm.deal.update',
		params: { id: ids[i % ids.length], fields: { COMMENTS: `pass ${i}` } },
	}));
};

describe('Bitrix24 batches in flight (virtual clock, the emulator portal in process)', () => {
	test('3,000 reads: a first wave while their cost is unknown, the rest as answers and the bucket allow; no 503', async () => {
		const setup = virtualPortal();
		const reads = Array.from({ length: 3000 }, (_, i) => ({
			method: 'crm.contact.get',
			params: { id: (i % 300) + 1 },
		}));
		const result = await run(setup, reads);
		expect(result.ok).toBe(3000);
		expect(setup.client.stats.requests).toBe(60);
		expect(setup.portal.stats.rateLimited).toBe(0);
		// Until an answer tells what a call costs, a method's calls in flight are counted at half a second each:
		// 18 batches of 50 fill half the budget and a little more; then the answers let the rest go.
		expect(setup.mostOut()).toBeGreaterThanOrEqual(18);
		// 13 more than the 47 the bucket lets go at once, 2 a second: the last leaves 6.5 s in.
		expect(setup.client.stats.waitedMs).toBeGreaterThan(0);
		expect(result.seconds).toBeGreaterThanOrEqual(6.5);
		expect(result.seconds).toBeLessThan(6.5 + 3);
	});

	test('10,000 updates (5 s of execution each batch) take the operating budget as fast as it frees, without a refusal', async () => {
		const setup = virtualPortal();
		const result = await run(setup, updates(setup, 10_000));
		expect(result.ok).toBe(10_000);
		expect(setup.client.stats.requests).toBe(200);
		expect(setup.portal.stats.rateLimited).toBe(0);
		expect(setup.portal.stats.operatingLimitedCommands).toBe(0);
		expect(setup.mostOut()).toBeGreaterThan(5);
		// 1,000 s of crm.deal.update at 456 s a window (480 less the reserve): the work ends in the third window.
		expect(result.seconds).toBeGreaterThan(1200);
		expect(result.seconds).toBeLessThan(1800);
	});

	test.each([1, 2, 3, 4, 5])(
		'requests that reach the portal up to 1.5 s apart from their starts still never meet a full bucket (seed %i)',
		async (seed) => {
			const setup = virtualPortal({
				seed,
				transitMs: (random) => (random.chance(0.2) ? random.int(200, 1500) : random.int(5, 60)),
			});
			const reads = Array.from({ length: 6_000 }, (_, i) => ({
				method: 'crm.contact.get',
				params: { id: (i % 300) + 1 },
			}));
			const result = await run(setup, reads);
			expect(result.ok).toBe(6_000);
			expect(setup.portal.stats.rateLimited).toBe(0);
			expect(setup.portal.stats.operatingLimitedCommands).toBe(0);
		},
	);
});
