/**
 * Attendee tables: a CSV or Google Sheet exported by hand, with Russian or English headers ("Имя", "Email",
 * "Почта", "Телефон", "Время просмотра", "Минут", "Кнопки", "Нажал"…), and the attendee part of Zoom's portal
 * CSV ("Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Time in Session
 * (minutes)", "Attended"). Headers are matched by meaning, not spelling: case, punctuation and ё do not matter.
 * Time: rows of one person are **summed** (a table lists one row per visit or one row per person).
 * Registrants: an "Attended"/"Был" column saying no, or an empty or zero time, means the person did not come.
 * A column named after an activity button ("Подарок": да) counts as a click on that button.
 */
import { splitButtonList } from './buttons';
import { parseDuration, type DurationResult, type DurationUnit } from './duration';
import { parseMoment, webinarDateOf } from './reportTime';
import type { AttendanceRow, ReadContext, WebinarInfo } from './types';
import type { ColumnMap, TableField } from './tableColumns';
import { textOf, yesNo } from './values';

export type TableRowResult = { ok: true; row: AttendanceRow } | { ok: false; reason: string };

/** A webinar's time cells repeat ("45 мин" hundreds of times): each distinct text is parsed once per unit. */
const durations: Record<DurationUnit, Map<string, DurationResult>> = {
	hours: new Map(),
	minutes: new Map(),
	seconds: new Map(),
};

function cachedDuration(value: unknown, unit: DurationUnit): DurationResult {
	if (typeof value !== 'string') return parseDuration(value, unit);
	const known = durations[unit];
	let result = known.get(value);
	if (!result) {
		result = parseDuration(value, unit);
		if (known.size > 5000) known.clear();
		known.set(value, result);
	}
	return result;
}

/** Reads one table row (cells by header). */
export function readTableRow(
	cells: Record<string, unknown>,
	map: ColumnMap,
	context: ReadContext,
	webinarOf: (date: string | null, title: string | null) => WebinarInfo,
): TableRowResult {
	const f = map.fields;
	const cell = (field: TableField) =>
		f[field] === undefined ? undefined : cells[f[field] as string];
	const name = f.name
		? context.contacts.name(cell('name'))
		: context.contacts.name(cell('firstName'), cell('middleName'), cell('lastName'));
	const emailRaw = textOf(cell('email'));
	const email = context.contacts.email(emailRaw);
	const phoneRaw = textOf(cell('phone')) || null;
	const phone = context.contacts.phone(phoneRaw);
	if (!email && !phone && !name) {
		const said = [emailRaw && `email "${emailRaw}"`, phoneRaw && `phone "${phoneRaw}"`]
			.filter(Boolean)
			.join(' and ');
		return {
			ok: false,
			reason: said
				? `${said} cannot be read and the row has no name`
				: 'the row has no name, email or phone',
		};
	}

	const joinedAt = parseMoment(cell('joinTime'), context.zone);
	const leftAt = parseMoment(cell('leaveTime'), context.zone);
	let seconds: number | null = null;
	let timeGiven = false;
	if (f.duration) {
		const duration = cachedDuration(cell('duration'), map.durationUnit);
		if (duration.ok) {
			seconds = duration.seconds;
			timeGiven = true;
		} else if (!duration.empty) {
			return { ok: false, reason: `column "${f.duration}": ${duration.reason}` };
		}
	}
	if (seconds === null && joinedAt !== null && leftAt !== null && leftAt >= joinedAt) {
		seconds = Math.round((leftAt - joinedAt) / 1000);
		timeGiven = true;
	}

	const buttons = splitButtonList(cell('buttons'));
	for (const column of map.buttonColumns) {
		const value = cells[column.header];
		if (
			yesNo(value) === true ||
			(typeof value === 'string' && value.trim() !== '' && yesNo(value) === null)
		)
			buttons.push(column.button);
	}

	const said = yesNo(cell('attended'));
	const hasTimeColumn = Boolean(f.duration || (f.joinTime && f.leaveTime));
	let attended: boolean;
	if (said !== null) attended = said;
	else if (hasTimeColumn) attended = timeGiven && (seconds ?? 0) > 0;
	else attended = true;
	if (!attended && buttons.length > 0) attended = true;

	const utm: Record<string, string> = {};
	for (const column of map.utmColumns) {
		const value = textOf(cells[column.header]);
		if (value) utm[column.field] = value;
	}
	const finished = yesNo(cell('finished'));
	return {
		ok: true,
		row: {
			source: 'table',
			itemIndex: context.itemIndex,
			name,
			email,
			phone,
			phoneRaw,
			sourceId: null,
			seconds: attended ? seconds : null,
			joinedAt,
			leftAt,
			timeMerge: 'sum',
			buttons,
			attended,
			finished,
			managerTag: textOf(cell('manager')) || null,
			webinar: webinarOf(webinarDateOf(cell('date'), context.zone), textOf(cell('title')) || null),
			utm: Object.keys(utm).length > 0 ? utm : null,
			city: textOf(cell('city')) || null,
			chatMessages: null,
		},
	};
}

/** One WebinarInfo per (date, title) of a table, so rows of one session share it and merge. */
export function webinarCache(): (date: string | null, title: string | null) => WebinarInfo {
	const known = new Map<string, WebinarInfo>();
	return (date, title) => {
		const key = `${date ?? ''}\u0001${title ?? ''}`;
		let info = known.get(key);
		if (!info) {
			info = { key: date ?? '', id: null, date, title };
			known.set(key, info);
		}
		return info;
	};
}
