/**
 * Attendee tables: a CSV or Google Sheet exported by hand, with Russian or English headers ("Имя", "Email",
 * "Почта", "Телефон", "Время просмотра", "Минут", "Кнопки", "Нажал"…), and the attendee part of Zoom's portal
 * CSV ("Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Time in Session
 * (minutes)", "Attended"). Headers are matched by meaning, not spelling: case, punctuation and ё do not matter.
 * Time: rows of one person are **summed** (a table lists one row per visit or one row per person).
 * Registrants: an "Attended"/"Был" column saying no, or an empty or zero time, means the person did not come.
 * A column named after an activity button ("Подарок": да) counts as a click on that button.
 */
import { keyOf } from '../fieldDetection';
import type { ActivityButtonMatcher } from './buttons';
import { splitButtonList } from './buttons';
import { parseDuration, type DurationResult, type DurationUnit } from './duration';
import { parseMoment, webinarDateOf } from './reportTime';
import type { AttendanceRow, ReadContext, WebinarInfo } from './types';
import { textOf, yesNo } from './values';

export type TableField =
	| 'attended'
	| 'buttons'
	| 'city'
	| 'date'
	| 'duration'
	| 'email'
	| 'finished'
	| 'firstName'
	| 'joinTime'
	| 'lastName'
	| 'leaveTime'
	| 'manager'
	| 'middleName'
	| 'name'
	| 'phone'
	| 'title';

/** Header words by field. `exact` names must be the whole header; `prefix` names may be followed by more ("Время просмотра (мин)"). */
const HEADER_NAMES: Record<TableField, { exact?: string[]; prefix?: string[] }> = {
	name: {
		exact: [
			'имя',
			'name',
			'фио',
			'username',
			'участник',
			'зритель',
			'клиент',
			'fullname',
			'displayname',
			'имявчате',
			'полноеимя',
			'имяфамилия',
			'nameoriginalname',
			'usernameoriginalname',
		],
	},
	firstName: { exact: ['firstname', 'givenname'] },
	middleName: { exact: ['отчество', 'middlename', 'patronymic'] },
	lastName: { exact: ['lastname', 'фамилия', 'surname', 'familyname'] },
	email: {
		exact: ['mail', 'емейл', 'имейл', 'емэйл', 'useremail', 'адресэлектроннойпочты'],
		prefix: ['email', 'почта', 'электроннаяпочта'],
	},
	phone: {
		exact: ['tel', 'тел', 'мобильный', 'номертелефона', 'номер'],
		prefix: ['телефон', 'phone', 'мобильныйтелефон'],
	},
	duration: {
		exact: [
			'минут',
			'минуты',
			'мин',
			'minutes',
			'время',
			'time',
			'просмотр',
			'totalminutes',
			'секунд',
			'seconds',
			'часов',
			'hours',
		],
		prefix: [
			'времяпросмотра',
			'времянавебинаре',
			'времяприсутствия',
			'времяучастия',
			'времявэфире',
			'продолжительность',
			'длительность',
			'duration',
			'timeinsession',
			'watchtime',
			'timewatched',
			'watched',
			'minutesattended',
			'attendanceduration',
			'смотрел',
			'просмотрено',
			'минутнавебинаре',
			'минутпросмотра',
			'сколькосмотрел',
		],
	},
	joinTime: {
		exact: ['вход', 'join', 'начало', 'joined'],
		prefix: [
			'jointime',
			'времявхода',
			'времяподключения',
			'началопросмотра',
			'firstjoin',
			'подключился',
			'пришелв',
		],
	},
	leaveTime: {
		exact: ['выход', 'leave', 'конец', 'left'],
		prefix: [
			'leavetime',
			'времявыхода',
			'времяотключения',
			'конецпросмотра',
			'lastleave',
			'leftat',
			'отключился',
			'ушелв',
		],
	},
	buttons: {
		exact: ['кнопка', 'button', 'действия', 'actions', 'клик'],
		prefix: [
			'кнопки',
			'нажатыекнопки',
			'нажал',
			'клики',
			'buttons',
			'clicked',
			'clicks',
			'нажатия',
			'баннеры',
			'banners',
		],
	},
	attended: {
		exact: [
			'attended',
			'присутствовал',
			'присутствие',
			'был',
			'посетил',
			'участвовал',
			'пришел',
			'явка',
			'посещение',
			'былнавебинаре',
			'attendance',
		],
	},
	manager: {
		exact: ['responsible', 'ответственный'],
		prefix: ['тегменеджера', 'менеджер', 'managertag', 'manager'],
	},
	date: {
		exact: [
			'дата',
			'date',
			'датавебинара',
			'webinardate',
			'датамероприятия',
			'датапроведения',
			'датаэфира',
			'eventdate',
		],
	},
	title: {
		exact: [
			'вебинар',
			'webinar',
			'названиевебинара',
			'тема',
			'topic',
			'мероприятие',
			'webinartitle',
			'event',
			'eventname',
		],
	},
	finished: {
		exact: [
			'досмотрел',
			'досмотрелдоконца',
			'finished',
			'смотрелдоконца',
			'досмотр',
			'watchedtotheend',
		],
	},
	city: { exact: ['город', 'city', 'countryregionname', 'страна'] },
};

const EXACT = new Map<string, TableField>();
const PREFIXES: Array<[string, TableField]> = [];
for (const [field, names] of Object.entries(HEADER_NAMES) as Array<
	[TableField, { exact?: string[]; prefix?: string[] }]
>) {
	for (const name of names.exact ?? []) EXACT.set(keyOf(name), field);
	for (const name of names.prefix ?? []) {
		EXACT.set(keyOf(name), field);
		PREFIXES.push([keyOf(name), field]);
	}
}
// Longest first, so "времявхода" is a join time before "время" could be anything else.
PREFIXES.sort((a, b) => b[0].length - a[0].length);

/** Which column holds what. */
export interface ColumnMap {
	fields: Partial<Record<TableField, string>>;
	/** Bare numbers in the time column are in this unit (from the header: "(minutes)", "сек"). */
	durationUnit: DurationUnit;
	/** Columns named after an activity button, by header → button name. */
	buttonColumns: Array<{ header: string; button: string }>;
	utmColumns: Array<{ header: string; field: string }>;
}

export function fieldOfHeader(header: string): TableField | null {
	const key = keyOf(header);
	if (!key) return null;
	const exact = EXACT.get(key);
	if (exact) return exact;
	for (const [prefix, field] of PREFIXES) if (key.startsWith(prefix)) return field;
	return null;
}

/** Maps a header row. The first column of each meaning wins. */
export function mapColumns(
	headers: string[],
	buttons: ActivityButtonMatcher,
	defaultUnit: DurationUnit = 'minutes',
): ColumnMap {
	const map: ColumnMap = {
		fields: {},
		durationUnit: defaultUnit,
		buttonColumns: [],
		utmColumns: [],
	};
	for (const header of headers) {
		const utm = /^utm[_ ]?(source|medium|campaign|content|term)$/i.exec(header.trim());
		if (utm) {
			map.utmColumns.push({ header, field: utm[1].toLowerCase() });
			continue;
		}
		const field = fieldOfHeader(header);
		if (field && !map.fields[field]) {
			map.fields[field] = header;
			if (field === 'duration') map.durationUnit = unitOfHeader(header, defaultUnit);
			continue;
		}
		if (!field) {
			const button = buttons.match(header);
			if (button) map.buttonColumns.push({ header, button: header });
		}
	}
	// "Имя" beside "Фамилия" is a first name.
	if (
		map.fields.name &&
		map.fields.lastName &&
		!map.fields.firstName &&
		keyOf(map.fields.name) === 'имя'
	) {
		map.fields.firstName = map.fields.name;
		delete map.fields.name;
	}
	return map;
}

/** A header row of attendees: says who (name, email or phone) and something about attendance. */
export function isAttendeeHeader(map: ColumnMap): boolean {
	const f = map.fields;
	const who = Boolean(f.name || f.firstName || f.lastName || f.email || f.phone);
	const what = Boolean(
		f.duration || f.joinTime || f.attended || f.buttons || map.buttonColumns.length > 0,
	);
	return who && what;
}

function unitOfHeader(header: string, fallback: DurationUnit): DurationUnit {
	const text = header.toLowerCase();
	if (/sec|сек/.test(text)) return 'seconds';
	if (/hour|час/.test(text)) return 'hours';
	if (/min|мин/.test(text)) return 'minutes';
	return fallback;
}

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
