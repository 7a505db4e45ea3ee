/**
 * The calling calendar of callingWindow.ts on plain epoch milliseconds, for a zone that keeps one UTC offset over
 * the span in question (timeZone.ts `steadyOffsetMinutes`; every Russian zone, and DST zones away from their
 * switch). A local day is then a whole number of days since 1970 in local time, and "10:00" is a fixed number of
 * milliseconds into it: the same answers as the luxon calendar without building a DateTime at each step, which is
 * most of the CPU a cadence decision costs.
 */
import { parseHoursOfDay, type CallingCalendar } from './callingWindow';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** How far ahead a calling day is looked for (two years), as in callingWindow.ts. */
const MAX_DAYS = 800;

export interface FixedCalendar {
	offsetMs: number;
	/** Milliseconds into the local day; null without calling hours. */
	opensAt: number | null;
	closesAt: number | null;
	workingDays: ReadonlySet<number> | null;
	/** Local days (days since 1970-01-01) without calls. */
	holidays: ReadonlySet<number>;
}

export function fixedCalendar(calendar: CallingCalendar, offsetMinutes: number): FixedCalendar {
	const start = calendar.hours ? parseHoursOfDay(calendar.hours.start) : null;
	const end = calendar.hours ? parseHoursOfDay(calendar.hours.end) : null;
	return {
		offsetMs: offsetMinutes * MINUTE_MS,
		opensAt: start ? (start.hour * 60 + start.minute) * MINUTE_MS : null,
		closesAt: end ? (end.hour * 60 + end.minute) * MINUTE_MS : null,
		workingDays: calendar.workingDays ? new Set(calendar.workingDays) : null,
		holidays: new Set(
			calendar.holidays
				.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS)
				.filter(Number.isInteger),
		),
	};
}

/** The local day (days since 1970-01-01 in local time) of a moment. */
export function localDay(ms: number, calendar: FixedCalendar): number {
	return Math.floor((ms + calendar.offsetMs) / DAY_MS);
}

/** "yyyy-MM-dd" of a local day. */
export function isoDateOf(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "yyyy-MM-dd HH:mm" of a moment in local time. */
export function localMinuteOf(ms: number, calendar: FixedCalendar): string {
	const iso = new Date(ms + calendar.offsetMs).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function isCallingDay(day: number, calendar: FixedCalendar): boolean {
	// 1970-01-01 was a Thursday (ISO weekday 4).
	const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
	if (calendar.workingDays && !calendar.workingDays.has(weekday)) return false;
	return !calendar.holidays.has(day);
}

/** The first moment calls may start on the first calling day on or after `day`. */
function openingFrom(day: number, calendar: FixedCalendar): number {
	let d = day;
	for (let i = 0; i < MAX_DAYS && !isCallingDay(d, calendar); i++) d++;
	if (!isCallingDay(d, calendar))
		throw new Error('no calling day within two years: check the working days and holidays');
	return d * DAY_MS + (calendar.opensAt ?? 0) - calendar.offsetMs;
}

/** The first moment at or after `ms` inside the calling hours of a calling day. */
export function nextOpenMs(ms: number, calendar: FixedCalendar): number {
	const day = localDay(ms, calendar);
	if (isCallingDay(day, calendar)) {
		const dayStart = day * DAY_MS - calendar.offsetMs;
		const opening = dayStart + (calendar.opensAt ?? 0);
		if (ms < opening) return opening;
		if (ms < dayStart + (calendar.closesAt ?? DAY_MS)) return ms;
	}
	return openingFrom(day + 1, calendar);
}

/** The start of the local day after the one `ms` falls on. */
export function nextDayStart(ms: number, calendar: FixedCalendar): number {
	return (localDay(ms, calendar) + 1) * DAY_MS - calendar.offsetMs;
}
