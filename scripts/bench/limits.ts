/**
 * What the CRMs' limits allow at best: the earliest moment each of a job's requests may be sent, for a client that
 * starts with an unused allowance (amoCRM's empty second, Bitrix24's empty bucket and operating budget) and never
 * gets a refusal. `ideal_wall_s` is when the last request may go out — server time and our own CPU are not in it,
 * so it is a lower bound no client can beat. Pure: times are numbers, nothing sleeps.
 */

/** amoCRM: at most `requests` starts in any window of `windowMs` (7 in any second). */
export interface WindowLimit {
	kind: 'window';
	requests: number;
	windowMs: number;
}

/** Bitrix24: a leaky bucket (50, draining 2 a second), and each method's operating time over a sliding window. */
export interface BucketLimit {
	kind: 'bucket';
	size: number;
	drainPerSecond: number;
	operating?: OperatingLimit;
}

export interface OperatingLimit {
	/** Seconds of server time one method may use per window (480). */
	limitSeconds: number;
	/** The window (10 minutes), kept as `buckets` equal buckets aligned to the clock (ten one-minute buckets). */
	windowMs: number;
	buckets: number;
}

export type RateLimit = WindowLimit | BucketLimit;

export const AMOCRM_LIMIT: WindowLimit = { kind: 'window', requests: 7, windowMs: 1000 };
export const BITRIX24_LIMIT: BucketLimit = {
	kind: 'bucket',
	size: 50,
	drainPerSecond: 2,
	operating: { limitSeconds: 480, windowMs: 600_000, buckets: 10 },
};

/**
 * One request of a job: the operating seconds it charges, per method (a batch charges each command's method), and
 * what it carries for a latency model (amoCRM: items written, rows read).
 */
export interface PlannedRequest {
	operating?: Record<string, number>;
	work?: { entities?: number; rows?: number };
	/**
	 * A request that needs the answer of the one before it in the same chain (Bitrix24 pages by ID: each batch asks
	 * for the rows after the last ID the previous batch read). Only a latency makes this cost time.
	 */
	chain?: string;
}

/** A request's modelled answering time, ms. */
export type LatencyOf = (request: PlannedRequest) => number;

/**
 * The earliest start (ms) of each request, in order, from `startMs`; requests after the first no earlier than
 * `othersFromMs` (when the first answer is what they need).
 */
export function earliestStarts(requests: PlannedRequest[], limit: RateLimit, startMs = 0, othersFromMs = startMs, latency?: LatencyOf): number[] {
	// With a latency, a request of a chain waits for the answer of the chain's previous request.
	const chainEnds = new Map<string, number>();
	const floor = (k: number) => Math.max(k === 0 ? startMs : othersFromMs, chainEnds.get(requests[k].chain ?? '') ?? -Infinity);
	const started = (k: number, at: number) => {
		const chain = requests[k].chain;
		if (chain && latency) chainEnds.set(chain, at + latency(requests[k]));
	};
	return limit.kind === 'window' ? windowStarts(requests.length, limit, floor, started) : bucketStarts(requests, limit, startMs, floor, started);
}

/**
 * Seconds from the start until the last request may be sent (0 when all fit in the burst). With a latency, the
 * latency no client can hide is added: the first request's answer, which every other request waits for (a job
 * starts by reading what it needs: pipelines, fields), and the answer of the request that finishes last (a job
 * ends with its last answer). Everything between may overlap.
 */
export function idealWallSeconds(requests: PlannedRequest[], limit: RateLimit, startMs = 0, latency?: LatencyOf): number {
	if (requests.length === 0) return 0;
	if (!latency) {
		const starts = earliestStarts(requests, limit, startMs);
		return (starts[starts.length - 1] - startMs) / 1000;
	}
	const starts = earliestStarts(requests, limit, startMs, startMs + latency(requests[0]), latency);
	const ends = starts.map((start, k) => start + latency(requests[k]));
	return (Math.max(...ends) - startMs) / 1000;
}

type Floor = (k: number) => number;
type Started = (k: number, at: number) => void;

function windowStarts(count: number, limit: WindowLimit, floor: Floor, started: Started): number[] {
	const starts: number[] = [];
	for (let k = 0; k < count; k++) {
		// The (k+1)-th start needs the one `requests` before it to have left the window.
		const earliest = k < limit.requests ? floor(0) : starts[k - limit.requests] + limit.windowMs;
		starts.push(Math.max(floor(k), earliest));
		started(k, starts[k]);
	}
	return starts;
}

function bucketStarts(requests: PlannedRequest[], limit: BucketLimit, startMs: number, floor: Floor, started: Started): number[] {
	const starts: number[] = [];
	const usage = new Map<string, Map<number, number>>();
	let level = 0;
	let at = startMs;
	for (const request of requests) {
		let t = Math.max(at, floor(starts.length));
		// The bucket admits a request while its level (drained since the last one) is at most size − 1.
		const drainedLevel = Math.max(0, level - ((t - at) / 1000) * limit.drainPerSecond);
		if (drainedLevel > limit.size - 1) t += ((drainedLevel - (limit.size - 1)) / limit.drainPerSecond) * 1000;
		if (limit.operating) t = operatingReady(usage, request, limit.operating, t);
		level = Math.max(0, level - ((t - at) / 1000) * limit.drainPerSecond) + 1;
		at = t;
		if (limit.operating) charge(usage, request, limit.operating, t);
		started(starts.length, t);
		starts.push(t);
	}
	return starts;
}

function bucketMs(limit: OperatingLimit): number {
	return limit.windowMs / limit.buckets;
}

function used(buckets: Map<number, number> | undefined, limit: OperatingLimit, t: number): number {
	let sum = 0;
	for (const [start, seconds] of buckets ?? []) if (start + limit.windowMs > t) sum += seconds;
	return sum;
}

/** The first moment from `t` when every method of the request fits in its budget, waiting for buckets to expire. */
function operatingReady(usage: Map<string, Map<number, number>>, request: PlannedRequest, limit: OperatingLimit, t: number): number {
	for (const [method, seconds] of Object.entries(request.operating ?? {})) {
		if (seconds > limit.limitSeconds) throw new Error(`one request charges ${method} ${seconds} s, more than the whole budget`);
		const buckets = usage.get(method);
		const expiries = [...(buckets?.keys() ?? [])].map((start) => start + limit.windowMs).filter((e) => e > t).sort((a, b) => a - b);
		for (const candidate of [t, ...expiries]) {
			if (used(buckets, limit, candidate) + seconds <= limit.limitSeconds + 1e-9) {
				t = candidate;
				break;
			}
		}
	}
	return t;
}

function charge(usage: Map<string, Map<number, number>>, request: PlannedRequest, limit: OperatingLimit, t: number) {
	for (const [method, seconds] of Object.entries(request.operating ?? {})) {
		const buckets = usage.get(method) ?? new Map<number, number>();
		const start = Math.floor(t / bucketMs(limit)) * bucketMs(limit);
		buckets.set(start, (buckets.get(start) ?? 0) + seconds);
		usage.set(method, buckets);
	}
}
