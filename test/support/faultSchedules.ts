/**
 * Seeded random fault schedules for the emulators' `/__emulator/faults` (test/emulators/README.md): each seed draws
 * a mix of 429/503 bursts, 5xx, connection resets, timeouts, slow answers, ambiguous writes (applied, then the
 * answer lost) and partial batch failures. The same seed gives the same schedule, and the emulator's own random
 * stream is seeded too, so a failing schedule replays exactly.
 */
import { Random } from './fuzz';

export interface FaultSchedule {
	seed: number;
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

export interface ScheduleLimits {
	/** Timeouts cost the client's whole timeout each (30 s amoCRM, 60 s Bitrix24 funnel nodes): off unless allowed. */
	timeouts?: boolean;
	/** Slow answers stay below this (the client's timeout must not fire on them). */
	slowMsMax?: number;
}

export function faultSchedule(seed: number, limits: ScheduleLimits = {}): FaultSchedule {
	const random = new Random(seed);
	const schedule: FaultSchedule = {
		seed,
		latencyMs: random.int(0, 15),
		// A node's run is a handful of batched requests, so the rates are high enough to hit most runs.
		burst429: random.int(1, 4),
		error5xxRate: random.pick([0.1, 0.2, 0.3]),
		resetRate: random.pick([0, 0.08, 0.15]),
		applyBeforeFailRate: random.pick([0.3, 0.6, 1]),
		partialBatchFailureRate: random.pick([0, 0.25, 0.5]),
		slowRate: random.pick([0, 0.1, 0.2]),
		slowMs: random.int(200, limits.slowMsMax ?? 1_500),
	};
	if (limits.timeouts) schedule.timeoutRate = random.pick([0.03, 0.06]);
	return schedule;
}

/** What a schedule did, from the emulator's counters and request log. */
export interface FaultReport {
	requests: number;
	faultsInjected: number;
	rateLimited: number;
	banned: number;
	/** Faults by kind as the request log names them (`429`, `5xx`, `5xx-after-apply`, `reset`, `timeout`, `partial`…). */
	kinds: Record<string, number>;
}
