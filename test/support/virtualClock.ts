/**
 * Time that moves only when a test says so, for the pacers and the emulators' limiters: what would take seconds
 * of real time (a rate window, a ban window, a latency) takes none, and a busy machine cannot change the outcome.
 *
 * - `now()` / `advance(ms)`: a clock to hand to an emulator (`start({ now: clock.now })`) and step past a window.
 * - `sleep(ms)` + `runUntilIdle()`: sleepers wake in time order, and time jumps to each wake-up only once every
 *   pending callback has run — the schedule of a pacer free of the machine's load.
 */
export class VirtualClock {
	private t: number;
	private timers: Array<{ at: number; seq: number; wake: () => void }> = [];
	private seq = 0;

	constructor(start = 0) {
		this.t = start;
	}

	readonly now = (): number => this.t;

	advance(ms: number) {
		this.t += ms;
	}

	readonly sleep = async (ms: number): Promise<void> => {
		await new Promise<void>((wake) =>
			this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake }),
		);
	};

	/** Wakes sleepers in time order until none is left (or `until` is reached). */
	async runUntilIdle(until = Infinity) {
		for (;;) {
			await new Promise((settled) => setImmediate(settled));
			if (this.timers.length === 0) return;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			if (this.timers[0].at > until) {
				this.t = Math.max(this.t, until);
				return;
			}
			const next = this.timers.shift()!;
			this.t = Math.max(this.t, next.at);
			next.wake();
		}
	}

	pending(): number {
		return this.timers.length;
	}
}
