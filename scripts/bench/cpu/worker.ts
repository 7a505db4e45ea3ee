/**
 * One CPU subject in a process of its own, so its peak memory is its own:
 *   node --expose-gc --import tsx scripts/bench/cpu/worker.ts <subject id> <items> <timed runs>
 * Builds the input, warms the code up on a slice, then times the runs (each from a collected heap) and prints
 * `RESULT {json}`.
 */
import { CPU_SUBJECTS, type TimedRun } from './subjects';

export interface WorkerResult {
	itemsIn: number;
	runs: TimedRun[];
	/** Resident memory after the input was built, and the process's peak, in bytes. */
	rssAfterInput: number;
	peakRss: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function main() {
	const [id, itemsArg, runsArg] = process.argv.slice(2);
	const subject = CPU_SUBJECTS.find((s) => s.id === id);
	if (!subject) throw new Error(`unknown CPU subject "${id}"`);
	const items = Number(itemsArg);
	const timedRuns = Math.max(1, Number(runsArg ?? 1));

	await subject.prepare(Math.min(items, 2000)).run();
	const prepared = subject.prepare(items);
	gc();
	const rssAfterInput = process.memoryUsage().rss;
	const runs: TimedRun[] = [];
	for (let i = 0; i < timedRuns; i++) {
		gc();
		runs.push(await prepared.run());
	}
	// maxRSS is in kilobytes on Linux.
	const result: WorkerResult = { itemsIn: prepared.itemsIn, runs, rssAfterInput, peakRss: process.resourceUsage().maxRSS * 1024 };
	console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
