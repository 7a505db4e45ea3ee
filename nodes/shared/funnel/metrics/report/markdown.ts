/**
 * The report as a Telegram message (parse mode "Markdown"): bold headings, the funnel as bars in a fixed-width block,
 * one line per manager. Telegram takes at most 4,096 characters a message: managers past that are left to the e-mail.
 */
import type { FunnelView, MetricsRow } from '../figures';
import { chatLine, overLimitLines } from './html';
import { number, percent } from './format';
import type { ReportLabels } from './labels';
import type { ReportContext } from './report';

export const TELEGRAM_LIMIT = 4096;

/** Telegram's legacy Markdown: `_ * [ \`` are escaped with a backslash outside code blocks. */
export function escapeMarkdown(text: string): string {
	return text.replace(/([_*[`])/g, '\\$1');
}

export function reportMarkdown(ctx: ReportContext): string {
	const { labels, result } = ctx;
	const t = result.total;
	const head = [
		`*${escapeMarkdown(labels.title)}* — ${escapeMarkdown(ctx.periodText)}`,
		escapeMarkdown(kpiLine(labels, t)),
	];
	const funnels = t.funnels.map((f) => funnelBlock(labels, f));
	const managers = result.managers.map((m) => `• ${escapeMarkdown(managerLine(labels, m))}`);
	const tail: string[] = [];
	const r = t.firstResponse;
	if (r.newDeals > 0)
		tail.push(
			`*${escapeMarkdown(labels.firstResponse)}*`,
			escapeMarkdown(
				[
					`${labels.tiers.ideal}: ${r.tiers.ideal}`,
					`${labels.tiers.normal}: ${r.tiers.normal}`,
					`${labels.tiers.acceptable}: ${r.tiers.acceptable}`,
					`${labels.tiers.undesirable}: ${r.tiers.undesirable}`,
					`${labels.tiers.notYet}: ${r.notYet}`,
				].join(' · '),
			),
		);
	if (t.chats?.waits) tail.push(escapeMarkdown(chatLine(labels, t)));
	if (t.sales.lossReasons.length)
		tail.push(
			`*${escapeMarkdown(labels.lossReasons)}*`,
			...t.sales.lossReasons.map(
				(l) => `• ${escapeMarkdown(`${l.reason ?? labels.noReason}: ${number(labels, l.count)}`)}`,
			),
		);
	const flags = overLimitLines(ctx).map((line) => `⚠️ ${escapeMarkdown(line)}`);
	const sections = [
		head.join('\n'),
		...funnels,
		managers.length ? [`*${escapeMarkdown(labels.managers)}*`, ...managers].join('\n') : '',
		flags.join('\n'),
		tail.join('\n'),
	].filter(Boolean);
	return fitTelegram(sections, labels);
}

function kpiLine(labels: ReportLabels, row: MetricsRow): string {
	const s = row.sales;
	const parts = [
		`${labels.created}: ${number(labels, s.created)}`,
		`${labels.won}: ${number(labels, s.won)} (${percent(labels, s.wonOfClosedPercent)})`,
		`${labels.revenue}: ${number(labels, s.revenue)}`,
		`${labels.averageCheck}: ${number(labels, s.averageCheck)}`,
		`${labels.cycleDays}: ${number(labels, s.averageCycleDays, 1)}`,
	];
	if (s.unitsPerCheck !== null)
		parts.push(`${labels.unitsPerCheck}: ${number(labels, s.unitsPerCheck, 2)}`);
	if (s.margin) parts.push(`${labels.margin}: ${percent(labels, s.margin.percent)}`);
	return parts.join(' · ');
}

function funnelBlock(labels: ReportLabels, funnel: FunnelView): string {
	const rows: Array<[string, number, string]> = [
		[labels.entered, funnel.entered, ''],
		...funnel.stages.map((s): [string, number, string] => [
			s.name,
			s.reached,
			percent(labels, s.conversionPercent),
		]),
		[labels.won, funnel.won, percent(labels, funnel.wonConversionPercent)],
	];
	const max = Math.max(1, ...rows.map((r) => r[1]));
	const nameWidth = Math.min(22, Math.max(...rows.map((r) => r[0].length)));
	const lines = rows.map(([name, count, conversion]) => {
		const cut =
			name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name.padEnd(nameWidth);
		const filled = Math.round((count / max) * 10);
		const bar = '█'.repeat(filled) + '░'.repeat(10 - filled);
		return `${cut} ${bar} ${String(count).padStart(4)} ${conversion}`.trimEnd();
	});
	// Inside a code block nothing is escaped, and a backtick would close it.
	const block = lines.map((l) => l.replace(/`/g, "'")).join('\n');
	return `*${escapeMarkdown(labels.funnel(funnel.pipelineName))}*\n\`\`\`\n${block}\n\`\`\``;
}

function managerLine(labels: ReportLabels, m: MetricsRow): string {
	const parts = [
		`${labels.created.toLowerCase()} ${number(labels, m.sales.created)}`,
		`${labels.won.toLowerCase()} ${number(labels, m.sales.won)} (${percent(labels, m.sales.wonOfClosedPercent)})`,
		`${labels.revenue.toLowerCase()} ${number(labels, m.sales.revenue)}`,
	];
	if (m.talk?.averagePerDayMinutes != null)
		parts.push(`${labels.talkPerDay.toLowerCase()} ${number(labels, m.talk.averagePerDayMinutes)}`);
	if (m.firstResponse.newDeals)
		parts.push(
			`${labels.respondedIdeal.toLowerCase()} ${percent(labels, m.firstResponse.idealPercent)}`,
		);
	if (m.chats?.waits)
		parts.push(
			`${labels.chatsWithinLimit.toLowerCase()} ${percent(labels, m.chats.withinLimitPercent)}`,
		);
	return `${m.name} — ${parts.join(', ')}`;
}

/** Whole sections while they fit; the limit is never exceeded, and a cut says so. */
function fitTelegram(sections: string[], labels: ReportLabels): string {
	let text = '';
	for (const section of sections) {
		const next = text ? `${text}\n\n${section}` : section;
		if (next.length <= TELEGRAM_LIMIT) {
			text = next;
			continue;
		}
		// A section too long as a whole (many managers): its lines while they fit.
		for (const line of section.split('\n')) {
			if (line.startsWith('```')) break;
			const candidate = `${text}\n${line}`;
			if (candidate.length + labels.truncated.length + 2 > TELEGRAM_LIMIT) break;
			text = candidate;
		}
		return `${text}\n${escapeMarkdown(labels.truncated)}`;
	}
	return text;
}
