/**
 * Fault injection (test/emulators/README.md): slow answers, 5xx, connection resets, timeouts, bursts of
 * QUERY_LIMIT_EXCEEDED, and for batch some commands failing inside `result_error`. `applyBeforeFailRate` makes a
 * share of 5xx/reset/timeout faults happen after the write was applied — the ambiguous case clients must survive.
 */
import { Random } from './random';

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

export type FaultKind = 'burst' | '5xx' | 'reset' | 'timeout';

export interface FaultPlan {
	/** Delay before answering. */
	delayMs: number;
	/** What goes wrong, if anything. */
	fault?: FaultKind;
	/** For 5xx: which status. */
	status?: number;
	/** The request runs (and changes data) before the fault hides the answer. */
	applied: boolean;
}

export class FaultInjector {
	private settings: FaultSettings = {};
	private random = new Random(1);
	private burstLeft = 0;

	configure(settings: FaultSettings) {
		this.settings = { ...settings };
		this.random = new Random(settings.seed ?? 1);
		this.burstLeft = settings.burst429 ?? 0;
	}

	clear() {
		this.configure({});
	}

	get active(): FaultSettings {
		return { ...this.settings, burst429: this.burstLeft };
	}

	/** Decides the fate of one API request. */
	plan(): FaultPlan {
		const s = this.settings;
		let delayMs = s.latencyMs ?? 0;
		if (s.slowRate && this.random.chance(s.slowRate)) delayMs += s.slowMs ?? 3000;
		if (this.burstLeft > 0) {
			this.burstLeft--;
			return { delayMs, fault: 'burst', applied: false };
		}
		const applied = () =>
			Boolean(s.applyBeforeFailRate && this.random.chance(s.applyBeforeFailRate));
		if (s.error5xxRate && this.random.chance(s.error5xxRate)) {
			return {
				delayMs,
				fault: '5xx',
				status: this.random.pick([500, 502, 503, 504]),
				applied: applied(),
			};
		}
		if (s.resetRate && this.random.chance(s.resetRate))
			return { delayMs, fault: 'reset', applied: applied() };
		if (s.timeoutRate && this.random.chance(s.timeoutRate))
			return { delayMs, fault: 'timeout', applied: applied() };
		return { delayMs, applied: true };
	}

	/** For each batch command: fails inside result_error instead of running. */
	batchCommandFails(): boolean {
		const rate = this.settings.partialBatchFailureRate;
		return Boolean(rate && this.random.chance(rate));
	}
}

/** The bodies real infrastructure sends with these statuses: PHP's JSON for 500, nginx pages for the rest. */
export function faultBody(status: number): { contentType: string; body: string } {
	if (status === 500) {
		return {
			contentType: 'application/json',
			body: JSON.stringify({
				error: 'INTERNAL_SERVER_ERROR',
				error_description: 'Internal server error',
			}),
		};
	}
	const titles: Record<number, string> = {
		502: '502 Bad Gateway',
		503: '503 Service Temporarily Unavailable',
		504: '504 Gateway Time-out',
	};
	const title = titles[status] ?? `${status} Error`;
	return {
		contentType: 'text/html',
		body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
	};
}
