import {
	ARRIVAL_SPREAD_MS,
	currentPace,
	holdOff,
	takeRequestSlot,
	WINDOW_MS,
} from '../../../../../nodes/shared/crm/amocrm/pacing';
import { RateLimiter } from '../../../../emulators/amocrm/rateLimiter';
import { Random } from '../../../../support/fuzz';
import { VirtualClock } from '../../../../support/virtualClock';

describe('amoCRM pacing after a 429', () => {
	test('halves the pace once for requests refused together, then earns one a second back per calm 10 s', async () => {
		const key = `pace-test-${Date.now()}`;
		await takeRequestSlot(key, 7);
		expect(currentPace(key)).toBe(7);
		holdOff(key, 100);
		holdOff(key, 100);
		holdOff(key, 100);
		const slowed = Date.now();
		expect(currentPace(key, slowed)).toBe(3);
		expect(currentPace(key, slowed + 10_500)).toBe(4);
		expect(currentPace(key, slowed + 45_000)).toBe(7);
	});

	test('never below one request a second', () => {
		const key = `pace-floor-${Date.now()}`;
		holdOff(key, 0);
		const first = currentPace(key);
		expect(first).toBeGreaterThanOrEqual(1);
		expect(first).toBeLessThan(7);
	});
});

/** What amoCRM's limiter (the emulator's, 7 in any 1,000 ms) answers to requests arriving at these times. */
function refusedAt(arrivals: number[]): number {
	const limiter = new RateLimiter();
	return [...arrivals].sort((a, b) => a - b).filter((t) => limiter.check('account', t) !== 'ok')
		.length;
}

/**
 * A loaded machine and a slow CRM: answers take from a few milliseconds to seconds, and a request reaches amoCRM
 * anywhere between its start and the earlier of its answer and J after its start — chosen by the adversary.
 */
function loadedTrip(random: Random) {
	const latency = random.chance(0.3) ? random.int(200, 2500) : random.int(1, 40);
	const arrival = random.int(0, Math.min(latency, ARRIVAL_SPREAD_MS));
	return { arrival, answer: latency };
}

async function paceParallel(
	seed: number,
	count: number,
	trip: (random: Random) => { arrival: number; answer: number } = loadedTrip,
	stalls: Array<{ at: number; ms: number }> = [],
) {
	const clock = new VirtualClock();
	const random = new Random(seed);
	const key = `schedule-${seed}-${Date.now()}`;
	const starts: number[] = [];
	const arrivals: number[] = [];
	let inFlight = 0;
	let mostInFlight = 0;
	const stalling = (async () => {
		for (const stall of stalls) {
			await clock.sleep(stall.at - clock.now());
			// The event loop stands still: every timer due meanwhile fires late, all at once.
			clock.advance(stall.ms);
		}
	})();
	const done = Promise.all(
		Array.from({ length: count }, async () => {
			const answered = await takeRequestSlot(key, 7, clock);
			starts.push(clock.now());
			mostInFlight = Math.max(mostInFlight, ++inFlight);
			const { arrival, answer } = trip(random);
			await clock.sleep(arrival);
			arrivals.push(clock.now());
			await clock.sleep(answer - arrival);
			inFlight--;
			answered();
		}),
	);
	await clock.runUntilIdle();
	await Promise.all([done, stalling]);
	return { starts, arrivals, mostInFlight };
}

describe('amoCRM pacing schedule on a loaded machine (virtual clock)', () => {
	const seeds = Array.from({ length: 40 }, (_, i) => 9000 + i);

	test.each(seeds)(
		'25 parallel requests never put 8 into one amoCRM second, whatever the delays (seed %i)',
		async (seed) => {
			const { starts, arrivals } = await paceParallel(seed, 25);
			expect(arrivals).toHaveLength(25);
			expect(refusedAt(arrivals)).toBe(0);
			const sorted = [...starts].sort((a, b) => a - b);
			const gaps = sorted.slice(1).map((t, i) => t - sorted[i]);
			expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.ceil(WINDOW_MS / 7));
		},
	);

	test.each(seeds.slice(0, 10))(
		'nor when the event loop stalls while requests are out (seed %i)',
		async (seed) => {
			const random = new Random(seed);
			const stalls = Array.from({ length: 6 }, (_, i) => ({
				at: 700 * (i + 1) + random.int(0, 500),
				ms: random.int(60, 900),
			}));
			const { arrivals } = await paceParallel(seed, 40, loadedTrip, stalls);
			expect(arrivals).toHaveLength(40);
			expect(refusedAt(arrivals)).toBe(0);
		},
	);

	test('the latency is hidden: at 1 s an answer, 70 requests start at N ÷ (W + J) a second with several in flight', async () => {
		const { starts, arrivals, mostInFlight } = await paceParallel(1, 70, () => ({
			arrival: ARRIVAL_SPREAD_MS,
			answer: 1000,
		}));
		expect(refusedAt(arrivals)).toBe(0);
		const last = Math.max(...starts);
		// 70 starts: ten groups of 7, each group a window and a spread after the one before.
		expect(last).toBeLessThanOrEqual(9 * (WINDOW_MS + ARRIVAL_SPREAD_MS) + WINDOW_MS);
		// Holding each place until a window after its answer would take 9 × (W + 1 s) before the last start.
		expect(last).toBeLessThan(9 * (WINDOW_MS + 1000));
		expect(mostInFlight).toBeGreaterThanOrEqual(5);
	});

	test('the same delays do bunch 8 into one second when 7 start at once per window (what failed on CI)', () => {
		// The earlier pacer's schedule: bursts of 7 starts, a window apart, each request arriving after its own delay.
		const burstArrivals = (random: Random) =>
			Array.from(
				{ length: 25 },
				(_, i) => Math.floor(i / 7) * WINDOW_MS + loadedTrip(random).arrival,
			);
		const refused = seeds.map((seed) => refusedAt(burstArrivals(new Random(seed))));
		expect(refused.filter((count) => count > 0).length).toBeGreaterThan(seeds.length / 2);
	});

	test('after a 429 the pace is halved and the starts spread out accordingly', async () => {
		const clock = new VirtualClock();
		const key = `schedule-halved-${Date.now()}`;
		holdOff(key, 0, clock.now());
		const starts: number[] = [];
		const done = Promise.all(
			Array.from({ length: 6 }, async () => {
				const answered = await takeRequestSlot(key, 7, clock);
				starts.push(clock.now());
				answered();
			}),
		);
		await clock.runUntilIdle();
		await done;
		expect(currentPace(key, clock.now())).toBe(3);
		expect(starts[0]).toBeGreaterThanOrEqual(WINDOW_MS);
		expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(Math.ceil(WINDOW_MS / 3));
		expect(starts[5] - starts[2]).toBeGreaterThanOrEqual(WINDOW_MS);
	});
});
