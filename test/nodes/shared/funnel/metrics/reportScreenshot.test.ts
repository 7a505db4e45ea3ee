/**
 * The HTML report as a mail client's browser engine draws it: headless Chromium (Debian's `chromium`, through the
 * shared test/support/chromium.ts) renders the e-mail body of a hand-made week, the test reads the drawn page (the
 * funnel's rows and bar widths, the per-manager table) and keeps a screenshot as test output, in
 * `test-output/screenshots/` (git-ignored; the path is printed).
 *
 * Outside CI a machine without Chromium skips with a message; in CI (`CI` set) a missing Chromium fails.
 */
import { existsSync, readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';

import { computeFunnelMetrics } from '../../../../../nodes/shared/funnel/metrics/funnelMetrics';
import { renderReport } from '../../../../../nodes/shared/funnel/metrics/report/report';
import { CHROMIUM, startChromium, type HeadlessChromium } from '../../../../support/chromium';
import { week } from './histories';

const available = existsSync(CHROMIUM);
if (!available && !process.env.CI)
	console.warn(
		`Skipping the report screenshot: no Chromium at ${CHROMIUM} (apt-get install chromium). CI runs it.`,
	);
const describeWithChromium = available || process.env.CI ? describe : describe.skip;

interface DrawnRow {
	cells: string[];
	/** The coloured part of the row's bar as a share of the whole bar, when the row has a bar. */
	barShare: number | null;
	height: number;
}

/**
 * Rows of the table that follows the heading with this text, as drawn. Runs in the page (plain JavaScript: the test
 * program has no DOM types).
 */
const DRAWN_ROWS = `(text) => {
	const h2 = [...document.querySelectorAll('h2')].find((h) => h.textContent === text);
	let table = h2 ? h2.nextElementSibling : null;
	while (table && table.tagName !== 'TABLE') table = table.nextElementSibling;
	if (!table) return [];
	return [...table.rows]
		.filter((r) => r.parentElement.closest('table') === table && r.querySelector(':scope > td'))
		.map((r) => {
			const bar = r.querySelector('table');
			let barShare = null;
			if (bar) {
				const whole = bar.getBoundingClientRect().width;
				// The coloured cell; the rest of the bar is light grey (#eef2f6).
				const filled = [...bar.querySelectorAll('td')].find(
					(td) => !td.style.background.includes('238, 242, 246'),
				);
				barShare = filled && whole > 0 ? filled.getBoundingClientRect().width / whole : 0;
			}
			return {
				cells: [...r.querySelectorAll(':scope > td')].map((c) => (c.textContent || '').trim()),
				barShare,
				height: r.getBoundingClientRect().height,
			};
		});
}`;

async function tableAfter(page: Page, heading: string): Promise<DrawnRow[]> {
	return (await page.evaluate(`(${DRAWN_ROWS})(${JSON.stringify(heading)})`)) as DrawnRow[];
}

describeWithChromium('the HTML report in headless Chromium', () => {
	const result = computeFunnelMetrics(week());
	const report = renderReport(result, {
		language: 'ru',
		firstDay: '2026-11-16',
		lastDay: '2026-11-22',
		crmName: 'amoCRM',
		talkLimitMinutes: 180,
	});
	let chromium: HeadlessChromium;
	let page: Page;

	beforeAll(async () => {
		chromium = await startChromium({ width: 760, height: 900 });
		page = chromium.page;
		await page.setContent(report.html, { waitUntil: 'load' });
	}, 120_000);

	afterAll(async () => {
		await chromium?.close();
	});

	test('draws the funnel: a row per stage between «Вошли» and «Выиграно», bars as long as the counts', async () => {
		const funnel = result.total.funnels[0];
		const rows = await tableAfter(page, `Воронка «${funnel.pipelineName}»`);
		expect(rows.map((r) => r.cells[0])).toEqual([
			'Вошли в воронку',
			...funnel.stages.map((s) => s.name),
			'Выиграно',
		]);
		const counts = [funnel.entered, ...funnel.stages.map((s) => s.reached), funnel.won];
		expect(rows.map((r) => r.cells[2])).toEqual(counts.map(String));
		const max = Math.max(...counts);
		rows.forEach((row, i) => {
			expect(row.height).toBeGreaterThan(10);
			expect(row.barShare).not.toBeNull();
			expect(row.barShare!).toBeCloseTo(counts[i] / max, 1);
		});
		// The longest bar is drawn longer than the shortest non-empty one.
		const shares = rows.map((r) => r.barShare!);
		expect(Math.max(...shares)).toBeGreaterThan(Math.min(...shares.filter((s) => s > 0)));
	});

	test('draws the per-manager table: a visible row per manager with the numbers', async () => {
		const rows = await tableAfter(page, 'Менеджеры');
		expect(rows.map((r) => r.cells[0])).toEqual(result.managers.map((m) => m.name));
		for (const [i, manager] of result.managers.entries()) {
			expect(rows[i].height).toBeGreaterThan(10);
			expect(rows[i].cells[1]).toBe(String(manager.sales.created));
			expect(rows[i].cells[2]).toBe(String(manager.sales.won));
		}
		// Nothing wider than the 680-pixel e-mail column: no horizontal scrolling in a mail client.
		const width = await page.evaluate('document.documentElement.scrollWidth');
		expect(width).toBeLessThanOrEqual(760);
	});

	test('keeps a screenshot of the whole report as test output', async () => {
		const file = await chromium.screenshot('funnel-metrics-report');
		const png = readFileSync(file);
		// A PNG (signature), of the page's size (IHDR width and height), with real content (not a blank few bytes).
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(png.readUInt32BE(16)).toBe(760);
		expect(png.readUInt32BE(20)).toBeGreaterThan(900);
		expect(png.length).toBeGreaterThan(20_000);
		console.log(`Funnel Metrics report screenshot: ${file}`);
	});
});
