/**
 * `npm run bench [-- --quick] [--only 3-,5-lead] [--items N] [--cpu-items N] [--audit-leads N] [--baseline-sample N] [--out DIR]`
 *
 * Runs the scenarios of issue 8 against the CRM emulators with their real limits (each in its own process), through
 * the same workflow harness as the tests, and writes `bench/results.json` and `bench/results.md` (printed too).
 * Full: 10,000 items per CRM scenario, 100,000 per CPU scenario, an audited account of 50,000 leads.
 * `--quick`: 1,000 / 10,000 / 5,000. Benchmarks assert nothing about time: they measure, record and print.
 * Results are written after every scenario, so an interrupted run keeps what it measured.
 */
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

import { writeResults, markdown } from './bench/report';
import { cpuScenarios } from './bench/scenarios/cpu';
import { funnelMetricsScenario } from './bench/scenarios/funnelMetrics';
import { stageMovesScenario } from './bench/scenarios/stageMoves';
import { webinarImportScenario } from './bench/scenarios/webinarImport';
import { weeklyAuditScenario } from './bench/scenarios/weeklyAudit';
import type { BenchResults, BenchSettings, Scenario } from './bench/types';

export const SCENARIOS: Scenario[] = [
	webinarImportScenario('amocrm'),
	webinarImportScenario('bitrix24'),
	stageMovesScenario('amocrm'),
	stageMovesScenario('bitrix24'),
	weeklyAuditScenario('amocrm'),
	weeklyAuditScenario('bitrix24'),
	funnelMetricsScenario('amocrm'),
	funnelMetricsScenario('bitrix24'),
	...cpuScenarios(),
];

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

function count(args: string[], name: string, fallback: number): number {
	const raw = option(args, name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`${name} takes a whole number of 1 or more, not "${raw}"`);
	return value;
}

export function settingsFrom(args: string[]): BenchSettings {
	const quick = args.includes('--quick');
	const items = count(args, '--items', quick ? 1_000 : 10_000);
	const sample = option(args, '--baseline-sample');
	return {
		quick,
		items,
		cpuItems: count(args, '--cpu-items', quick ? 10_000 : 100_000),
		auditLeads: count(args, '--audit-leads', quick ? 5_000 : 50_000),
		// The stock way runs at the CRM's rate by design: ~50 s of it (amoCRM) and ~2 min (Bitrix24) in full runs.
		baselineSample: {
			amocrm: Math.min(items, sample ? count(args, '--baseline-sample', 0) : quick ? 70 : 350),
			bitrix24: Math.min(items, sample ? count(args, '--baseline-sample', 0) : quick ? 40 : 240),
		},
		only: (option(args, '--only') ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		outDir: path.resolve(option(args, '--out') ?? path.join(__dirname, '..', 'bench')),
	};
}

async function main() {
	const settings = settingsFrom(process.argv.slice(2));
	const chosen = SCENARIOS.filter(
		(s) => settings.only.length === 0 || settings.only.some((prefix) => s.id.startsWith(prefix)),
	);
	if (chosen.length === 0)
		throw new Error(
			`no scenario matches --only ${settings.only.join(',')} (ids: ${SCENARIOS.map((s) => s.id).join(', ')})`,
		);
	const cpu = cpus();
	const { outDir, ...recorded } = settings;
	const results: BenchResults = {
		generated_at: new Date().toISOString(),
		mode: settings.quick ? 'quick' : 'full',
		settings: recorded,
		machine: {
			cpus: cpu.length,
			cpu_model: cpu[0]?.model.trim() ?? 'unknown',
			memory_gb: Math.round(totalmem() / 1024 ** 3),
			node: process.version,
			platform: `${process.platform} ${process.arch}`,
		},
		duration_s: 0,
		scenarios: [],
	};
	const started = performance.now();
	let failed = 0;
	for (const scenario of chosen) {
		console.log(`▶ ${scenario.id} ${scenario.title}`);
		const scenarioStarted = performance.now();
		try {
			results.scenarios.push(await scenario.run(settings, (line) => console.log(line)));
		} catch (error) {
			failed++;
			const message = error instanceof Error ? error.message : String(error);
			console.log(`  failed: ${message}`);
			results.scenarios.push({
				id: scenario.id,
				scenario: scenario.title,
				status: 'failed',
				error: message,
			});
		}
		console.log(`  (${Math.round((performance.now() - scenarioStarted) / 1000)} s)`);
		results.duration_s = (performance.now() - started) / 1000;
		writeResults(results, outDir);
	}
	const files = writeResults(results, outDir);
	console.log(`\n${markdown(results)}`);
	console.log(`Wrote ${files.json} and ${files.md}`);
	if (failed > 0) process.exitCode = 1;
}

if (require.main === module) {
	// Ctrl-C: exit through process.exit so the emulators this run started are stopped with it.
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.once(signal, () => process.exit(130));
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
