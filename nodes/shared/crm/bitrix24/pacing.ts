/**
 * Staying under Bitrix24's limits instead of hitting them (reference §2.1–2.2):
 * - a client-side mirror of the portal's leaky bucket (50 requests, draining 2 a second; Enterprise 250 / 5),
 *   kept a few requests below the edge because the server counts other clients of the same portal too;
 * - each method's operating time from the `time` blocks, with a pause until `operating_reset_at` once the next
 *   request's calls of a method would overrun its budget (480 s per 10 minutes, this webhook's own: §2.2), or it
 *   is refused with OPERATION_TIME_LIMIT. The next request's cost is judged from the dearest call of the method
 *   seen so far; until one is seen, the client slows down at a share of the budget.
 * Pure bookkeeping over a clock given by the caller; the transport sleeps.
 */

export interface PacingLimits {
	bucketSize: number;
	drainPerSecond: number;
	/** Requests kept in reserve below the bucket's size. */
	reserve: number;
	/** Seconds of server time a method may use per window. */
	operatingLimitSeconds: number;
	/** Share of that budget after which the client waits for the window to move on, while a call's cost is unknown. */
	operatingSlowdownShare: number;
}

export const DEFAULT_PACING: PacingLimits = {
	bucketSize: 50,
	drainPerSecond: 2,
	reserve: 3,
	operatingLimitSeconds: 480,
	operatingSlowdownShare: 0.8,
};

export const ENTERPRISE_PACING: Partial<PacingLimits> = { bucketSize: 250, drainPerSecond: 5 };

export class RequestBucket {
	private level = 0;
	private at = 0;

	constructor(private readonly limits: PacingLimits) {}

	private drained(now: number): number {
		return Math.max(0, this.level - ((now - this.at) / 1000) * this.limits.drainPerSecond);
	}

	/** How long to wait before one more request fits. */
	delayFor(now: number): number {
		const room = this.limits.bucketSize - this.limits.reserve;
		const level = this.drained(now);
		if (level + 1 <= room) return 0;
		return Math.ceil(((level + 1 - room) / this.limits.drainPerSecond) * 1000);
	}

	take(now: number) {
		this.level = this.drained(now) + 1;
		this.at = now;
	}

	/** The server said the bucket is full: believe it. */
	markFull(now: number) {
		this.level = this.limits.bucketSize;
		this.at = now;
	}
}

interface MethodBudget {
	operating: number;
	/** Unix seconds when the oldest minute of the window drops out. */
	resetAt: number;
	/** Refused with OPERATION_TIME_LIMIT: no calls before resetAt. */
	blocked: boolean;
}

export interface TimeBlockLike {
	operating?: number;
	operating_reset_at?: number;
}

export class OperatingBudget {
	private readonly methods = new Map<string, MethodBudget>();
	/** The dearest single call of each method seen (seconds): what one more call may cost. */
	private readonly callCost = new Map<string, number>();

	constructor(private readonly limits: PacingLimits) {}

	/** Reads a `time` block the server sent for a call of `method` (a batch's blocks in the order its commands ran). */
	record(method: string, time: TimeBlockLike | undefined) {
		if (!time || typeof time.operating !== 'number') return;
		const key = method.toLowerCase();
		const known = this.methods.get(key);
		// `operating` is the window's running total, so the rise since the last answer is this call's cost (a drop
		// means the window moved on).
		const rise = known && !known.blocked ? time.operating - known.operating : 0;
		if (rise > 0) this.callCost.set(key, Math.max(this.callCost.get(key) ?? 0, rise));
		this.methods.set(key, {
			operating: time.operating,
			resetAt: typeof time.operating_reset_at === 'number' ? time.operating_reset_at : (known?.resetAt ?? 0),
			blocked: false,
		});
	}

	/** The server refused `method` for its operating time. */
	markBlocked(method: string, now: number, time?: TimeBlockLike) {
		const key = method.toLowerCase();
		const known = this.methods.get(key);
		const resetAt = time?.operating_reset_at ?? known?.resetAt ?? 0;
		this.methods.set(key, {
			operating: time?.operating ?? known?.operating ?? this.limits.operatingLimitSeconds,
			// Without a reset time, a minute is when the oldest bucket of the window surely moves.
			resetAt: resetAt * 1000 > now ? resetAt : Math.ceil(now / 1000) + 60,
			blocked: true,
		});
	}

	/** Milliseconds to wait before sending `calls` calls of `method` (0 = go). */
	delayFor(method: string, now: number, calls = 1): number {
		const budget = this.methods.get(method.toLowerCase());
		if (!budget) return 0;
		const cost = this.callCost.get(method.toLowerCase());
		const near =
			cost === undefined
				? budget.operating >= this.limits.operatingLimitSeconds * this.limits.operatingSlowdownShare
				: budget.operating + cost * calls > this.limits.operatingLimitSeconds;
		if (!budget.blocked && !near) return 0;
		const wait = budget.resetAt * 1000 - now;
		if (wait <= 0) {
			// The window moved on; forget what we knew until the next answer tells again.
			this.methods.delete(method.toLowerCase());
			return 0;
		}
		return wait + 250;
	}

	snapshot(): Record<string, { operating: number; resetAt: number; blocked: boolean }> {
		return Object.fromEntries(this.methods);
	}
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … up to 30 s, each between half and all of it. */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, capMs = 30_000): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
