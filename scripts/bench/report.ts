/** `bench/results.json` and the Markdown table of `bench/results.md` (also printed), from the scenario results. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { fmt } from './format';
import type { BenchResults, CpuScenarioResult, CrmScenarioResult, FailedScenario, PendingScenario } from './types';

const CRM_NAME = { amocrm: 'amoCRM', bitrix24: 'Bitrix24' } as const;

function ratio(a: number, b: number, digits = 2): string {
	return b > 0 ? `${(a / b).toFixed(digits)}×` : 'n/a';
}

function crmRow(r: CrmScenarioResult): string {
	const stock = r.baseline_requests > 0;
	const stockRequests = stock ? `${fmt(r.baseline_requests)} (${ratio(r.baseline_requests, r.requests, 0)} ours)` : '—';
	const stockWall = stock ? `${fmt(Math.round(r.baseline_wall_s))} s (${ratio(r.baseline_wall_s, r.wall_s, 0)} ours)` : '—';
	return `| ${r.id} | ${r.scenario} | ${CRM_NAME[r.crm]} | ${latencyCell(r)} | ${fmt(r.items_in)} | ${fmt(r.requests)} | ${fmt(r.min_requests)} | ${ratio(r.requests, r.min_requests)} | ${r.wall_s} | ${r.server_s} | ${r.ideal_wall_s} | ${r.ideal_wall_s > 0 ? ratio(r.wall_s, r.ideal_wall_s) : 'n/a (burst)'} | ${r.rate_limit_errors} | ${r.items_lost} | ${stockRequests} | ${stockWall} |`;
}

function latencyCell(r: CrmScenarioResult): string {
	return r.latency_ms ? `${r.latency_ms} ms` : '0';
}

function pendingRow(r: PendingScenario): string {
	const crm = r.crm ? CRM_NAME[r.crm] : '';
	const min = r.min_requests !== undefined ? fmt(r.min_requests) : '';
	const ideal = r.ideal_wall_s !== undefined ? String(r.ideal_wall_s) : '';
	return `| ${r.id} | ${r.scenario} | ${crm} | | — | ${r.needs} | ${min} | | | | ${ideal} | | | | | |`;
}

function failedRow(r: FailedScenario): string {
	return `| ${r.id} | ${r.scenario} | | | | **failed**: ${r.error.replace(/\|/g, '/').replace(/\n/g, ' ').slice(0, 200)} | | | | | | | | | | |`;
}

/** Each CRM scenario with and without latency on one line: requests, wall, ideal, their ratio, 429/503. */
export function sideBySide(results: BenchResults): string[] {
	const measured = results.scenarios.filter((s): s is CrmScenarioResult => s.status === 'measured' && 'min_requests' in s);
	const base = measured.filter((r) => !r.latency_ms);
	const rows = base.map((r) => {
		const slow = measured.find((m) => m.id === `${r.id}-latency`);
		const half = (m: CrmScenarioResult | undefined) =>
			m ? `${fmt(m.requests)} | ${m.wall_s} | ${m.ideal_wall_s} | ${m.ideal_wall_s > 0 ? ratio(m.wall_s, m.ideal_wall_s) : 'n/a (burst)'} | ${m.rate_limit_errors}` : '— | — | — | — | —';
		return `| ${r.id} | ${r.scenario} | ${CRM_NAME[r.crm]} | ${fmt(r.items_in)} | ${fmt(r.min_requests)} | ${half(r)} | ${slow ? `${slow.latency_ms} ms` : '—'} | ${half(slow)} |`;
	});
	if (rows.length === 0) return [];
	return [
		'| # | Scenario | CRM | Items | Min | Requests | Wall s | Ideal s | Wall ÷ ideal | 429/503 | Latency | Requests | Wall s | Ideal s | Wall ÷ ideal | 429/503 |',
		'|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
		...rows,
		'',
	];
}

function cpuRow(r: CpuScenarioResult): string {
	return `| ${r.id} | ${r.scenario.replace(/^CPU: /, '')} | ${fmt(r.items_in)} | ${r.us_per_item} | ${fmt(Math.round(r.total_ms))} | ${r.peak_rss_mb} | ${r.peak_rss_over_input_mb} | ${r.items_lost} | ${r.subject} |`;
}

export function markdown(results: BenchResults): string {
	const cpu = results.scenarios.filter((s): s is CpuScenarioResult => s.status === 'measured' && 'us_per_item' in s);
	// CRM scenarios, pending ones and any that failed share the first table.
	const crm = results.scenarios.filter((s) => !cpu.includes(s as CpuScenarioResult));
	const lines = [
		`Benchmarks, ${results.mode} run (${fmt(results.settings.items)} items per CRM scenario, ${fmt(results.settings.cpuItems)} per CPU scenario), ${results.generated_at}, ` +
			`${results.machine.cpus} × ${results.machine.cpu_model}, Node ${results.machine.node}; took ${Math.round(results.duration_s)} s.` +
			(results.parts ? ` Merged from ${results.parts.length} runs made side by side: ${results.parts.map((p) => `${p.scenarios.join(', ')} (from ${p.generated_at})`).join('; ')}.` : ''),
		'',
		...sideBySide(results),
		'| # | Scenario | CRM | Latency | Items | Requests | Min | Req ÷ min | Wall s | CRM answering s | Ideal s | Wall ÷ ideal | 429/503 | Lost | Stock way: requests | Stock way: wall |',
		'|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
		...crm.map((r) => (r.status === 'pending' ? pendingRow(r) : r.status === 'failed' ? failedRow(r) : crmRow(r as CrmScenarioResult))),
		'',
		'| # | CPU | Items | µs / item | Total ms | Peak RSS MB | Peak over input MB | Lost | What ran |',
		'|---|---|--:|--:|--:|--:|--:|--:|---|',
		...cpu.map(cpuRow),
		'',
		'CRM answering s: the emulator\'s own time answering our requests, summed (its CPU, in its own process, and the modelled latency when there is one). Ideal s counts the rate limits and, at latency, the first and the last answer; everything else may overlap.',
		'',
		'How the numbers are made:',
		...results.scenarios.flatMap((r) => {
			if (r.status === 'measured' && 'min_requests_arithmetic' in r) {
				return [
					`- ${r.id}: min = ${r.min_requests_arithmetic}; ideal = ${r.ideal_wall_arithmetic}; stock way ${r.baseline_basis}` +
						`${r.baseline_rate_limit_errors ? `, ${r.baseline_rate_limit_errors} rate-limit answers` : ''}${r.baseline_failed_items ? `, ${r.baseline_failed_items} items failed` : ''}.` +
						` Ours sent: ${Object.entries(r.requests_by_kind).map(([k, v]) => `${v} × ${k}`).join(', ')}.${r.notes.length ? ` ${r.notes.join('; ')}.` : ''}`,
				];
			}
			if (r.status === 'pending') return [`- ${r.id}: ${r.needs}. Prepared: ${r.prepared.join('; ')}. Target: min = ${r.min_requests_arithmetic}; ideal = ${r.ideal_wall_arithmetic}.`];
			if (r.status === 'measured' && 'us_per_item' in r) return [`- ${r.id}: median of ${r.runs} run(s); ${r.notes.join('; ')}.`];
			return [];
		}),
	];
	return `${lines.join('\n')}\n`;
}

export function writeResults(results: BenchResults, outDir: string): { json: string; md: string } {
	mkdirSync(outDir, { recursive: true });
	const json = path.join(outDir, 'results.json');
	const md = path.join(outDir, 'results.md');
	writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
	writeFileSync(md, markdown(results));
	return { json, md };
}
