/**
 * amoCRM's limit: at most 7 requests a second (per integration/token here), 429 beyond it, and after repeated
 * violations a ban: 403 on every request until support lifts it — here until `POST /__emulator/reset`.
 */
export interface LimitSettings {
	enabled: boolean;
	/** Requests allowed in any window of `windowMs`. */
	rps: number;
	windowMs: number;
	/** Violations (429 answers) within `banWindowMs` that trigger the ban. */
	banAfter: number;
	banWindowMs: number;
	/** Share of limiter 429s answered with the gateway's HTML page instead of JSON. */
	html429Rate: number;
	/** Writes carrying more entities than this answer 504 after applying part of them (off when 0). */
	gatewayTimeoutAbove: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
	enabled: true,
	rps: 7,
	windowMs: 1000,
	banAfter: 20,
	banWindowMs: 60_000,
	html429Rate: 0,
	gatewayTimeoutAbove: 0,
};

export type LimitVerdict = 'ok' | 'limited' | 'banned';

export class RateLimiter {
	settings: LimitSettings = { ...DEFAULT_LIMITS };
	private readonly hits = new Map<string, number[]>();
	private readonly violations = new Map<string, number[]>();
	readonly banned = new Set<string>();

	/**
	 * Counts every request that reaches the limiter, answered or not: hammering keeps a client limited. `nowMs` is
	 * the emulator's clock; a clock moved back (a test resetting its offset) forgets what lies in its future.
	 */
	check(key: string, nowMs: number): LimitVerdict {
		if (this.banned.has(key)) return 'banned';
		if (!this.settings.enabled) return 'ok';
		const within = (t: number, windowMs: number) => t <= nowMs && nowMs - t < windowMs;
		const recent = (this.hits.get(key) ?? []).filter((t) => within(t, this.settings.windowMs));
		recent.push(nowMs);
		this.hits.set(key, recent);
		if (recent.length <= this.settings.rps) return 'ok';
		const strikes = (this.violations.get(key) ?? []).filter((t) =>
			within(t, this.settings.banWindowMs),
		);
		strikes.push(nowMs);
		this.violations.set(key, strikes);
		if (strikes.length >= this.settings.banAfter) this.banned.add(key);
		return 'limited';
	}

	reset() {
		this.hits.clear();
		this.violations.clear();
		this.banned.clear();
	}
}
