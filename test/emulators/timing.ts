/**
 * Time in both emulators: where "now" comes from (the limiters, bans and budgets read it; tests inject a virtual
 * one) and how long an answer takes (the latency model).
 *
 * Latency. A real CRM answers in hundreds of milliseconds, more for a big write; the emulators answer in about one
 * unless told otherwise. The model: a base per request, plus a cost per entity (amoCRM: each item of a write,
 * each row of a read) or per command (Bitrix24: each call's execution time, the seconds its `time` block and the
 * operating budget report), the whole spread by ±jitter. The request is counted by the rate limiter when it
 * arrives, as before; the latency is spent between arrival and answer.
 *
 * Neither CRM publishes response times. The defaults are conservative estimates, chosen so that a 50-lead
 * `/leads/complex` takes about a second on amoCRM (base 250 ms + 15 ms a lead; a 250-row page 750 ms), and that
 * a Bitrix24 request takes a base of 200 ms plus its calls' execution time — the observed `time` blocks of real
 * portals show a single call finishing in 0.1–0.6 s, and the emulator charges 0.01 s (fields) to 0.15 s
 * (crm.item.update) a call, so a batch of 50 updates answers after about 7.7 s. `--latency <base ms>` changes the
 * base; the control API (`POST /__emulator/latency`) sets every part.
 */

/** Milliseconds since the epoch: `Date.now` unless a test injects its own clock. */
export type TimeSource = () => number;

export interface LatencyModel {
	/** Every answer takes at least this long (before jitter), ms. 0 with the per-entity costs 0: no latency. */
	baseMs: number;
	/** amoCRM: per item of a write body. */
	perEntityMs: number;
	/** amoCRM: per row of a read's answer. */
	perRowMs: number;
	/** Bitrix24: multiplies the calls' execution time (seconds → ms); 1 = answer after the time the calls took. */
	executionFactor: number;
	/** Each answer's latency is drawn uniformly within ±jitter of the modelled value (0.2 = ±20%). */
	jitter: number;
	/** Seed of the jitter's random sequence. */
	seed: number;
}

export const NO_LATENCY: LatencyModel = {
	baseMs: 0,
	perEntityMs: 0,
	perRowMs: 0,
	executionFactor: 0,
	jitter: 0,
	seed: 1,
};

/** The modelled latency of amoCRM (see above for where the numbers come from). */
export const AMOCRM_LATENCY: LatencyModel = {
	baseMs: 250,
	perEntityMs: 15,
	perRowMs: 2,
	executionFactor: 0,
	jitter: 0.2,
	seed: 1,
};

/** The modelled latency of Bitrix24: a base plus the execution time of the calls a request carries. */
export const BITRIX24_LATENCY: LatencyModel = {
	baseMs: 200,
	perEntityMs: 0,
	perRowMs: 0,
	executionFactor: 1,
	jitter: 0.2,
	seed: 1,
};

/** What a request did, for its latency. */
export interface Work {
	/** Items written (amoCRM). */
	entities?: number;
	/** Rows answered (amoCRM reads). */
	rows?: number;
	/** Execution time of the calls, seconds (Bitrix24). */
	executionSeconds?: number;
}

/** The modelled latency of a piece of work without jitter (what the benchmarks' Ideal uses). */
export function meanLatencyMs(model: LatencyModel, work: Work = {}): number {
	return (
		model.baseMs +
		model.perEntityMs * (work.entities ?? 0) +
		model.perRowMs * (work.rows ?? 0) +
		model.executionFactor * (work.executionSeconds ?? 0) * 1000
	);
}

export function isOff(model: LatencyModel): boolean {
	return meanLatencyMs(model, { entities: 1, rows: 1, executionSeconds: 1 }) === 0;
}

/**
 * Merges a programmatic or control-API setting into a model: `true` = the CRM's modelled defaults, `false` or 0
 * = none, a number = that base with the CRM's other defaults, an object = those parts over the defaults.
 */
export function latencyModel(
	setting: boolean | number | Partial<LatencyModel> | undefined,
	defaults: LatencyModel,
): LatencyModel {
	if (setting === undefined || setting === false || setting === 0) return { ...NO_LATENCY };
	if (setting === true) return { ...defaults };
	if (typeof setting === 'number') {
		if (!Number.isFinite(setting) || setting < 0)
			throw new Error(`latency must be 0 or more milliseconds, not ${setting}`);
		return { ...defaults, baseMs: setting };
	}
	const merged = { ...defaults };
	for (const key of Object.keys(NO_LATENCY) as Array<keyof LatencyModel>) {
		if (setting[key] === undefined) continue;
		const value = Number(setting[key]);
		if (!Number.isFinite(value) || value < 0)
			throw new Error(`latency.${key} must be a number of 0 or more, not ${String(setting[key])}`);
		merged[key] = value;
	}
	return merged;
}

/** What a control-API change applies over: the model in force, or the CRM's defaults when latency is off. */
export function onOver(current: LatencyModel, defaults: LatencyModel): LatencyModel {
	return isOff(current) ? defaults : current;
}

/** The `--latency [base ms]` option of `npm run emulator`: absent → undefined, bare → true, else the number. */
export function latencyArgument(args: string[]): true | number | undefined {
	const i = args.indexOf('--latency');
	if (i < 0) return undefined;
	const next = args[i + 1];
	if (next === undefined || next.startsWith('--')) return true;
	const value = Number(next);
	if (!Number.isFinite(value) || value < 0)
		throw new Error(`--latency takes milliseconds (0 or more), not "${next}"`);
	return value;
}

/** Draws each answer's latency: the model's value spread by its jitter, from a seeded sequence. */
export class LatencyClock {
	private state: number;

	constructor(
		public model: LatencyModel,
		private readonly sleeper: (ms: number) => Promise<void> = realSleep,
	) {
		this.state = model.seed >>> 0 || 1;
	}

	configure(model: LatencyModel) {
		this.model = model;
		this.state = model.seed >>> 0 || 1;
	}

	private random(): number {
		// mulberry32: small, seeded, good enough to spread latencies
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** The latency of this piece of work, ms (0 when the model is off). */
	draw(work: Work = {}): number {
		const mean = meanLatencyMs(this.model, work);
		if (mean <= 0) return 0;
		const spread = this.model.jitter * (2 * this.random() - 1);
		return Math.max(0, Math.round(mean * (1 + spread)));
	}

	async wait(ms: number): Promise<void> {
		if (ms > 0) await this.sleeper(ms);
	}
}

function realSleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
