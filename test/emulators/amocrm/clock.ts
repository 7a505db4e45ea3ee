/** The emulator's clock: real time plus an offset the control API can move (audits "7 days later"). */
export class Clock {
	offsetMs = 0;

	nowMs(): number {
		return Date.now() + this.offsetMs;
	}

	/** Unix seconds, as amoCRM writes every timestamp. */
	now(): number {
		return Math.floor(this.nowMs() / 1000);
	}
}
