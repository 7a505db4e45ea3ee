/** The shapes of `bench/results.json`: one entry per scenario, measured or pending. Field names are the issue's. */
import type { CrmKind } from '../../nodes/shared/crm/types';

export interface BenchSettings {
	quick: boolean;
	/** Items per CRM scenario (10,000; quick 1,000). */
	items: number;
	/** Items per CPU scenario (100,000). */
	cpuItems: number;
	/** Leads in the audited account (50,000). */
	auditLeads: number;
	/** Items the stock way is measured on, per CRM (it is then scaled to `items`). */
	baselineSample: Record<CrmKind, number>;
	/** Scenario ids to run (prefix match); empty = all. */
	only: string[];
	/** CRM scenarios without latency, at the modelled latency, or both (each CRM scenario twice). */
	latency: 'both' | 'off' | 'on';
	outDir: string;
}

export interface CrmScenarioResult {
	id: string;
	scenario: string;
	crm: CrmKind;
	status: 'measured';
	/** The emulator's modelled base latency per request (0: it answers at once). */
	latency_ms: number;
	items_in: number;
	items_out: number;
	items_lost: number;
	/** Records the emulator's state shows in the wanted end state (checked after the run). */
	verified_in_crm: number;
	requests: number;
	min_requests: number;
	min_requests_arithmetic: string;
	wall_s: number;
	ideal_wall_s: number;
	ideal_wall_arithmetic: string;
	rate_limit_errors: number;
	/** The emulator's own answering time summed over our requests, its modelled latency included (in `wall_s`). */
	server_s: number;
	/** 0 with `baseline_basis` saying why when there is no stock way to compare with. */
	baseline_requests: number;
	baseline_wall_s: number;
	/** How the stock way's numbers were obtained (measured in full, or on a sample and scaled). */
	baseline_basis: string;
	baseline_sample_items: number;
	baseline_sample_wall_s: number;
	baseline_sample_requests: number;
	baseline_rate_limit_errors: number;
	baseline_failed_items: number;
	/** The requests our node sent, by method and path (or REST method), for the report. */
	requests_by_kind: Record<string, number>;
	/**
	 * The acceptance checks for this run: wall within 1.2× the ideal without latency, 1.3× at the modelled latency
	 * (`wall_goal`); null when every request fits in the burst (ideal 0 s).
	 */
	acceptance: { requests_within_5_percent: boolean; wall_goal: number; wall_within_goal: boolean | null; no_rate_limit_errors: boolean; nothing_lost: boolean };
	notes: string[];
}

export interface CpuScenarioResult {
	id: string;
	scenario: string;
	/** What ran: the node in n8n-core's engine, or a pure core while its node is pending. */
	subject: string;
	status: 'measured';
	items_in: number;
	items_out: number;
	items_lost: number;
	/** Median over the timed runs. */
	total_ms: number;
	us_per_item: number;
	runs: number;
	/** The process's peak resident memory while it ran, and how much of it came after the input was built. */
	peak_rss_mb: number;
	peak_rss_over_input_mb: number;
	notes: string[];
}

export interface PendingScenario {
	id: string;
	scenario: string;
	crm?: CrmKind;
	status: 'pending';
	/** "pending: needs <node>" — what has to land before it can run. */
	needs: string;
	/** What is ready: data generators, seeds (with how long seeding took), the minimum the API allows. */
	prepared: string[];
	min_requests?: number;
	min_requests_arithmetic?: string;
	ideal_wall_s?: number;
	ideal_wall_arithmetic?: string;
}

/** A scenario that threw: recorded with its error rather than left out. */
export interface FailedScenario {
	id: string;
	scenario: string;
	status: 'failed';
	error: string;
}

export type ScenarioResult = CrmScenarioResult | CpuScenarioResult | PendingScenario | FailedScenario;

export interface BenchResults {
	generated_at: string;
	mode: 'quick' | 'full';
	settings: Omit<BenchSettings, 'outDir'>;
	machine: { cpus: number; cpu_model: string; memory_gb: number; node: string; platform: string };
	duration_s: number;
	scenarios: ScenarioResult[];
	/** Set when the file merges runs made side by side (scripts/bench/merge.ts): when each ran and what. */
	parts?: Array<{ generated_at: string; scenarios: string[] }>;
}

export interface Scenario {
	id: string;
	title: string;
	/** CRM scenarios: which CRM, and whether the emulator answers at its modelled latency. */
	crm?: CrmKind;
	latency?: boolean;
	run(settings: BenchSettings, log: (line: string) => void): Promise<ScenarioResult>;
}
