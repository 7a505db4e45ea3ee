import { computeFunnelMetrics } from '../../../../../nodes/shared/funnel/metrics/funnelMetrics';
import { renderReport } from '../../../../../nodes/shared/funnel/metrics/report/report';
import { TELEGRAM_LIMIT } from '../../../../../nodes/shared/funnel/metrics/report/markdown';
import { week } from './histories';

const options = {
	firstDay: '2026-11-16',
	lastDay: '2026-11-22',
	crmName: 'amoCRM',
	talkLimitMinutes: 180,
};

describe('the report', () => {
	const result = computeFunnelMetrics(week());

	test('an HTML e-mail body: tables and inline styles, no scripts, no images, no external resources', () => {
		const { html, subject } = renderReport(result, { ...options, language: 'ru' });
		expect(subject).toBe('Воронка продаж за 16.11.2026 – 22.11.2026');
		expect(html).toMatch(/^<!DOCTYPE html>/);
		expect(html).not.toMatch(/<script|<img|<link|<style|url\(|https?:\/\//i);
		expect(html).toContain('Воронка «Продажи»');
		// A bar per stage, the widths in percent of the largest bar; conversions from bar to bar.
		expect(html).toContain('<td width="60%" style="background:#2f80ed;');
		expect(html).toContain('33%');
		expect(html).toContain('Наталья');
		expect(html).toContain('Наталья: больше 3 ч на телефоне — 17.11 (3 ч 30 мин)');
		expect(html).toContain('Дорого');
		expect(html).toContain('Без причины');
		expect(html).toMatch(/150[\s ]000/);
	});

	test('English labels on request', () => {
		const { html, markdown, subject } = renderReport(result, { ...options, language: 'en' });
		expect(subject).toBe('Sales funnel, Nov 16, 2026 – Nov 22, 2026');
		expect(html).toContain('Pipeline “Продажи”');
		expect(html).toContain('Conversion (won ÷ closed)');
		expect(markdown).toContain('*Sales funnel*');
		expect(html).toContain('150,000');
	});

	test('the same as a Telegram message: bars in a code block, names escaped, within 4,096 characters', () => {
		const { markdown } = renderReport(result, { ...options, language: 'ru' });
		expect(markdown).toContain('*Воронка «Продажи»*\n```\n');
		expect(markdown).toMatch(/S1\s+█{10}\s+5 100%/);
		expect(markdown).toContain('• Наталья — новых сделок 2');
		const tricky = computeFunnelMetrics({
			...week(),
			users: [{ id: 'u1', name: 'Ната_лья *VIP*', email: null, active: true }],
		});
		expect(renderReport(tricky, { ...options, language: 'ru' }).markdown).toContain(
			'Ната\\_лья \\*VIP\\*',
		);
		const many = computeFunnelMetrics({
			...week(),
			users: Array.from({ length: 1 }, () => ({
				id: 'u1',
				name: 'Н'.repeat(5000),
				email: null,
				active: true,
			})),
		});
		const long = renderReport(many, { ...options, language: 'ru' }).markdown;
		expect(long.length).toBeLessThanOrEqual(TELEGRAM_LIMIT);
		expect(long).toContain('полный отчёт — в письме');
	});
});
