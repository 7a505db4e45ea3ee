import { Random } from './random';

/** Fault injection of test/emulators/README.md; every injected answer uses amoCRM's real error bodies. */
export interface FaultSettings {
	seed?: number;
	latencyMs?: number;
	slowRate?: number;
	slowMs?: number;
	error5xxRate?: number;
	burst429?: number;
	resetRate?: number;
	timeoutRate?: number;
	applyBeforeFailRate?: number;
	partialBatchFailureRate?: number;
}

export type FaultKind = 'none' | '429' | '5xx' | 'reset' | 'timeout';

export interface FaultPlan {
	kind: FaultKind;
	status?: 500 | 502 | 503 | 504;
	/** The write is applied before the failure (an ambiguous write). */
	applyFirst: boolean;
	delayMs: number;
	/** Array writes: items (by index) that answer validation errors instead. */
	failItems?: number[];
}

const FIVE_XX = [500, 502, 503, 504] as const;

export class Faults {
	settings: FaultSettings = {};
	private random = new Random(1);
	private burstLeft = 0;
	injected = 0;

	configure(settings: FaultSettings) {
		this.settings = { ...settings };
		this.random = new Random(settings.seed ?? 1);
		this.burstLeft = settings.burst429 ?? 0;
	}

	clear() {
		this.settings = {};
		this.burstLeft = 0;
	}

	active(): boolean {
		return Object.keys(this.settings).length > 0;
	}

	plan(isWrite: boolean, batchSize: number): FaultPlan {
		const s = this.settings;
		let delayMs = s.latencyMs ?? 0;
		if (s.slowRate && this.random.chance(s.slowRate)) delayMs += s.slowMs ?? 3000;
		const plan: FaultPlan = { kind: 'none', applyFirst: false, delayMs };
		if (this.burstLeft > 0) {
			this.burstLeft--;
			plan.kind = '429';
		} else if (s.error5xxRate && this.random.chance(s.error5xxRate)) {
			plan.kind = '5xx';
			plan.status = this.random.pick(FIVE_XX);
		} else if (s.resetRate && this.random.chance(s.resetRate)) {
			plan.kind = 'reset';
		} else if (s.timeoutRate && this.random.chance(s.timeoutRate)) {
			plan.kind = 'timeout';
		} else if (
			isWrite &&
			batchSize > 0 &&
			s.partialBatchFailureRate &&
			this.random.chance(s.partialBatchFailureRate)
		) {
			const failItems: number[] = [];
			for (let i = 0; i < batchSize; i++) if (this.random.chance(0.2)) failItems.push(i);
			if (failItems.length === 0) failItems.push(this.random.int(0, batchSize - 1));
			plan.failItems = failItems;
		}
		if (plan.kind === '5xx' || plan.kind === 'reset' || plan.kind === 'timeout') {
			plan.applyFirst = isWrite && this.random.chance(s.applyBeforeFailRate ?? 0);
		}
		if (plan.kind !== 'none' || plan.failItems) this.injected++;
		return plan;
	}

	/** How many items of a batch a 504 applied before timing out ("may be partially applied"). */
	partialCount(batchSize: number): number {
		return this.random.int(1, batchSize);
	}
}
