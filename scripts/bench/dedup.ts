// Measures the in-memory dedup of Lead Dedup: key normalisation + in-batch matching of 10,000 leads with 30%
// duplicates written in mixed phone formats and upper-case emails. Run: npx tsx scripts/bench/dedup.ts
import { dedupWithinInput } from '../../nodes/shared/funnel/dedup/batchDedup';
import { dedupKeysOf, KeyCache, type DedupSettings } from '../../nodes/shared/funnel/dedup/dedupKeys';
import { syntheticLeads } from '../../test/fixtures/syntheticLeads';

const settings: DedupSettings = { keys: ['phone', 'email'], match: 'any', byExternalId: true };
const { leads, expected } = syntheticLeads(10_000, 0.3);

function once() {
	const started = performance.now();
	const cache = new KeyCache(settings);
	const keys = leads.map((lead) => dedupKeysOf(lead, settings, cache));
	const keyed = performance.now();
	const result = dedupWithinInput(keys);
	const done = performance.now();
	return { keysMs: keyed - started, matchMs: done - keyed, totalMs: done - started, duplicates: result.filter(Boolean).length, result };
}

const runs = Array.from({ length: 7 }, once);
const wrong = runs[0].result.filter((r, i) => (r ? r.firstItemIndex : null) !== expected[i]).length;
const sorted = [...runs].sort((a, b) => a.totalMs - b.totalMs);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
	JSON.stringify({
		leads: leads.length,
		duplicates: runs[0].duplicates,
		wrong,
		firstRunMs: Math.round(runs[0].totalMs),
		medianMs: Math.round(median.totalMs),
		medianKeysMs: Math.round(median.keysMs),
		medianMatchMs: Math.round(median.matchMs * 10) / 10,
	}),
);
