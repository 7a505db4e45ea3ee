import { mergeResults } from '../../scripts/bench/merge';
import type { BenchResults, CpuScenarioResult, FailedScenario } from '../../scripts/bench/types';

const scenario = (id: string): FailedScenario => ({ id, scenario: id, status: 'failed', error: 'placeholder' });

function run(generatedAt: string, durationS: number, ids: string[], mode: BenchResults['mode'] = 'full'): BenchResults {
	return {
		generated_at: generatedAt,
		mode,
		settings: { quick: mode === 'quick', items: 10_000, cpuItems: 100_000, auditLeads: 50_000, baselineSample: { amocrm: 350, bitrix24: 240 }, only: [], latency: 'both' },
		machine: { cpus: 2, cpu_model: 'test', memory_gb: 8, node: 'v20', platform: 'linux x64' },
		duration_s: durationS,
		scenarios: ids.map(scenario),
	};
}

describe('merging bench runs made side by side', () => {
	const order = ['1-amocrm', '2-bitrix24', '3-amocrm', '3-bitrix24', '4-amocrm'];

	test('keeps the bench order, the longest duration and says where each scenario came from', () => {
		const merged = mergeResults([run('2026-01-01T05:16:00Z', 3000, ['1-amocrm', '3-amocrm', '4-amocrm']), run('2026-01-01T05:15:00Z', 2400, ['2-bitrix24', '3-bitrix24'])], order);
		expect(merged.scenarios.map((s) => s.id)).toEqual(order);
		expect(merged.duration_s).toBe(3000);
		expect(merged.generated_at).toBe('2026-01-01T05:15:00Z');
		expect(merged.parts).toEqual([
			{ generated_at: '2026-01-01T05:16:00Z', scenarios: ['1-amocrm', '3-amocrm', '4-amocrm'] },
			{ generated_at: '2026-01-01T05:15:00Z', scenarios: ['2-bitrix24', '3-bitrix24'] },
		]);
	});

	test('a scenario that failed in one part and was measured in another keeps the measurement', () => {
		const again = run('b', 1, []);
		const measured: CpuScenarioResult = { id: '4-amocrm', scenario: 'stand-in', subject: 'stand-in', status: 'measured', items_in: 1, items_out: 1, items_lost: 0, total_ms: 1, us_per_item: 1, runs: 1, peak_rss_mb: 1, peak_rss_over_input_mb: 0, notes: [] };
		again.scenarios = [measured];
		const merged = mergeResults([run('a', 1, ['1-amocrm', '4-amocrm']), again], order);
		expect(merged.scenarios.map((s) => [s.id, s.status])).toEqual([['1-amocrm', 'failed'], ['4-amocrm', 'measured']]);
	});

	test('refuses a scenario measured twice, and a quick run mixed with a full one', () => {
		expect(() => mergeResults([run('a', 1, ['1-amocrm']), run('b', 1, ['1-amocrm'])], order)).toThrow('scenario 1-amocrm is in more than one part');
		expect(() => mergeResults([run('a', 1, ['1-amocrm']), run('b', 1, ['2-bitrix24'], 'quick')], order)).toThrow('cannot merge a quick run with a full run');
	});
});
