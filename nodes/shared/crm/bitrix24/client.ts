/**
 * The only code that talks HTTP to a portal. Each request waits for room in the leaky bucket and for the
 * operating budget of the methods it carries, is sent, and is retried here while the server says "not now"
 * (503 QUERY_LIMIT_EXCEEDED, 429 OPERATION_TIME_LIMIT) — those requests never ran. Anything else that fails
 * is thrown as a Bitrix24Error for the command runner, which knows whether re-sending is safe.
 */
import { Bitrix24Error, errorFromAnswer } from './errors';
import {
	backoffMs,
	DEFAULT_PACING,
	OperatingBudget,
	RequestBucket,
	type InFlight,
	type PacingLimits,
	type TimeBlockLike,
} from './pacing';
import type { Params } from './encode';

export interface HttpAnswer {
	status: number;
	body: unknown;
}

/** Sends `POST {webhook}{method}.json` with a JSON body. Throws Bitrix24Error NOT_SENT / NETWORK / TIMEOUT. */
export type HttpSend = (method: string, body: Params, timeoutMs: number) => Promise<HttpAnswer>;

export interface ClientOptions {
	send: HttpSend;
	sleep: (ms: number) => Promise<void>;
	now?: () => number;
	random?: () => number;
	/** Shared by every client of the same portal in this process (see `pacingFor`). */
	pacing?: PortalPacing;
	/** Per request; the cloud stops requests at 60 s. */
	timeoutMs?: number;
	/** How often a request refused by the bucket is tried again. */
	maxLimitRetries?: number;
	/** The longest the client waits in one go for an operating window to move; longer → the command fails. */
	maxWaitMs?: number;
	/** Throws when the execution was cancelled, so waits end early. */
	checkCancelled?: () => void;
	/**
	 * Batches a runner keeps in flight at once (default: as many as the bucket lets go at once). The pacing, not
	 * this number, keeps the portal's limits; it only bounds what waits or flies together.
	 */
	maxInFlight?: number;
}

export interface PortalPacing {
	limits: PacingLimits;
	bucket: RequestBucket;
	budget: OperatingBudget;
}

const registry = new Map<string, PortalPacing>();

/**
 * The pacing state of a portal, shared by the executions this process runs (the bucket is counted per portal and
 * caller IP). In queue mode each worker keeps its own: the server's 503 answers still keep them honest.
 */
export function pacingFor(portal: string, limits: Partial<PacingLimits> = {}): PortalPacing {
	const key = `${portal}|${JSON.stringify(limits)}`;
	let found = registry.get(key);
	if (!found) {
		const merged = { ...DEFAULT_PACING, ...limits };
		found = {
			limits: merged,
			bucket: new RequestBucket(merged),
			budget: new OperatingBudget(merged),
		};
		registry.set(key, found);
	}
	return found;
}

export interface CallAnswer {
	result: unknown;
	total?: number;
	next?: number;
	time?: TimeBlockLike;
}

export interface BatchAnswer {
	results: Record<string, unknown>;
	errors: Record<string, Bitrix24Error>;
	totals: Record<string, number>;
	nexts: Record<string, number>;
	times: Record<string, TimeBlockLike>;
}

export interface ClientStats {
	/** HTTP requests sent. */
	requests: number;
	/** Answers of 503 QUERY_LIMIT_EXCEEDED / 429 OPERATION_TIME_LIMIT received. */
	limited: number;
	/** Time spent waiting for the limits, ms. */
	waitedMs: number;
}

function record(map: unknown): Record<string, unknown> {
	// PHP sends an empty object as [] and a 0..n-1 object as a list.
	if (Array.isArray(map)) return Object.fromEntries(map.map((v, i) => [String(i), v]));
	return map && typeof map === 'object' ? (map as Record<string, unknown>) : {};
}

export class Bitrix24Client {
	readonly stats: ClientStats = { requests: 0, limited: 0, waitedMs: 0 };
	private readonly now: () => number;
	private readonly random: () => number;
	private readonly pacing: PortalPacing;

	constructor(private readonly options: ClientOptions) {
		this.now = options.now ?? Date.now;
		this.random = options.random ?? Math.random;
		this.pacing = options.pacing ?? pacingFor('default');
	}

	get maxInFlight(): number {
		const { bucketSize, reserve } = this.pacing.limits;
		return Math.max(1, Math.floor(this.options.maxInFlight ?? bucketSize - reserve));
	}

	private async wait(ms: number) {
		if (ms <= 0) return;
		this.options.checkCancelled?.();
		this.stats.waitedMs += ms;
		await this.options.sleep(ms);
		this.options.checkCancelled?.();
	}

	/**
	 * Waits until the bucket has room and each method's calls in the request (one entry per call) fit its operating
	 * budget, then takes the room at once: requests waiting side by side each look again after every wait.
	 */
	private async paceFor(calls: string[]): Promise<InFlight> {
		const counts = new Map<string, number>();
		for (const m of calls) counts.set(m, (counts.get(m) ?? 0) + 1);
		for (;;) {
			const now = this.now();
			const delays = [...counts.keys()].map(
				(m) => [m, this.pacing.budget.delayFor(m, now, counts.get(m))] as const,
			);
			const operating = Math.max(0, ...delays.map(([, ms]) => ms));
			if (operating > (this.options.maxWaitMs ?? 600_000)) {
				const method = delays.find(([, ms]) => ms === operating)?.[0] ?? calls[0];
				throw new Bitrix24Error(
					'OPERATION_TIME_LIMIT',
					`Method is blocked due to operation time limit for ${Math.round(operating / 1000)} s more.`,
					429,
					method,
				);
			}
			const wait = operating || this.pacing.bucket.delayFor(now);
			if (wait > 0) {
				await this.wait(wait);
				continue;
			}
			this.pacing.bucket.take(now);
			return this.pacing.budget.depart(calls);
		}
	}

	/**
	 * One HTTP request, retried while the portal refuses it for its limits (then it did not run). `read` takes the
	 * answer's time blocks before its calls stop counting as in flight.
	 */
	private async request(
		method: string,
		body: Params,
		callsInside: string[],
		read: (body: unknown) => void,
	): Promise<HttpAnswer> {
		const maxRetries = this.options.maxLimitRetries ?? 8;
		for (let attempt = 0; ; attempt++) {
			const flight = await this.paceFor(callsInside);
			let error: Bitrix24Error;
			try {
				this.stats.requests++;
				const answer = await this.options.send(method, body, this.options.timeoutMs ?? 60_000);
				if (
					answer.status === 200 &&
					answer.body &&
					typeof answer.body === 'object' &&
					!('error' in answer.body)
				) {
					read(answer.body);
					return answer;
				}
				error = errorFromAnswer(answer.status, answer.body, method);
			} finally {
				this.pacing.budget.settle(flight);
			}
			if (!(error.isRateLimit || error.isOperatingLimit) || attempt >= maxRetries) throw error;
			this.stats.limited++;
			if (error.isRateLimit) {
				this.pacing.bucket.markFull(this.now());
				await this.wait(backoffMs(attempt, this.random));
			} else {
				this.pacing.budget.markBlocked(method, this.now());
			}
		}
	}

	/** One method outside a batch. */
	async call(method: string, params: Params = {}): Promise<CallAnswer> {
		const { body } = await this.request(method, params, [method], (answer) =>
			this.pacing.budget.record(method, (answer as { time?: TimeBlockLike }).time),
		);
		const envelope = body as {
			result: unknown;
			total?: number;
			next?: number;
			time?: TimeBlockLike;
		};
		return {
			result: envelope.result,
			total: envelope.total,
			next: envelope.next,
			time: envelope.time,
		};
	}

	/**
	 * Up to 50 commands in one request. Commands are query strings (already encoded). Per-command failures come
	 * back in `errors`; a failure of the whole request is thrown.
	 */
	async batch(
		commands: Array<{ key: string; method: string; query: string }>,
	): Promise<BatchAnswer> {
		const cmd: Record<string, string> = {};
		for (const c of commands) cmd[c.key] = c.query ? `${c.method}?${c.query}` : c.method;
		let outer: Record<string, unknown> = {};
		let times: Record<string, TimeBlockLike> = {};
		await this.request(
			'batch',
			{ halt: 0, cmd },
			commands.map((c) => c.method.toLowerCase()),
			(body) => {
				outer = (body as { result?: Record<string, unknown> }).result ?? {};
				times = record(outer.result_time) as Record<string, TimeBlockLike>;
				// Each method's blocks in the order its commands ran: the rises between them are what its calls cost.
				const timesByMethod = new Map<string, TimeBlockLike[]>();
				for (const c of commands) {
					const time = times[c.key];
					if (!time) continue;
					const method = c.method.toLowerCase();
					timesByMethod.set(method, [...(timesByMethod.get(method) ?? []), time]);
				}
				for (const [method, blocks] of timesByMethod)
					this.pacing.budget.recordAnswer(method, blocks);
			},
		);
		const answer: BatchAnswer = {
			results: record(outer.result),
			errors: {},
			totals: record(outer.result_total) as Record<string, number>,
			nexts: record(outer.result_next) as Record<string, number>,
			times,
		};
		const byKey = new Map(commands.map((c) => [c.key, c.method]));
		for (const [key, raw] of Object.entries(record(outer.result_error))) {
			const method = byKey.get(key) ?? key;
			const error = errorFromAnswer(undefined, raw, method);
			if (error.isOperatingLimit)
				this.pacing.budget.markBlocked(method, this.now(), answer.times[key]);
			// A command refused inside a batch that itself got through says nothing about the bucket: the runner
			// sends it again next round, after its backoff.
			answer.errors[key] = error;
		}
		return answer;
	}

	/** Sleeps between rounds of retries (used by the command runner). */
	async backoff(attempt: number) {
		await this.wait(backoffMs(attempt, this.random));
	}
}
