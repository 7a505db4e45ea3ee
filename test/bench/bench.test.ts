/**
 * `npm run bench -- --quick` on a reduced set (fewer items, a small stock-way sample), run as a user runs it, in a
 * child process: it must finish and write a well-formed results file. Nothing here is about speed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { BenchResults, CpuScenarioResult, CrmScenarioResult } from '../../scripts/bench/types';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

let out: string;
let results: BenchResults;
let table: string;

beforeAll(async () => {
	out = mkdtempSync(path.join(tmpdir(), 'bench-test-'));
	await run(
		process.execPath,
		['--import', 'tsx', 'scripts/bench.ts', '--quick', '--items', '300', '--cpu-items', '2000', '--audit-leads', '1000', '--baseline-sample', '8', '--out', out],
		{ cwd: ROOT, maxBuffer: 32 * 1024 * 1024 },
	);
	results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as BenchResults;
	table = readFileSync(path.join(out, 'results.md'), 'utf8');
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

describe('npm run bench -- --quick (reduced)', () => {
	test('records every scenario of the issue, none failed or pending', () => {
		expect(results.mode).toBe('quick');
		expect(results.scenarios.map((s) => s.id)).toEqual(['1-amocrm', '2-bitrix24', '3-amocrm', '3-bitrix24', '4-amocrm', '4-bitrix24', 'metrics-amocrm', 'metrics-bitrix24', '5-lead-normalize', '5-lead-dedup', '5-webinar-router', '5-call-attempts']);
		expect(results.scenarios.filter((s) => s.status !== 'measured')).toEqual([]);
		expect(finite(results.duration_s)).toBe(true);
		expect(results.machine.cpus).toBeGreaterThan(0);
	});

	test('CRM scenarios carry every field with finite numbers, lose nothing and meet no rate limit', () => {
		const crm = results.scenarios.filter((s): s is CrmScenarioResult => s.status === 'measured' && 'min_requests' in s);
		expect(crm.map((s) => s.id)).toEqual(['1-amocrm', '2-bitrix24', '3-amocrm', '3-bitrix24', '4-amocrm', '4-bitrix24', 'metrics-amocrm', 'metrics-bitrix24']);
		for (const s of crm) {
			for (const field of ['items_in', 'items_out', 'items_lost', 'requests', 'min_requests', 'wall_s', 'server_s', 'ideal_wall_s', 'rate_limit_errors', 'baseline_requests', 'baseline_wall_s'] as const) {
				expect(finite(s[field])).toBe(true);
			}
			expect(s.items_lost).toBe(0);
			expect(s.items_out).toBe(s.items_in);
			expect(s.rate_limit_errors).toBe(0);
			expect(s.requests).toBeGreaterThanOrEqual(s.min_requests);
			expect(s.min_requests_arithmetic).toMatch(/→ \d+$/);
			expect(s.acceptance.nothing_lost).toBe(true);
		}
	});

	test('imports and stage moves are compared with the stock way measured on a sample; the audit says why it has none', () => {
		const byId = Object.fromEntries(results.scenarios.map((s) => [s.id, s as CrmScenarioResult]));
		for (const id of ['1-amocrm', '2-bitrix24', '3-amocrm', '3-bitrix24']) {
			expect(byId[id].items_in).toBe(300);
			expect(byId[id].baseline_basis).toContain('measured on 8 of');
			expect(byId[id].baseline_requests).toBeGreaterThan(byId[id].requests);
			// The stock way is measured, not ours to keep clean: HTTP Request's Batching starts items exactly 1000/7 ms
			// apart and amoCRM counts arrivals, so on a loaded machine one sample item can meet a 429 (seen in CI).
			// What matters is that such a failure is counted and reported, never hidden.
			const failed = byId[id].baseline_failed_items;
			expect(Number.isInteger(failed) && failed >= 0 && failed <= 8).toBe(true);
			if (failed > 0) expect(table).toContain(`${failed} items failed`);
		}
		// Stage moves: every lead is in the target stage afterwards; imports: one deal per new person.
		expect(byId['3-amocrm'].verified_in_crm).toBe(300);
		expect(byId['3-bitrix24'].verified_in_crm).toBe(300);
		for (const id of ['1-amocrm', '2-bitrix24']) expect(byId[id].verified_in_crm).toBeGreaterThan(0);
		// Funnel metrics: every deal the period names is counted in the total row (none lost, none twice).
		for (const id of ['metrics-amocrm', 'metrics-bitrix24']) {
			expect(byId[id].items_in).toBeGreaterThan(0);
			expect(byId[id].verified_in_crm).toBeGreaterThan(0);
			expect(byId[id].acceptance.nothing_lost).toBe(true);
			expect(byId[id].baseline_basis).toMatch(/^none: /);
		}
		for (const id of ['4-amocrm', '4-bitrix24']) {
			expect(byId[id].items_in).toBeGreaterThanOrEqual(1000);
			expect(byId[id].verified_in_crm).toBe(byId[id].items_in);
			expect(byId[id].baseline_basis).toMatch(/^none: /);
		}
	});

	test('CPU scenarios give µs per item and peak memory, and every item comes out', () => {
		const cpu = results.scenarios.filter((s): s is CpuScenarioResult => s.status === 'measured' && 'us_per_item' in s);
		expect(cpu).toHaveLength(4);
		for (const s of cpu) {
			expect(s.items_in).toBe(2000);
			expect(s.items_lost).toBe(0);
			expect(finite(s.us_per_item) && s.us_per_item > 0).toBe(true);
			expect(finite(s.peak_rss_mb) && s.peak_rss_mb > 0).toBe(true);
		}
	});

	test('the Markdown table has a row per scenario', () => {
		for (const s of results.scenarios) expect(table).toContain(`| ${s.id} |`);
	});
});
