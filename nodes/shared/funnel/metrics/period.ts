/**
 * The period a report covers, in the company's time zone: last week (Monday to Monday), the last 7 days, last month,
 * this month so far, or dates the user gives (the end date included). The clock is passed in.
 */
import { DateTime } from 'luxon';

export type PeriodKind = 'lastWeek' | 'last7Days' | 'lastMonth' | 'thisMonth' | 'custom';

export interface ReportPeriod {
	/** ISO, inclusive. */
	from: string;
	/** ISO, exclusive. */
	to: string;
	timeZone: string;
	/** The first and last calendar day covered, `YYYY-MM-DD` in the time zone. */
	firstDay: string;
	lastDay: string;
}

export type PeriodRead = { ok: true; period: ReportPeriod } | { ok: false; reason: string };

export function reportPeriod(
	kind: PeriodKind,
	now: string,
	timeZone: string,
	custom: { from?: string; to?: string } = {},
): PeriodRead {
	const today = DateTime.fromISO(now, { zone: timeZone }).startOf('day');
	if (!today.isValid) return { ok: false, reason: `"${timeZone}" is not a time zone` };
	let start: DateTime;
	let end: DateTime;
	switch (kind) {
		case 'lastWeek':
			end = today.startOf('week');
			start = end.minus({ weeks: 1 });
			break;
		case 'last7Days':
			end = today;
			start = end.minus({ days: 7 });
			break;
		case 'lastMonth':
			end = today.startOf('month');
			start = end.minus({ months: 1 });
			break;
		case 'thisMonth':
			start = today.startOf('month');
			end = DateTime.fromISO(now, { zone: timeZone });
			break;
		case 'custom': {
			const from = dayOf(custom.from, timeZone);
			const to = dayOf(custom.to, timeZone);
			if (!from)
				return { ok: false, reason: `"${custom.from ?? ''}" is not a date (write 2026-11-16)` };
			if (!to)
				return { ok: false, reason: `"${custom.to ?? ''}" is not a date (write 2026-11-22)` };
			start = from;
			end = to.plus({ days: 1 });
			if (end <= start)
				return {
					ok: false,
					reason: `the period ends (${custom.to}) before it starts (${custom.from})`,
				};
			break;
		}
		default:
			return { ok: false, reason: `unknown period "${String(kind)}"` };
	}
	return {
		ok: true,
		period: {
			from: start.toUTC().toISO()!,
			to: end.toUTC().toISO()!,
			timeZone,
			firstDay: start.toISODate()!,
			lastDay: end.minus({ milliseconds: 1 }).toISODate()!,
		},
	};
}

/** A date (or date-time) as people enter it: `2026-11-16`, `16.11.2026`, an ISO date-time. */
function dayOf(text: string | undefined, zone: string): DateTime | null {
	const raw = String(text ?? '').trim();
	if (!raw) return null;
	const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
	const parsed = russian
		? DateTime.fromObject(
				{ year: Number(russian[3]), month: Number(russian[2]), day: Number(russian[1]) },
				{ zone },
			)
		: DateTime.fromISO(raw, { zone });
	return parsed.isValid ? parsed.startOf('day') : null;
}

/** `YYYY-MM-DD` of a moment in the zone: the day a call counts for. */
export function dayIn(iso: string, timeZone: string): string {
	return DateTime.fromISO(iso, { zone: timeZone }).toISODate() ?? iso.slice(0, 10);
}
