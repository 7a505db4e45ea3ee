/**
 * `tsx scripts/bench/merge.ts <dir> <dir>… [--out DIR]` — one results file from runs made side by side (e.g. the
 * Bitrix24 scenarios, which mostly wait out the operating budget, in one process and the rest in another), or a
 * scenario that failed and was run again. Scenarios keep the order of `npm run bench`; the run's time is the longest
 * of the parts, and `parts` says where each came from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SCENARIOS } from '../bench';
import { writeResults, markdown } from './report';
import type { BenchResults } from './types';

export function mergeResults(parts: BenchResults[], order: string[]): BenchResults {
	if (parts.length === 0) throw new Error('nothing to merge');
	const modes = new Set(parts.map((p) => p.mode));
	if (modes.size > 1) throw new Error(`cannot merge a quick run with a full run (${[...modes].join(', ')})`);
	// A scenario that failed in one part and was run again in another keeps the run that measured it.
	const all = parts.flatMap((p) => p.scenarios);
	const measuredIds = new Set(all.filter((s) => s.status === 'measured').map((s) => s.id));
	const scenarios = all.filter((s) => s.status !== 'failed' || !measuredIds.has(s.id));
	const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
	scenarios.sort((a, b) => rank(a.id) - rank(b.id));
	const ids = scenarios.map((s) => s.id);
	const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
	if (twice.length) throw new Error(`scenario ${twice.join(', ')} is in more than one part`);
	const first = [...parts].sort((a, b) => a.generated_at.localeCompare(b.generated_at))[0];
	return { ...first, duration_s: Math.max(...parts.map((p) => p.duration_s)), scenarios, parts: parts.map((p) => ({ generated_at: p.generated_at, scenarios: p.scenarios.map((s) => s.id) })) };
}

if (require.main === module) {
	const args = process.argv.slice(2);
	const outAt = args.indexOf('--out');
	const out = path.resolve(outAt >= 0 ? args[outAt + 1] : path.join(__dirname, '../../bench'));
	const dirs = outAt >= 0 ? [...args.slice(0, outAt), ...args.slice(outAt + 2)] : args;
	const merged = mergeResults(
		dirs.map((dir) => JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as BenchResults),
		SCENARIOS.map((s) => s.id),
	);
	const files = writeResults(merged, out);
	console.log(markdown(merged));
	console.log(`Wrote ${files.json} and ${files.md}`);
}
