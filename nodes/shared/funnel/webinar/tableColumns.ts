/**
 * Which column of an attendee table holds what. Headers are matched by meaning, not spelling: case, punctuation
 * and ё do not matter; Russian and English words, Zoom's portal CSV headers, UTM columns, and columns named after
 * an activity button ("Подарок") are all recognised.
 */
import { keyOf } from '../fieldDetection';
import type { ActivityButtonMatcher } from './buttons';
import type { DurationUnit } from './duration';

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
