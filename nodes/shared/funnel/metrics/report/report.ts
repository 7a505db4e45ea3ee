/** The report item: a subject, an HTML e-mail body and the same as a Telegram message, in Russian or English. */
import type { MetricsResult } from '../funnelMetrics';
import { periodLabel } from './format';
import { reportHtml } from './html';
import { labelsFor, type ReportLabels, type ReportLanguage } from './labels';
import { reportMarkdown } from './markdown';

export interface ReportContext {
	labels: ReportLabels;
	result: MetricsResult;
	periodText: string;
	crmName: string;
	subject: string;
	talkLimitMinutes: number;
}

export interface RenderedReport {
	subject: string;
	html: string;
	markdown: string;
}

export function renderReport(
	result: MetricsResult,
	options: {
		language: ReportLanguage;
		firstDay: string;
		lastDay: string;
		crmName: string;
		talkLimitMinutes: number;
	},
): RenderedReport {
	const labels = labelsFor(options.language);
	const periodText = periodLabel(labels, options.firstDay, options.lastDay);
	const ctx: ReportContext = {
		labels,
		result,
		periodText,
		crmName: options.crmName,
		subject: labels.subject(periodText),
		talkLimitMinutes: options.talkLimitMinutes,
	};
	return { subject: ctx.subject, html: reportHtml(ctx), markdown: reportMarkdown(ctx) };
}
