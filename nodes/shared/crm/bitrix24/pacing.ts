/**
 * Staying under Bitrix24's limits instead of hitting them:
 * - a client-side mirror of the portal's leaky bucket (50 requests, draining 2 a second; Enterprise 250 / 5),
 *   kept a few requests below the edge because the server counts other clients of the same portal too;
 * - each method's operating time from the `time` blocks, with a pause until `operating_reset_at` once the next
 *   request's calls of a method would overrun its budget (480 s per 10 minutes, less a reserve), or the method is
 *   refused with OPERATION_TIME_LIMIT. Waiting only then (not at a fixed 80%) lets a job that needs 870 s of a
 *   method's time finish in two windows instead of three.
 * Pure bookkeeping over a clock given by the caller; the transport sleeps.
 */

export interface PacingLimits {
	bucketSize: number;
	drainPerSecond: number;
	/** Requests kept in reserve below the bucket's size. */
	reserve: number;
	/** Seconds of server time a method may use per window. */
	operatingLimitSeconds: number;
	/** The window the budget is counted over (10 minutes): no wait for it lasts longer. */
	operatingWindowSeconds: number;
	/** Seconds of the budget left unused for other apps and workflows on the same webhook. */
	operatingReserveSeconds: number;
	/** Share of the budget after which the client waits for the window to move on, while a call's cost is unknown. */
	operatingSlowdownShare: number;
}

export const DEFAULT_PACING: PacingLimits = {
	bucketSize: 50,
	drainPerSecond: 2,
	reserve: 3,
	operatingLimitSeconds: 480,
	operatingWindowSeconds: 600,
	operatingReserveSeconds: 24,
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
	/** The window's total for this method, seconds, as the last answer told. */
	operating: number;
	/** Unix seconds when the oldest minute of the window drops out. */
	resetAt: number;
	/** Refused with OPERATION_TIME_LIMIT: no calls before resetAt. */
	blocked: boolean;
}

export interface TimeBlockLike {
	operating?: number;
	operating_reset_at?: number;
	duration?: number;
}

/** How many of a method's latest call costs the estimate looks at. */
const COST_SAMPLES = 50;

export class OperatingBudget {
	private readonly methods = new Map<string, MethodBudget>();
	/** The latest call costs (seconds) of each method: what one more call may cost. */
	private readonly costs = new Map<string, number[]>();

	constructor(private readonly limits: PacingLimits) {}

	private sample(key: string, seconds: number) {
		if (!(seconds > 0) || !Number.isFinite(seconds)) return;
		const list = this.costs.get(key) ?? [];
		list.push(seconds);
		if (list.length > COST_SAMPLES) list.shift();
		this.costs.set(key, list);
	}

	/**
	 * Reads the `time` blocks of one answer for calls of `method`, in the order they ran (a batch's commands of
	 * that method, or the block of a single call).
	 *
	 * A call's cost is learnt only from inside one answer: the rise of `operating` from the previous command of the
	 * same method in the same batch. Across answers the rise may include calls whose answers were lost (a batch
	 * that ran but whose answer never came), which once made one call look as dear as fifty and the client wait
	 * out whole windows. The first call of an answer (and a single call) contributes its own `duration` instead.
	 */
	recordAnswer(method: string, times: Array<TimeBlockLike | undefined>) {
		const key = method.toLowerCase();
		let previous: number | undefined;
		let last: TimeBlockLike | undefined;
		for (const time of times) {
			if (!time || typeof time.operating !== 'number') continue;
			if (previous === undefined) {
				if (typeof time.duration === 'number') this.sample(key, time.duration);
			} else if (time.operating >= previous) {
				// A drop means a minute left the window between the two calls: no sample.
				this.sample(key, time.operating - previous);
			}
			previous = time.operating;
			last = time;
		}
		if (!last) return;
		const known = this.methods.get(key);
		this.methods.set(key, {
			operating: last.operating as number,
			resetAt:
				typeof last.operating_reset_at === 'number' && last.operating_reset_at > 0
					? last.operating_reset_at
					: (known?.resetAt ?? 0),
			blocked: false,
		});
	}

	/** Reads a `time` block the server sent for a single call of `method`. */
	record(method: string, time: TimeBlockLike | undefined) {
		this.recordAnswer(method, [time]);
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

	/** What one call of `method` is expected to cost (seconds): the dearest of its latest calls; undefined until one is seen. */
	callCost(method: string): number | undefined {
		const list = this.costs.get(method.toLowerCase());
		return list?.length ? Math.max(...list) : undefined;
	}

	/**
	 * Milliseconds to wait before sending `calls` calls of `method` in one request (0 = go).
	 *
	 * Waits when the server refused the method, or when the next request would overrun the budget: the window's
	 * total so far plus the request's expected cost plus a reserve (another app or workflow on the same webhook may
	 * spend some too) exceeds the limit. Until a call's cost is known, it slows down at a share of the budget.
	 * Below half of the budget it never waits on an estimate, so a wrong estimate cannot stop a light job.
	 * Every wait ends at the window's reset time and never lasts longer than the window itself; once that time has
	 * passed, the client forgets what it knew and sends one request to learn the budget anew.
	 */
	delayFor(method: string, now: number, calls = 1): number {
		const key = method.toLowerCase();
		const budget = this.methods.get(key);
		if (!budget) return 0;
		const limit = this.limits.operatingLimitSeconds;
		const cost = this.callCost(key);
		const near =
			cost === undefined
				? budget.operating >= limit * this.limits.operatingSlowdownShare
				: budget.operating >= limit / 2 &&
					budget.operating + cost * Math.max(1, calls) >
						limit - this.limits.operatingReserveSeconds;
		if (!budget.blocked && !near) return 0;
		const wait = budget.resetAt * 1000 - now;
		if (wait <= 0) {
			// The window moved on; forget what we knew until the next answer tells again.
			this.methods.delete(key);
			return 0;
		}
		return Math.min(wait, this.limits.operatingWindowSeconds * 1000) + 250;
	}

	snapshot(): Record<string, { operating: number; resetAt: number; blocked: boolean }> {
		return Object.fromEntries(this.methods);
	}
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … up to 30 s, each between half and all of it. */
export function backoffMs(
	attempt: number,
	random: () => number,
	baseMs = 1000,
	capMs = 30_000,
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
