/** Numbers, durations and dates as a person reads them in the report's language. */
import { DateTime } from 'luxon';

import type { ReportLabels } from './labels';

export function number(labels: ReportLabels, value: number | null, digits = 0): string {
	if (value === null || !Number.isFinite(value)) return '—';
	return new Intl.NumberFormat(labels.locale === 'ru' ? 'ru-RU' : 'en-US', {
		maximumFractionDigits: digits,
		minimumFractionDigits: 0,
	})
		.format(value)
		.replace(/\u202f|\u00a0/g, ' ');
}

export function percent(labels: ReportLabels, value: number | null): string {
	return value === null ? '—' : `${number(labels, value, value < 10 ? 1 : 0)}%`;
}

/** 200 → "3 ч 20 мин". */
export function duration(labels: ReportLabels, minutes: number): string {
	const m = Math.round(minutes);
	const h = Math.floor(m / 60);
	const rest = m % 60;
	if (h === 0) return `${rest} ${labels.minutesShort}`;
	return rest === 0
		? `${h} ${labels.hoursShort}`
		: `${h} ${labels.hoursShort} ${rest} ${labels.minutesShort}`;
}

/** `2026-11-16`…`2026-11-22` → "16.11.2026 – 22.11.2026" / "Nov 16 – Nov 22, 2026". */
export function periodLabel(labels: ReportLabels, firstDay: string, lastDay: string): string {
	const a = DateTime.fromISO(firstDay);
	const b = DateTime.fromISO(lastDay);
	if (labels.locale === 'ru') {
		const f = (d: DateTime) => d.toFormat('dd.LL.yyyy');
		return firstDay === lastDay ? f(a) : `${f(a)} – ${f(b)}`;
	}
	const f = (d: DateTime) => d.setLocale('en').toFormat('LLL d, yyyy');
	return firstDay === lastDay ? f(a) : `${f(a)} – ${f(b)}`;
}

export function day(labels: ReportLabels, date: string): string {
	const d = DateTime.fromISO(date);
	return labels.locale === 'ru' ? d.toFormat('dd.LL') : d.setLocale('en').toFormat('LLL d');
}
