/**
 * Scenario 4 — the weekly pipeline audit over an account of 50,000 leads (quick: 5,000), each CRM: the Pipeline
 * Audit node with its defaults (every pipeline, the default rules, no cleanup) started by a tick, against the emulator
 * with its real limits. The account is seeded in the emulator's own process (timed, not counted). Items here are the
 * deals: every deal of the account must be audited (the node's summary counts them). There is no stock way to
 * compare with: HTTP Request pages the same lists, and the audit's rules would be a Code node's to write.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CrmKind } from '../../../nodes/shared/crm/types';
import type { WorkflowJson } from '../../../test/harness/runWorkflow';
import { crmState } from '../../../test/support/crmState';
import type { CrmWorld } from '../../../test/support/crmWorlds';
import { CREDENTIALS, harnessFor, measureRun, serverSeconds, requestsByKind, modelledLatency, variant, wallAcceptance } from '../crmRun';
import { startEmulator, type RunningCrm } from '../emulatorProcess';
import { fmt, round } from '../format';
import { amoAudit, bitrixAudit, idealOf } from '../minimums';
import type { BenchSettings, CrmScenarioResult, Scenario } from '../types';

const NODE = 'Pipeline Audit';
const WEEK_MS = 7 * 86_400_000;

export function auditSeed(crm: CrmKind, leads: number): unknown {
	const contacts = Math.round(leads / 4);
	return crm === 'amocrm' ? { generate: { leads, contacts } } : { deals: leads, contacts, leads: 200 };
}

/** Tick → Pipeline Audit (defaults) → a No-op per output. */
function auditWorkflow(crm: CrmKind): WorkflowJson {
	const outputs = ['Findings', 'Summary', 'Cleanup'];
	return {
		id: `bench-audit-${crm}`,
		name: `Bench: weekly audit on ${crm}`,
		nodes: [
			{ id: 'start', name: 'Items', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'audit',
				name: NODE,
				type: 'n8n-nodes-sales-funnel.pipelineAudit',
				typeVersion: 1,
				position: [240, 0],
				parameters: crm === 'amocrm' ? { crm: 'amocrm', authentication: 'longLivedToken' } : { crm: 'bitrix24', bitrixEntity: 'deal' },
				credentials: CREDENTIALS[crm],
			},
			...outputs.map((name, i) => ({ id: `o${i}`, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [480, i * 100] as [number, number], parameters: {} })),
		],
		connections: {
			Items: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) },
		},
	};
}

function asWorld(crm: CrmKind, emulator: RunningCrm): CrmWorld {
	return { crm, control: emulator.control } as unknown as CrmWorld;
}

export function weeklyAuditScenario(crm: CrmKind, latency = false): Scenario {
	const { id, title } = variant(`4-${crm}`, `Weekly audit (${crm === 'amocrm' ? 'amoCRM' : 'Bitrix24'})`, latency);
	return { id, title, crm, latency, run: (settings, log) => runAudit(crm, id, latency, settings, log) };
}

async function runAudit(crm: CrmKind, id: string, latency: boolean, settings: BenchSettings, log: (line: string) => void): Promise<CrmScenarioResult> {
	const model = modelledLatency(crm, latency);
	// 50,000 deals with their contacts and activities make a large emulator heap.
	const emulator = await startEmulator(crm, auditSeed(crm, settings.auditLeads), { heapMb: 4096, latency });
	let load: { deals: number; openTasks: number; newDeals: number; newDealCalls: number; stageChanges: number };
	let moves: number[] = [];
	let run: Awaited<ReturnType<typeof measureRun>>;
	try {
		const state = await crmState(asWorld(crm, emulator));
		const now = Date.now();
		const fresh = new Set(state.deals.filter((d) => now - d.createdMs <= WEEK_MS).map((d) => d.id));
		load = {
			deals: state.deals.length,
			openTasks: state.tasks.filter((t) => !t.completed).length,
			newDeals: fresh.size,
			newDealCalls: state.calls.filter((c) => fresh.has(c.dealId)).length,
			stageChanges: 0,
		};
		if (crm === 'amocrm') {
			// amoCRM's stage changes, to count those of the window the audit reads (its summary names the window).
			const raw = await emulator.control<{ events: Array<{ type: string; created_at: number; value_after?: Array<{ lead_status?: { id: number } }> }> }>('GET', 'state');
			// Moves into open stages (not won 142, not lost 143): the only ones the audit asks for.
			const intoOpen = (e: (typeof raw.events)[number]) => ![undefined, 142, 143].includes(e.value_after?.[0]?.lead_status?.id);
			moves = raw.events.filter((e) => e.type === 'lead_status_changed' && intoOpen(e)).map((e) => e.created_at * 1000);
		}
		log(`  account: ${fmt(load.deals)} deals, ${fmt(load.openTasks)} open tasks, ${fmt(load.newDeals)} new this week; seeded in ${round(emulator.startSeconds, 1)} s (not counted)`);
		run = await measureRun(emulator, harnessFor(emulator), auditWorkflow(crm), [{ tick: true }]);
		if (run.status !== 'success') throw new Error(`the audit failed: ${run.error}`);
		log(`  ours: ${run.requests.length} requests in ${round(run.wallSeconds, 2)} s`);
	} finally {
		await emulator.stop();
	}
	const [findings = [], summaries = []] = run.result.outputs(NODE);
	const auditRow = summaries.find((r) => r.summary === 'audit') as IDataObject | undefined;
	const audited = Number(auditRow?.deals ?? 0);
	const window = auditRow?.stageChangesRead as { since?: string } | undefined;
	if (window?.since) load.stageChanges = moves.filter((at) => at >= Date.parse(window.since!)).length;
	const minimum = crm === 'amocrm' ? amoAudit({ leads: load.deals, openTasks: load.openTasks, newDeals: load.newDeals, newDealCalls: load.newDealCalls, stageChanges: load.stageChanges }) : bitrixAudit({ deals: load.deals, openActivities: load.openTasks, newDeals: load.newDeals, newDealCalls: load.newDealCalls });
	const ideal = idealOf(crm, minimum, run.startedAtMs, model);
	const requests = run.requests.length;
	const byType = findings.reduce<Record<string, number>>((acc, f) => ({ ...acc, [String(f.type)]: (acc[String(f.type)] ?? 0) + 1 }), {});
	return {
		id,
		scenario: 'Weekly audit',
		crm,
		status: 'measured',
		latency_ms: model?.baseMs ?? 0,
		items_in: load.deals,
		items_out: audited,
		items_lost: load.deals - audited,
		verified_in_crm: audited,
		requests,
		min_requests: minimum.requests.length,
		min_requests_arithmetic: minimum.arithmetic,
		wall_s: round(run.wallSeconds, 2),
		ideal_wall_s: round(ideal.seconds, 2),
		ideal_wall_arithmetic: ideal.arithmetic,
		rate_limit_errors: run.rateLimitErrors,
		server_s: round(serverSeconds(run.requests), 2),
		baseline_requests: 0,
		baseline_wall_s: 0,
		baseline_basis: 'none: n8n has no audit to compare with (HTTP Request would page the same lists; the rules would be custom code)',
		baseline_sample_items: 0,
		baseline_sample_wall_s: 0,
		baseline_sample_requests: 0,
		baseline_rate_limit_errors: 0,
		baseline_failed_items: 0,
		requests_by_kind: requestsByKind(run.requests),
		acceptance: {
			requests_within_5_percent: requests <= 1.05 * minimum.requests.length,
			...wallAcceptance(run.wallSeconds, ideal.seconds, latency),
			no_rate_limit_errors: run.rateLimitErrors === 0,
			nothing_lost: audited === load.deals,
		},
		notes: [
			`account seeded in ${round(emulator.startSeconds, 1)} s through the emulator's --seed (not counted)`,
			`${fmt(findings.length)} findings: ${Object.entries(byType).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}; ${fmt(summaries.length)} summary rows`,
		],
	};
}
