/**
 * When a call may be made: inside the daily calling hours, on a working day that is not a holiday, in the
 * lead's (or the company's) time zone. Luxon does the calendar: "10:00" is 10:00 local on every date, whatever
 * the offset that day (DST changes included); gaps between calls are measured in real elapsed time.
 */
import { DateTime } from 'luxon';

export interface CallingHours {
	/** "HH:mm", inclusive. */
	start: string;
	/** "HH:mm", exclusive: a call is never planned at the closing minute. */
	end: string;
}

export interface CallingCalendar {
	/** Null: any time of day. */
	hours: CallingHours | null;
	/** ISO weekdays calls are made on (1 Monday … 7 Sunday); null: every day. */
	workingDays: number[] | null;
	/** Dates without calls (yyyy-MM-dd), e.g. public holidays. */
	holidays: string[];
	/** IANA zone of the hours and dates. */
	zone: string;
}

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function parseHoursOfDay(text: string): { hour: number; minute: number } | null {
	const match = HH_MM.exec(text.trim());
	return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

/** What is wrong with a calendar, in words; empty when it can be used. */
export function calendarProblems(calendar: CallingCalendar): string[] {
	const problems: string[] = [];
	if (!DateTime.now().setZone(calendar.zone).isValid)
		problems.push(`"${calendar.zone}" is not a time zone (use an IANA name such as Europe/Moscow)`);
	if (calendar.hours) {
		const start = parseHoursOfDay(calendar.hours.start);
		const end = parseHoursOfDay(calendar.hours.end);
		if (!start)
			problems.push(`calling hours start "${calendar.hours.start}" is not a time (write 10:00)`);
		if (!end)
			problems.push(`calling hours end "${calendar.hours.end}" is not a time (write 19:00)`);
		if (start && end && start.hour * 60 + start.minute >= end.hour * 60 + end.minute) {
			problems.push(
				`calling hours ${calendar.hours.start}–${calendar.hours.end} are empty: the start must be before the end`,
			);
		}
	}
	if (
		calendar.workingDays &&
		!calendar.workingDays.some((d) => Number.isInteger(d) && d >= 1 && d <= 7)
	) {
		problems.push('no working day is chosen: choose at least one day of the week');
	}
	return problems;
}

/** Whether calls may be made on this local date. */
export function isCallingDay(local: DateTime, calendar: CallingCalendar): boolean {
	if (calendar.workingDays && !calendar.workingDays.includes(local.weekday)) return false;
	return !calendar.holidays.includes(local.toISODate() as string);
}

/** The first moment calls may start on the calling day on or after `local`'s date. */
export function openingOn(local: DateTime, calendar: CallingCalendar): DateTime {
	let day = local.startOf('day');
	for (let i = 0; i < 800 && !isCallingDay(day, calendar); i++)
		day = day.plus({ days: 1 }).startOf('day');
	if (!isCallingDay(day, calendar))
		throw new Error('no calling day within two years: check the working days and holidays');
	if (!calendar.hours) return day;
	const start = parseHoursOfDay(calendar.hours.start)!;
	return day.set({ hour: start.hour, minute: start.minute, second: 0, millisecond: 0 });
}

/** The local closing time of a calling day (exclusive), or the next midnight when there are no hours. */
export function closingOn(local: DateTime, calendar: CallingCalendar): DateTime {
	if (!calendar.hours) return local.startOf('day').plus({ days: 1 });
	const end = parseHoursOfDay(calendar.hours.end)!;
	return local.set({ hour: end.hour, minute: end.minute, second: 0, millisecond: 0 });
}

/** The first moment at or after `ms` inside the calling hours of a calling day. */
export function nextOpenMoment(ms: number, calendar: CallingCalendar): DateTime {
	const local = DateTime.fromMillis(ms, { zone: calendar.zone });
	if (isCallingDay(local, calendar)) {
		const opening = openingOn(local, calendar);
		if (local < opening) return opening;
		if (local < closingOn(local, calendar)) return local;
	}
	return openingOn(local.plus({ days: 1 }).startOf('day'), calendar);
}
