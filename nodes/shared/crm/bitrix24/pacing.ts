/**
 * Staying under Bitrix24's limits instead of hitting them (reference §2.1–2.2):
 * - a client-side mirror of the portal's leaky bucket (50 requests, draining 2 a second; Enterprise 250 / 5),
 *   kept a few requests below the edge because the server counts other clients of the same portal too;
 * - each method's operating time from the `time` blocks, with a pause until `operating_reset_at` once a method
 *   nears its budget (480 s per 10 minutes) or is refused with OPERATION_TIME_LIMIT.
 * Pure bookkeeping over a clock given by the caller; the transport sleeps.
 */

export interface PacingLimits {
	bucketSize: number;
	drainPerSecond: number;
	/** Requests kept in reserve below the bucket's size. */
	reserve: number;
	/** Seconds of server time a method may use per window. */
	operatingLimitSeconds: number;
	/** Share of that budget after which the client waits for the window to move on. */
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

	constructor(private readonly limits: PacingLimits) {}

	/** Reads a `time` block the server sent for a call of `method`. */
	record(method: string, time: TimeBlockLike | undefined) {
		if (!time || typeof time.operating !== 'number') return;
		const key = method.toLowerCase();
		const known = this.methods.get(key);
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

	/** Milliseconds to wait before calling `method` again (0 = go). */
	delayFor(method: string, now: number): number {
		const budget = this.methods.get(method.toLowerCase());
		if (!budget) return 0;
		const near = budget.operating >= this.limits.operatingLimitSeconds * this.limits.operatingSlowdownShare;
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
