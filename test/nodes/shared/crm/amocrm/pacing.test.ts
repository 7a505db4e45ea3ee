import {
	currentPace,
	holdOff,
	takeRequestSlot,
	WINDOW_MS,
	type PaceClock,
} from '../../../../../nodes/shared/crm/amocrm/pacing';
import { RateLimiter } from '../../../../emulators/amocrm/rateLimiter';
import { Random } from '../../../../support/fuzz';

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

/** Time that moves only when every waiter is asleep: the pacer's schedule, free of the machine's load. */
class VirtualClock implements PaceClock {
	private t = 0;
	private timers: Array<{ at: number; wake: () => void }> = [];

	now() {
		return this.t;
	}

	async sleep(ms: number) {
		await new Promise<void>((wake) => this.timers.push({ at: this.t + Math.max(0, ms), wake }));
	}

	async runUntilIdle() {
		for (;;) {
			await new Promise((settled) => setImmediate(settled));
			if (this.timers.length === 0) return;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift()!;
			this.t = Math.max(this.t, next.at);
			next.wake();
		}
	}
}

/** What amoCRM's limiter (the emulator's, 7 in any 1,000 ms) answers to requests arriving at these times. */
function refusedAt(arrivals: number[]): number {
	const limiter = new RateLimiter();
	return [...arrivals].sort((a, b) => a - b).filter((t) => limiter.check('account', t) !== 'ok')
		.length;
}

/**
 * A loaded machine: a request reaches amoCRM anywhere between its start and its answer, and some answers take
 * most of a second (a stalled event loop, a slow network) while others are instant.
 */
function loadedTrip(random: Random) {
	const latency = random.chance(0.3) ? random.int(200, 900) : random.int(1, 40);
	const arrival = random.int(0, latency);
	return { arrival, answer: latency };
}

/** `releaseAtStart`: each request gives its place back as it leaves, as if it were counted at its start. */
async function paceParallel(seed: number, count: number, { releaseAtStart = false } = {}) {
	const clock = new VirtualClock();
	const random = new Random(seed);
	const key = `schedule-${seed}-${Date.now()}`;
	const starts: number[] = [];
	const arrivals: number[] = [];
	const done = Promise.all(
		Array.from({ length: count }, async () => {
			const answered = await takeRequestSlot(key, 7, clock);
			const started = clock.now();
			starts.push(started);
			if (releaseAtStart) answered();
			const trip = loadedTrip(random);
			await clock.sleep(trip.arrival);
			arrivals.push(clock.now());
			await clock.sleep(trip.answer - trip.arrival);
			if (!releaseAtStart) answered();
		}),
	);
	await clock.runUntilIdle();
	await done;
	return { starts, arrivals };
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

	test('the same delays put 8 into one amoCRM second when a request is counted only at its start (what failed on CI)', async () => {
		// The pacer as it is, but each request gives its place back as soon as it leaves: the rule that a request
		// holds its place until a window after its answer is what the test above relies on.
		const refused: number[] = [];
		for (const seed of seeds)
			refused.push(refusedAt((await paceParallel(seed, 25, { releaseAtStart: true })).arrivals));
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
