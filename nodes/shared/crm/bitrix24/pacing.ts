/**
 * Staying under Bitrix24's limits instead of hitting them, with many requests in flight:
 * - a client-side mirror of the portal's leaky bucket (50 requests, draining 2 a second; Enterprise 250 / 5),
 *   kept `reserve` requests below the edge. The portal counts a request when it arrives, some time after we count
 *   it at its start. If every arrival comes d to d + J after its start, the arrivals in any span were started in a
 *   span J longer, so the portal's level never exceeds ours by more than drain × J: with the edge kept 3 below,
 *   requests may reach the portal up to 1.5 s apart from what their starts suggest (0.6 s on Enterprise's 5 a
 *   second) before one could meet a full bucket — besides serving other clients of the same portal;
 * - each method's operating time from the `time` blocks, with a pause until `operating_reset_at` once the next
 *   request's calls of a method would overrun its budget (480 s per 10 minutes, less a reserve), or the method is
 *   refused with OPERATION_TIME_LIMIT. Waiting only then (not at a fixed 80%) lets a job that needs 870 s of a
 *   method's time finish in two windows instead of three.
 * The calls of requests still in flight count against their methods' budgets at their expected cost until their
 * answers tell what they really cost; before any call of a method has been seen, a call is taken to cost
 * PRIOR_CALL_SECONDS.
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
	/** The server's time (unix s) of that answer's call: an older answer arriving late does not overwrite it. */
	at: number;
	/** Unix seconds when the oldest minute of the window drops out. */
	resetAt: number;
	/** Refused with OPERATION_TIME_LIMIT: no calls before resetAt. */
	blocked: boolean;
}

export interface TimeBlockLike {
	operating?: number;
	operating_reset_at?: number;
	duration?: number;
	/** Unix seconds the call finished, on the portal's clock. */
	finish?: number;
}

/** How many of a method's latest call costs the estimate looks at. */
const COST_SAMPLES = 50;
/**
 * What a call of a method not seen yet is taken to cost while its request is out: half a second, about what a live
 * portal charged a `crm.item.update` (480 s after about 1,000 calls, fast_bitrix24#187) — dearer than most calls.
 */
export const PRIOR_CALL_SECONDS = 0.5;
/** How often a request held back by calls still in flight looks again (their answers do not wake it). */
export const IN_FLIGHT_POLL_MS = 100;

/** The calls of one request in flight, by method, until its answer is read. */
export interface InFlight {
	calls: Map<string, number>;
}

export class OperatingBudget {
	private readonly methods = new Map<string, MethodBudget>();
	/** The latest call costs (seconds) of each method: what one more call may cost. */
	private readonly costs = new Map<string, number[]>();
	/** Calls in flight, by method. */
	private readonly pending = new Map<string, number>();

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
		const at = typeof last.finish === 'number' ? last.finish : Infinity;
		// Answers of requests in flight together come back in any order: the latest call tells the total.
		if (known && !known.blocked && at < known.at) return;
		this.methods.set(key, {
			operating: last.operating as number,
			at,
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
			at: Infinity,
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

	/** A request with these calls (one entry per call) leaves: they count until `settle`. */
	depart(calls: string[]): InFlight {
		const counts = new Map<string, number>();
		for (const method of calls) {
			const key = method.toLowerCase();
			counts.set(key, (counts.get(key) ?? 0) + 1);
			this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
		}
		return { calls: counts };
	}

	/** The request's answer was read (or it failed): its calls count only as the server reported them. */
	settle(flight: InFlight) {
		for (const [key, count] of flight.calls) {
			const left = (this.pending.get(key) ?? 0) - count;
			if (left > 0) this.pending.set(key, left);
			else this.pending.delete(key);
		}
		flight.calls.clear();
	}

	/** Seconds the calls of `method` still in flight are expected to cost. */
	inFlightSeconds(method: string): number {
		const key = method.toLowerCase();
		return (this.pending.get(key) ?? 0) * (this.callCost(key) ?? PRIOR_CALL_SECONDS);
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
		const flying = this.inFlightSeconds(key);
		if (!budget && flying === 0) return 0;
		const limit = this.limits.operatingLimitSeconds;
		const cost = this.callCost(key);
		const spent = (budget?.operating ?? 0) + flying;
		const near =
			cost === undefined && budget && flying === 0
				? budget.operating >= limit * this.limits.operatingSlowdownShare
				: spent >= limit / 2 &&
					spent + (cost ?? PRIOR_CALL_SECONDS) * Math.max(1, calls) >
						limit - this.limits.operatingReserveSeconds;
		if (!budget?.blocked && !near) return 0;
		// Calls in flight will tell what they cost: look again when some may have answered.
		if (!budget?.blocked && flying > 0) return IN_FLIGHT_POLL_MS;
		if (!budget) return 0;
		const wait = budget.resetAt * 1000 - now;
		if (wait <= 0) {
			// The window moved on; forget what we knew until the next answer tells again.
			this.methods.delete(key);
			return 0;
		}
		return Math.min(wait, this.limits.operatingWindowSeconds * 1000) + 250;
	}

	snapshot(): Record<string, { operating: number; resetAt: number; blocked: boolean }> {
		return Object.fromEntries(
			[...this.methods].map(([key, { operating, resetAt, blocked }]) => [
				key,
				{ operating, resetAt, blocked },
			]),
		);
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
