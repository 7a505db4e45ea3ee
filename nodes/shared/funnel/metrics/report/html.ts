/**
 * The report as an e-mail body that common mail clients show as meant: tables for layout, inline styles only, no
 * images, no scripts, no web fonts. The funnel chart is a table whose bars are coloured cells of a width in percent.
 */
import type { FunnelView, MetricsRow } from '../figures';
import { day, duration, number, percent } from './format';
import type { ReportLabels } from './labels';
import type { ReportContext } from './report';

const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1f2933;';
const CELL = `${FONT}font-size:13px;padding:6px 8px;border-bottom:1px solid #e4e7eb;`;
const HEAD = `${FONT}font-size:12px;padding:6px 8px;border-bottom:2px solid #cbd2d9;color:#52606d;text-align:left;`;
const BAR = '#2f80ed';
const WON = '#27ae60';

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

export function reportHtml(ctx: ReportContext): string {
	const { labels, result } = ctx;
	const t = result.total;
	const parts: string[] = [];
	parts.push(
		`<h1 style="${FONT}font-size:22px;margin:0 0 4px 0;">${escapeHtml(labels.title)}</h1>`,
		`<p style="${FONT}font-size:13px;color:#52606d;margin:0 0 16px 0;">${escapeHtml(
			`${labels.period}: ${ctx.periodText} · ${labels.crm}: ${ctx.crmName}`,
		)}</p>`,
		kpis(labels, t),
	);
	for (const funnel of t.funnels) parts.push(funnelChart(labels, funnel));
	parts.push(managersTable(ctx));
	parts.push(responseTable(labels, t));
	if (t.chats)
		parts.push(
			`<p style="${FONT}font-size:13px;margin:8px 0 0 0;">${escapeHtml(chatLine(labels, t))}</p>`,
		);
	parts.push(lossTable(labels, t));
	const flags = overLimitLines(ctx);
	if (flags.length)
		parts.push(
			`<p style="${FONT}font-size:13px;margin:16px 0 0 0;color:#b42318;">${flags.map(escapeHtml).join('<br>')}</p>`,
		);
	parts.push(
		`<p style="${FONT}font-size:11px;color:#7b8794;margin:20px 0 0 0;">${escapeHtml(labels.footer)}</p>`,
	);
	return [
		'<!DOCTYPE html>',
		`<html lang="${labels.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(ctx.subject)}</title></head>`,
		'<body style="margin:0;padding:0;background:#f5f7fa;">',
		'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f5f7fa;"><tr><td align="center" style="padding:16px 8px;">',
		'<table role="presentation" width="680" cellpadding="0" cellspacing="0" border="0" style="max-width:680px;width:100%;background:#ffffff;border:1px solid #e4e7eb;"><tr><td style="padding:20px 24px;">',
		parts.join('\n'),
		'</td></tr></table>',
		'</td></tr></table>',
		'</body></html>',
	].join('\n');
}

function kpis(labels: ReportLabels, row: MetricsRow): string {
	const s = row.sales;
	const cells: Array<[string, string]> = [
		[labels.created, number(labels, s.created)],
		[labels.won, `${number(labels, s.won)}`],
		[labels.wonOfClosed, percent(labels, s.wonOfClosedPercent)],
		[labels.wonOfCreated, percent(labels, s.wonOfCreatedPercent)],
		[labels.revenue, number(labels, s.revenue)],
		[labels.averageCheck, number(labels, s.averageCheck)],
		[labels.cycleDays, number(labels, s.averageCycleDays, 1)],
		[labels.unitsPerCheck, number(labels, s.unitsPerCheck, 2)],
	];
	if (s.margin)
		cells.push([
			labels.margin,
			`${number(labels, s.margin.amount)} (${percent(labels, s.margin.percent)})`,
		]);
	const rows: string[] = [];
	for (let i = 0; i < cells.length; i += 4) {
		const slice = cells.slice(i, i + 4);
		rows.push(
			`<tr>${slice
				.map(
					([label, value]) =>
						`<td width="25%" valign="top" style="${FONT}padding:8px;border:1px solid #e4e7eb;"><div style="font-size:11px;color:#52606d;">${escapeHtml(label)}</div><div style="font-size:20px;font-weight:bold;margin-top:2px;">${escapeHtml(value)}</div></td>`,
				)
				.join('')}</tr>`,
		);
	}
	return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin-bottom:8px;">${rows.join('')}</table>`;
}

function barCell(share: number, color: string): string {
	const width = Math.max(0, Math.min(100, Math.round(share * 100)));
	const filled =
		width > 0
			? `<td width="${width}%" style="background:${color};height:16px;font-size:1px;line-height:16px;">&nbsp;</td>`
			: '';
	const empty =
		width < 100
			? `<td width="${100 - width}%" style="background:#eef2f6;height:16px;font-size:1px;line-height:16px;">&nbsp;</td>`
			: '';
	return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${filled}${empty}</tr></table>`;
}

function funnelChart(labels: ReportLabels, funnel: FunnelView): string {
	const max = Math.max(1, funnel.entered, ...funnel.stages.map((s) => s.reached));
	const line = (name: string, count: number, conversion: string, color: string) =>
		`<tr><td width="34%" style="${CELL}">${escapeHtml(name)}</td><td width="44%" style="${CELL}">${barCell(count / max, color)}</td><td width="9%" align="right" style="${CELL}font-weight:bold;">${escapeHtml(number(labels, count))}</td><td width="13%" align="right" style="${CELL}color:#52606d;">${escapeHtml(conversion)}</td></tr>`;
	const rows = [
		line(labels.entered, funnel.entered, '', '#9aa5b1'),
		...funnel.stages.map((s) => line(s.name, s.reached, percent(labels, s.conversionPercent), BAR)),
		line(labels.won, funnel.won, percent(labels, funnel.wonConversionPercent), WON),
	];
	const tail = [
		`${labels.lost}: ${number(labels, funnel.lost)}`,
		`${labels.stillOpen}: ${number(labels, funnel.stillOpen)}`,
		...(funnel.movedOut ? [`${labels.movedOut}: ${number(labels, funnel.movedOut)}`] : []),
	].join(' · ');
	return [
		`<h2 style="${FONT}font-size:16px;margin:20px 0 2px 0;">${escapeHtml(labels.funnel(funnel.pipelineName))}</h2>`,
		`<p style="${FONT}font-size:11px;color:#7b8794;margin:0 0 6px 0;">${escapeHtml(labels.funnelNote)}</p>`,
		`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">`,
		`<tr><th style="${HEAD}">${escapeHtml(labels.stage)}</th><th style="${HEAD}"></th><th style="${HEAD}text-align:right;">${escapeHtml(labels.deals)}</th><th style="${HEAD}text-align:right;">${escapeHtml(labels.conversion)}</th></tr>`,
		...rows,
		'</table>',
		`<p style="${FONT}font-size:12px;color:#52606d;margin:4px 0 0 0;">${escapeHtml(tail)}</p>`,
	].join('\n');
}

function managersTable(ctx: ReportContext): string {
	const { labels } = ctx;
	const hours = duration(labels, ctx.talkLimitMinutes);
	const head = [
		labels.manager,
		labels.created,
		labels.won,
		labels.conversion,
		labels.revenue,
		labels.averageCheck,
		labels.cycleDays,
		labels.talkPerDay,
		labels.daysOverLimit(hours),
		labels.respondedIdeal,
		...(ctx.result.total.chats ? [labels.chatsWithinLimit] : []),
	];
	const rows = ctx.result.managers.map((m) => {
		const cells = [
			m.name,
			number(labels, m.sales.created),
			number(labels, m.sales.won),
			percent(labels, m.sales.wonOfClosedPercent),
			number(labels, m.sales.revenue),
			number(labels, m.sales.averageCheck),
			number(labels, m.sales.averageCycleDays, 1),
			number(labels, m.talk?.averagePerDayMinutes ?? null),
			number(labels, m.talk?.daysOverLimit.length ?? 0),
			percent(labels, m.firstResponse.idealPercent),
			...(ctx.result.total.chats ? [percent(labels, m.chats?.withinLimitPercent ?? null)] : []),
		];
		const over = (m.talk?.daysOverLimit.length ?? 0) > 0;
		return `<tr>${cells
			.map(
				(c, i) =>
					`<td${i ? ' align="right"' : ''} style="${CELL}${i === 8 && over ? 'color:#b42318;font-weight:bold;' : ''}">${escapeHtml(c)}</td>`,
			)
			.join('')}</tr>`;
	});
	return [
		`<h2 style="${FONT}font-size:16px;margin:20px 0 6px 0;">${escapeHtml(labels.managers)}</h2>`,
		`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">`,
		`<tr>${head.map((h, i) => `<th style="${HEAD}${i ? 'text-align:right;' : ''}">${escapeHtml(h)}</th>`).join('')}</tr>`,
		...(rows.length
			? rows
			: [
					`<tr><td colspan="${head.length}" style="${CELL}">${escapeHtml(labels.nothing)}</td></tr>`,
				]),
		'</table>',
	].join('\n');
}

function responseTable(labels: ReportLabels, row: MetricsRow): string {
	const r = row.firstResponse;
	const cells: Array<[string, number]> = [
		[labels.tiers.ideal, r.tiers.ideal],
		[labels.tiers.normal, r.tiers.normal],
		[labels.tiers.acceptable, r.tiers.acceptable],
		[labels.tiers.undesirable, r.tiers.undesirable],
		[labels.tiers.notYet, r.notYet],
	];
	return [
		`<h2 style="${FONT}font-size:16px;margin:20px 0 6px 0;">${escapeHtml(labels.firstResponse)}</h2>`,
		`<table width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;"><tr>`,
		...cells.map(
			([label, count]) =>
				`<td align="center" style="${CELL}"><div style="font-size:11px;color:#52606d;">${escapeHtml(label)}</div><div style="font-size:16px;font-weight:bold;">${escapeHtml(number(labels, count))}</div></td>`,
		),
		'</tr></table>',
	].join('\n');
}

function lossTable(labels: ReportLabels, row: MetricsRow): string {
	const reasons = row.sales.lossReasons;
	if (reasons.length === 0) return '';
	const max = Math.max(...reasons.map((r) => r.count));
	return [
		`<h2 style="${FONT}font-size:16px;margin:20px 0 6px 0;">${escapeHtml(labels.lossReasons)}</h2>`,
		`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">`,
		...reasons.map(
			(r) =>
				`<tr><td width="40%" style="${CELL}">${escapeHtml(r.reason ?? labels.noReason)}</td><td width="48%" style="${CELL}">${barCell(r.count / max, '#e07b39')}</td><td width="12%" align="right" style="${CELL}font-weight:bold;">${escapeHtml(number(labels, r.count))}</td></tr>`,
		),
		'</table>',
	].join('\n');
}

/** The total's chat replies in words: answered within 5 minutes, of how many waits. */
export function chatLine(labels: ReportLabels, row: MetricsRow): string {
	const chats = row.chats!;
	return labels.chatReplies(
		number(labels, chats.withinLimit),
		number(labels, chats.waits),
		percent(labels, chats.withinLimitPercent),
	);
}

export function overLimitLines(ctx: ReportContext): string[] {
	const { labels } = ctx;
	const hours = duration(labels, ctx.talkLimitMinutes);
	return ctx.result.managers
		.filter((m) => (m.talk?.daysOverLimit.length ?? 0) > 0)
		.map((m) =>
			labels.overLimit(
				m.name,
				m
					.talk!.daysOverLimit.map((d) => `${day(labels, d.date)} (${duration(labels, d.minutes)})`)
					.join(', '),
				hours,
			),
		);
}
