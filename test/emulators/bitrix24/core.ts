/**
 * One emulated portal: its data, limits, fault schedule, event deliveries, request log and clock. The HTTP
 * server (`server.ts`) turns requests into calls of `call()`; `batch` is dispatched here as well.
 */
import { ApiError, errors, timeBlock } from './envelope';
import {
	BatchResults,
	batchError,
	commandsOf,
	MAX_BATCH_COMMANDS,
	parseStr,
	phpArray,
	resolveReferences,
	type CommandOutcome,
} from './batch';
import { EventDispatcher } from './events';
import { FaultInjector } from './faults';
import {
	LeakyBucket,
	OperatingLimiter,
	ENTERPRISE_LIMITS,
	STANDARD_LIMITS,
	type LimitSettings,
} from './limits';
import { ListResult, METHODS, type MethodContext } from './methods';
import { startParam } from './methods/context';
import type { InboundWebhook, PortalState } from './portal';
import { seedPortal, type PortalSeed } from './seed';
import {
	BITRIX24_LATENCY,
	LatencyClock,
	latencyModel,
	type LatencyModel,
	type TimeSource,
} from '../timing';

export interface RequestLogEntry {
	method: string;
	path: string;
	status: number;
	at: string;
	durationMs: number;
	/** The REST method called (lower-case), and for `batch` how many commands it carried. */
	restMethod?: string;
	batchCommands?: number;
	fault?: string;
	/** The modelled latency this answer waited (0 without a latency model). */
	latencyMs?: number;
}

export interface PortalOptions {
	/** false turns the real rate limits off (`--no-limits`). */
	limits?: boolean;
	/** Where the portal's clock takes its time (tests inject a virtual one); default real time. */
	now?: TimeSource;
	/** The latency model (see ../timing.ts); default none. */
	latency?: boolean | number | Partial<LatencyModel>;
	/** How latency is waited out (tests inject a virtual sleep); default a timer. */
	sleep?: (ms: number) => Promise<void>;
}

export interface Stats {
	requests: number;
	byStatus: Record<string, number>;
	rateLimited: number;
	banned: number;
	faultsInjected: number;
	/** Commands refused inside a batch for their method's operating time (the batch itself answered 200). */
	operatingLimitedCommands: number;
	/** Calls each REST method ran, counting batch commands (what the portal executed). */
	byMethod: Record<string, number>;
	/** List calls that counted their rows (any `start` but -1), by method: what makes big lists expensive (§2.2). */
	countedLists: Record<string, number>;
}

export type LimitOptions = Partial<LimitSettings> & { plan?: 'standard' | 'enterprise' };

export class PortalEmulator {
	state: PortalState;
	private seedSpec: PortalSeed | undefined;
	limits: LimitSettings = { ...STANDARD_LIMITS };
	readonly bucket = new LeakyBucket(() => this.limits);
	readonly operating = new OperatingLimiter(() => this.limits);
	readonly faults = new FaultInjector();
	readonly events: EventDispatcher;
	readonly requests: RequestLogEntry[] = [];
	stats: Stats = emptyStats();
	clockOffsetMs = 0;
	readonly latency: LatencyClock;
	private readonly startLatency: LatencyModel;
	private readonly source: TimeSource;

	constructor(seed?: PortalSeed, options: PortalOptions = {}) {
		this.seedSpec = seed;
		this.source = options.now ?? Date.now;
		this.state = seedPortal(seed, this.source());
		this.limits.enabled = options.limits !== false;
		this.startLatency = latencyModel(options.latency, BITRIX24_LATENCY);
		this.latency = new LatencyClock({ ...this.startLatency }, options.sleep);
		this.events = new EventDispatcher(
			() => this.state,
			() => this.now(),
		);
	}

	/** The portal's clock: the time source plus the offset the control API moves. Limits and budgets read it. */
	now(): number {
		return this.source() + this.clockOffsetMs;
	}

	reset(seed?: PortalSeed) {
		if (seed !== undefined) this.seedSpec = seed;
		this.state = seedPortal(this.seedSpec, this.source());
		const enabled = this.limits.enabled;
		this.limits = { ...STANDARD_LIMITS, enabled };
		this.bucket.clear();
		this.operating.clear();
		this.faults.clear();
		this.requests.length = 0;
		this.stats = emptyStats();
		this.events.clear();
		this.clockOffsetMs = 0;
		this.latency.configure({ ...this.startLatency });
	}

	setLimits(options: LimitOptions) {
		const { plan, ...rest } = options;
		if (plan === 'enterprise') Object.assign(this.limits, ENTERPRISE_LIMITS);
		if (plan === 'standard')
			Object.assign(this.limits, {
				bucketSize: STANDARD_LIMITS.bucketSize,
				drainPerSecond: STANDARD_LIMITS.drainPerSecond,
			});
		for (const [key, value] of Object.entries(rest))
			if (value !== undefined) (this.limits as unknown as Record<string, unknown>)[key] = value;
	}

	webhook(userId: number, secret: string): InboundWebhook | undefined {
		return this.state.webhooks.find((w) => w.userId === userId && w.secret === secret);
	}

	/** The leaky bucket, per portal and caller IP. */
	admit(ip: string): boolean {
		if (!this.limits.enabled) return true;
		return this.bucket.take(`${this.state.domain}|${ip}`, this.now());
	}

	/** Runs one method for a webhook (outside or inside batch). */
	call(
		hook: InboundWebhook,
		methodName: string,
		params: Record<string, unknown>,
		inBatch: boolean,
	): CommandOutcome {
		const name = methodName.toLowerCase().replace(/\.(json|xml)$/, '');
		const started = this.now();
		if (name === 'batch') {
			if (inBatch)
				return {
					ok: false,
					error: batchError(
						'ERROR_BATCH_METHOD_NOT_ALLOWED',
						'Method is not allowed for batch usage',
					),
				};
			return this.batch(hook, params, started);
		}
		const spec = METHODS.get(name);
		if (!spec) return { ok: false, error: errors.methodNotFound() };
		if (spec.scope !== 'basic' && !hook.scopes.includes(spec.scope))
			return { ok: false, error: errors.insufficientScope() };
		const credential = `${hook.userId}/${hook.secret}`;
		if (this.limits.enabled && this.operating.blocked(credential, name, started)) {
			if (inBatch) this.stats.operatingLimitedCommands++;
			return {
				ok: false,
				error: errors.operationTimeLimit(),
				time: this.time(credential, name, started, 0),
			};
		}
		const ctx: MethodContext = {
			state: this.state,
			params,
			userId: hook.userId,
			now: started,
			inBatch,
			emit: (event, fields) => this.events.emit(event, fields),
		};
		let value: unknown;
		let failure: ApiError | undefined;
		try {
			value = spec.run(ctx);
		} catch (error) {
			if (!(error instanceof ApiError)) throw error;
			failure = error;
		}
		this.stats.byMethod[name] = (this.stats.byMethod[name] ?? 0) + 1;
		if (value instanceof ListResult && startParam(params) !== -1)
			this.stats.countedLists[name] = (this.stats.countedLists[name] ?? 0) + 1;
		const cost = typeof spec.cost === 'function' ? spec.cost(ctx, value) : spec.cost;
		this.operating.charge(credential, name, cost, started);
		const time = this.time(credential, name, started, cost);
		if (failure) return { ok: false, error: failure, time };
		if (value instanceof ListResult)
			return { ok: true, result: value.result, total: value.total, next: value.next, time };
		return { ok: true, result: value, time };
	}

	private time(credential: string, method: string, started: number, cost: number) {
		return timeBlock(
			started,
			started + Math.round(cost * 1000),
			cost,
			this.operating.snapshot(credential, method, started),
		);
	}

	private batch(
		hook: InboundWebhook,
		params: Record<string, unknown>,
		started: number,
	): CommandOutcome {
		const halt = ['1', 'true', 'Y'].includes(String(params.halt ?? 0));
		const commands = commandsOf(params.cmd);
		const results: BatchResults = { result: {}, next: {}, total: {}, time: {}, error: {} };
		let executed = 0;
		for (let i = 0; i < commands.length; i++) {
			const command = commands[i];
			if (i >= MAX_BATCH_COMMANDS) {
				results.error[command.key] = {
					error: 'ERROR_BATCH_LENGTH_EXCEEDED',
					error_description: 'Max batch length exceeded',
				};
				continue;
			}
			let outcome: CommandOutcome;
			if (this.faults.batchCommandFails()) {
				this.stats.faultsInjected++;
				outcome = { ok: false, error: errors.queryLimit() };
			} else {
				const commandParams = resolveReferences(parseStr(command.query), results) as Record<
					string,
					unknown
				>;
				outcome = this.call(hook, command.method, commandParams, true);
			}
			if (outcome.time) {
				results.time[command.key] = outcome.time;
				executed += outcome.time.duration;
			}
			if (outcome.ok) {
				results.result[command.key] = outcome.result;
				if (outcome.total !== undefined) results.total[command.key] = outcome.total;
				if (outcome.next !== undefined) results.next[command.key] = outcome.next;
			} else {
				results.error[command.key] = outcome.error.body();
				if (halt) break;
			}
		}
		return {
			ok: true,
			result: {
				result: phpArray(results.result),
				result_error: phpArray(results.error),
				result_total: phpArray(results.total),
				result_next: phpArray(results.next),
				result_time: phpArray(results.time),
			},
			// The commands run one after another: the batch takes as long as they do together.
			time: timeBlock(started, started + Math.round(executed * 1000), 0),
		};
	}

	log(entry: RequestLogEntry) {
		this.requests.push(entry);
		this.stats.requests++;
		this.stats.byStatus[String(entry.status)] =
			(this.stats.byStatus[String(entry.status)] ?? 0) + 1;
	}
}

function emptyStats(): Stats {
	return {
		requests: 0,
		byStatus: {},
		rateLimited: 0,
		banned: 0,
		faultsInjected: 0,
		operatingLimitedCommands: 0,
		byMethod: {},
		countedLists: {},
	};
}
