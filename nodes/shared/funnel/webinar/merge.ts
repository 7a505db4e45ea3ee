/**
 * One person per webinar session, whatever the number of rows: a re-join in Zoom, several MTS Link connections,
 * two Bizon365 tabs, a person registered twice in a sheet.
 *
 * Who is who: the same email is the same person; without an email, the same phone (E.164); without either, the
 * platform's own person id; without any of these, the same name — but only when exactly one known person bears
 * it, because names repeat ("Анна"). Rows are taken in that order of certainty, so the result does not depend on
 * the order of the rows, and persons come out in the order of their first row.
 */
import { nameKey } from '../../crm/stages';
import type { AttendanceRow, WebinarAttendee } from './types';

/** An attendee being built, with the bookkeeping that is dropped at the end. */
interface Person {
	attendee: WebinarAttendee;
	firstRow: number;
	/** First-in/last-out spans of union-merged rows: the first kept as two numbers, the others in a list. */
	spanFrom: number | null;
	spanTo: number | null;
	moreSpans: Array<[number, number]> | null;
	/** Seconds of the other rows. */
	looseSeconds: number;
	knownTime: boolean;
}

export function mergeAttendance(rows: AttendanceRow[]): WebinarAttendee[] {
	const withEmail: number[] = [];
	const withPhone: number[] = [];
	const withSourceId: number[] = [];
	const withName: number[] = [];
	rows.forEach((row, index) => {
		if (row.email) withEmail.push(index);
		else if (row.phone) withPhone.push(index);
		else if (row.sourceId) withSourceId.push(index);
		else withName.push(index);
	});

	const persons: Person[] = [];
	const byEmail = new Map<string, Person>();
	const byPhone = new Map<string, Person>();
	const bySourceId = new Map<string, Person>();
	const byName = new Map<string, Person[]>();
	const nameOnly = new Map<string, Person>();
	// Indexes are kept only when a later pass will look in them.
	const needPhones = withPhone.length > 0;
	const needSourceIds = withSourceId.length > 0;
	const needNames = withName.length > 0;

	const remember = (person: Person, row: AttendanceRow) => {
		if (needPhones && row.phone) {
			const key = sessionKey(row, row.phone);
			if (!byPhone.has(key)) byPhone.set(key, person);
		}
		if (needSourceIds && row.sourceId) {
			const key = sessionKey(row, `${row.source}|${row.sourceId}`);
			if (!bySourceId.has(key)) bySourceId.set(key, person);
		}
		if (needNames && row.name && person.attendee.name === row.name) {
			const key = sessionKey(row, nameKey(row.name));
			const named = byName.get(key);
			if (!named) byName.set(key, [person]);
			else if (!named.includes(person)) named.push(person);
		}
	};
	const start = (row: AttendanceRow, index: number): Person => {
		const person = newPerson(row, index);
		persons.push(person);
		return person;
	};

	for (const index of withEmail) {
		const row = rows[index];
		const key = sessionKey(row, row.email as string);
		let person = byEmail.get(key);
		if (person) addRow(person, row, index);
		else byEmail.set(key, (person = start(row, index)));
		remember(person, row);
	}
	for (const index of withPhone) {
		const row = rows[index];
		let person = byPhone.get(sessionKey(row, row.phone as string));
		if (person) addRow(person, row, index);
		else person = start(row, index);
		remember(person, row);
	}
	for (const index of withSourceId) {
		const row = rows[index];
		let person = bySourceId.get(sessionKey(row, `${row.source}|${row.sourceId}`));
		if (person) addRow(person, row, index);
		else person = start(row, index);
		remember(person, row);
	}
	for (const index of withName) {
		const row = rows[index];
		const key = sessionKey(row, nameKey(row.name));
		const named = byName.get(key);
		let person: Person | undefined = named && named.length === 1 ? named[0] : nameOnly.get(key);
		if (person) addRow(person, row, index);
		else nameOnly.set(key, (person = start(row, index)));
	}

	if (persons.some((person, i) => i > 0 && person.firstRow < persons[i - 1].firstRow))
		persons.sort((a, b) => a.firstRow - b.firstRow);
	return persons.map(finish);
}

/** A person key within the row's session (most reports hold one session, whose key is ''). */
function sessionKey(row: AttendanceRow, key: string): string {
	return row.webinar.key === '' ? key : `${row.webinar.key}|${key}`;
}

function newPerson(row: AttendanceRow, index: number): Person {
	const person: Person = {
		attendee: {
			source: row.source,
			name: row.name,
			email: row.email,
			phone: row.phone,
			phoneRaw: row.phoneRaw,
			seconds: null,
			joinedAt: null,
			leftAt: null,
			buttons: [],
			attended: false,
			finished: null,
			managerTag: row.managerTag,
			webinar: row.webinar,
			utm: row.utm,
			city: row.city,
			chatMessages: null,
			itemIndexes: [],
			rowCount: 0,
		},
		firstRow: index,
		spanFrom: null,
		spanTo: null,
		moreSpans: null,
		looseSeconds: 0,
		knownTime: false,
	};
	addRow(person, row, index);
	return person;
}

function addRow(person: Person, row: AttendanceRow, index: number) {
	const a = person.attendee;
	a.rowCount++;
	if (index < person.firstRow) person.firstRow = index;
	if (!a.name && row.name) a.name = row.name;
	if (!a.email && row.email) a.email = row.email;
	if (!a.phone && row.phone) {
		a.phone = row.phone;
		a.phoneRaw = row.phoneRaw;
	}
	a.managerTag ??= row.managerTag;
	a.utm ??= row.utm;
	a.city ??= row.city;
	if (row.chatMessages !== null) a.chatMessages = (a.chatMessages ?? 0) + row.chatMessages;
	if (row.attended) a.attended = true;
	if (row.finished !== null) a.finished = Boolean(a.finished) || row.finished;
	for (const button of row.buttons) if (!a.buttons.includes(button)) a.buttons.push(button);
	if (row.joinedAt !== null && (a.joinedAt === null || row.joinedAt < a.joinedAt))
		a.joinedAt = row.joinedAt;
	if (row.leftAt !== null && (a.leftAt === null || row.leftAt > a.leftAt)) a.leftAt = row.leftAt;
	if (row.seconds !== null) {
		person.knownTime = true;
		if (row.timeMerge !== 'union' || row.joinedAt === null || row.leftAt === null)
			person.looseSeconds += row.seconds;
		else if (person.spanFrom === null) {
			person.spanFrom = row.joinedAt;
			person.spanTo = row.leftAt;
		} else (person.moreSpans ??= []).push([row.joinedAt, row.leftAt]);
	}
	const items = a.itemIndexes;
	const last = items[items.length - 1];
	if (last !== row.itemIndex) {
		if (items.length === 0 || last < row.itemIndex) items.push(row.itemIndex);
		else if (!items.includes(row.itemIndex)) {
			items.push(row.itemIndex);
			items.sort((x, y) => x - y);
		}
	}
}

function finish(person: Person): WebinarAttendee {
	const attendee = person.attendee;
	if (!person.knownTime) {
		attendee.seconds = null;
	} else if (person.spanFrom === null) {
		attendee.seconds = person.looseSeconds;
	} else if (!person.moreSpans) {
		attendee.seconds =
			person.looseSeconds +
			Math.floor((person.spanTo as number) / 1000) -
			Math.floor(person.spanFrom / 1000);
	} else {
		attendee.seconds =
			person.looseSeconds +
			unionSeconds([[person.spanFrom, person.spanTo as number], ...person.moreSpans]);
	}
	return attendee;
}

/** Length of the union of [from, to] spans, in whole seconds. */
function unionSeconds(spans: Array<[number, number]>): number {
	const sorted = [...spans].sort((a, b) => a[0] - b[0]);
	let total = 0;
	let [from, to] = sorted[0];
	for (const [start, end] of sorted.slice(1)) {
		if (start <= to) {
			if (end > to) to = end;
		} else {
			total += to - from;
			[from, to] = [start, end];
		}
	}
	total += to - from;
	return Math.round(total / 1000);
}
