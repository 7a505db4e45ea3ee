/**
 * The two limits of reference §2.1–2.2: a leaky bucket per portal and source IP (HTTP 503 QUERY_LIMIT_EXCEEDED)
 * and an operating-time budget per method per webhook over a sliding window of ten buckets (HTTP 429
 * OPERATION_TIME_LIMIT). Both take the time as an argument so the emulator's clock decides.
 */

export interface LimitSettings {
	enabled: boolean;
	/** X of the bucket: 50 on every plan but Enterprise (250). */
	bucketSize: number;
	/** Y: requests drained per second, 2 (Enterprise 5). */
	drainPerSecond: number;
	/** Execution seconds a method may use per window, per webhook: 480. */
	operatingLimitSeconds: number;
	/** The sliding window, 10 minutes, kept as ten equal buckets. */
	operatingWindowMs: number;
}

export const STANDARD_LIMITS: LimitSettings = {
	enabled: true,
	bucketSize: 50,
	drainPerSecond: 2,
	operatingLimitSeconds: 480,
	operatingWindowMs: 600_000,
};

export const ENTERPRISE_LIMITS: Partial<LimitSettings> = { bucketSize: 250, drainPerSecond: 5 };

export class LeakyBucket {
	private readonly levels = new Map<string, { level: number; at: number }>();

	constructor(private readonly settings: () => LimitSettings) {}

	/** Counts one request; false when the bucket is already full (the request is refused and not counted). */
	take(key: string, now: number): boolean {
		const { bucketSize, drainPerSecond } = this.settings();
		const entry = this.levels.get(key) ?? { level: 0, at: now };
		const drained = Math.max(0, entry.level - ((now - entry.at) / 1000) * drainPerSecond);
		if (drained + 1 > bucketSize) {
			this.levels.set(key, { level: drained, at: now });
			return false;
		}
		this.levels.set(key, { level: drained + 1, at: now });
		return true;
	}

	level(key: string, now: number): number {
		const entry = this.levels.get(key);
		if (!entry) return 0;
		return Math.max(0, entry.level - ((now - entry.at) / 1000) * this.settings().drainPerSecond);
	}

	clear() {
		this.levels.clear();
	}
}

const BUCKETS = 10;

export class OperatingLimiter {
	/** credential → method → bucket start (ms) → seconds used */
	private readonly usage = new Map<string, Map<number, number>>();

	constructor(private readonly settings: () => LimitSettings) {}

	private bucketMs() {
		return this.settings().operatingWindowMs / BUCKETS;
	}

	private live(key: string, now: number): Map<number, number> {
		const buckets = this.usage.get(key) ?? new Map<number, number>();
		// A one-minute bucket leaves the ten-minute window when the window has passed since it opened.
		for (const start of [...buckets.keys()])
			if (start + this.settings().operatingWindowMs <= now) buckets.delete(start);
		this.usage.set(key, buckets);
		return buckets;
	}

	snapshot(
		credential: string,
		method: string,
		now: number,
	): { operating: number; resetAt: number } {
		const buckets = this.live(`${credential}\n${method}`, now);
		let operating = 0;
		for (const seconds of buckets.values()) operating += seconds;
		const oldest = buckets.size
			? Math.min(...buckets.keys())
			: Math.floor(now / this.bucketMs()) * this.bucketMs();
		const resetAt = Math.ceil((oldest + this.settings().operatingWindowMs) / 1000);
		return { operating, resetAt };
	}

	/** True when the method has spent its budget: the call is refused before it runs. */
	blocked(credential: string, method: string, now: number): boolean {
		return (
			this.snapshot(credential, method, now).operating >= this.settings().operatingLimitSeconds
		);
	}

	charge(credential: string, method: string, seconds: number, now: number) {
		const buckets = this.live(`${credential}\n${method}`, now);
		const start = Math.floor(now / this.bucketMs()) * this.bucketMs();
		buckets.set(start, (buckets.get(start) ?? 0) + seconds);
	}

	clear() {
		this.usage.clear();
	}
}
