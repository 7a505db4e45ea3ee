import type { TimeSource } from '../timing';

/**
 * The emulator's clock: a time source (real time unless a test injects a virtual one) plus an offset the control
 * API can move (audits "7 days later", or a test stepping past the rate window instead of sleeping). Tokens,
 * seeded dates, the rate limiter and the ban all read it.
 */
export class Clock {
	offsetMs = 0;

	constructor(private readonly source: TimeSource = Date.now) {}

	nowMs(): number {
		return this.source() + this.offsetMs;
	}

	/** Unix seconds, as amoCRM writes every timestamp. */
	now(): number {
		return Math.floor(this.nowMs() / 1000);
	}
}
