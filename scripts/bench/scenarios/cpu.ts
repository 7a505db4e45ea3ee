/**
 * Scenario 5 — CPU: µs per item and peak memory of our nodes alone (no HTTP), over 100,000 items (quick: 10,000).
 * Each subject runs in a child process (cpu/worker.ts) so one subject's heap does not inflate another's peak.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { CPU_SUBJECTS, type CpuSubject } from '../cpu/subjects';
import type { WorkerResult } from '../cpu/worker';
import { round } from '../format';
import type { BenchSettings, CpuScenarioResult, Scenario } from '../types';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const MB = 1024 * 1024;

export function cpuScenarios(): Scenario[] {
	return CPU_SUBJECTS.map((subject) => ({ id: subject.id, title: subject.scenario, run: (settings, log) => runCpu(subject, settings, log) }));
}

async function runCpu(subject: CpuSubject, settings: BenchSettings, log: (line: string) => void): Promise<CpuScenarioResult> {
	const timedRuns = settings.quick ? 1 : 3;
	const { stdout } = await run(
		process.execPath,
		['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', path.join(ROOT, 'scripts/bench/cpu/worker.ts'), subject.id, String(settings.cpuItems), String(timedRuns)],
		{ cwd: ROOT, maxBuffer: 16 * MB },
	);
	const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
	if (!line) throw new Error(`${subject.id}: the worker printed no result:\n${stdout.slice(-2000)}`);
	const result = JSON.parse(line.slice('RESULT '.length)) as WorkerResult;
	const sorted = [...result.runs].sort((a, b) => a.ms - b.ms);
	const median = sorted[Math.floor(sorted.length / 2)];
	const itemsOut = Math.min(...result.runs.map((r) => r.itemsOut));
	log(`  ${round(median.ms, 0)} ms for ${result.itemsIn} items, peak ${round(result.peakRss / MB, 0)} MB`);
	return {
		id: subject.id,
		scenario: subject.scenario,
		subject: subject.subject,
		status: 'measured',
		items_in: result.itemsIn,
		items_out: itemsOut,
		items_lost: result.itemsIn - itemsOut,
		total_ms: round(median.ms, 1),
		us_per_item: round((median.ms * 1000) / result.itemsIn, 2),
		runs: result.runs.length,
		peak_rss_mb: round(result.peakRss / MB, 1),
		peak_rss_over_input_mb: round(Math.max(0, result.peakRss - result.rssAfterInput) / MB, 1),
		notes: [`out: ${Object.entries(median.breakdown).map(([k, v]) => `${k} ${v}`).join(', ')}`],
	};
}
