/**
 * MTS Link (formerly Webinar.ru) UserAPI v3 `GET /stats/users` (field names from
 * the vendor's descriptions reproduced in a public client model — Code, not checked against a live account):
 * one item per user `{ id, email, name, secondName, patrName, phone, eventSessions: [{ id, name, startsAt,
 * connections: [{ joined, leaved, duration }], additionalFieldValues: [{ label, value }], … }] }`.
 * `eventSessions[].duration` is the event's length, not the viewer's. Time: the connections' durations
 * (seconds) are **summed**; a session without connections is a registrant who did not come.
 * Each (user, session) pair is its own row, so two sessions of a series are never added together.
 * MTS Link has no per-viewer button or banner click field (none found), so this source gives no activity.
 */
import { localDate, parseMoment } from './reportTime';
import type { AttendanceRow, ParsedRows, ReadContext, UnreadableRow, WebinarInfo } from './types';
import { isRecord, textOf } from './values';

const PHONE_LABEL = /телефон|phone|моб/i;
const EMAIL_LABEL = /e-?mail|почт/i;

export function isMtsLinkUser(json: Record<string, unknown>): boolean {
	return Array.isArray(json.eventSessions);
}

/** A list wrapper some HTTP setups keep: `{ data: [users] }`, `{ users: [...] }`. */
export function mtsLinkUserList(json: Record<string, unknown>): unknown[] | null {
	for (const key of ['data', 'users', 'items']) {
		const list = json[key];
		if (Array.isArray(list) && list.length > 0 && isRecord(list[0]) && isMtsLinkUser(list[0]))
			return list;
	}
	return null;
}

export function readMtsLinkUsers(json: Record<string, unknown>, context: ReadContext): ParsedRows {
	const users = mtsLinkUserList(json) ?? [json];
	const rows: AttendanceRow[] = [];
	const unreadable: UnreadableRow[] = [];
	const sessions = new Map<string, WebinarInfo>();
	users.forEach((user, index) => {
		const rowNumber = users.length > 1 ? index + 1 : null;
		if (!isRecord(user) || !Array.isArray(user.eventSessions)) {
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'mtsLink',
				reason: 'a user record has no "eventSessions"',
				rowNumber,
				row: user,
			});
			return;
		}
		if (user.eventSessions.length === 0) {
			rows.push(userRow(user, null, { key: '', id: null, date: null, title: null }, context));
			return;
		}
		for (const session of user.eventSessions) {
			if (!isRecord(session)) {
				unreadable.push({
					itemIndex: context.itemIndex,
					source: 'mtsLink',
					reason: 'an event session is not an object',
					rowNumber,
					row: user,
				});
				continue;
			}
			rows.push(userRow(user, session, sessionInfo(session, sessions, context.zone), context));
		}
	});
	return { rows, unreadable };
}

function userRow(
	user: Record<string, unknown>,
	session: Record<string, unknown> | null,
	webinar: WebinarInfo,
	context: ReadContext,
): AttendanceRow {
	const fields =
		session && Array.isArray(session.additionalFieldValues)
			? session.additionalFieldValues.filter(isRecord)
			: [];
	const fromForm = (label: RegExp) =>
		textOf(fields.find((f) => label.test(textOf(f.label)))?.value);
	const phoneRaw = textOf(user.phone) || fromForm(PHONE_LABEL) || null;
	const connections =
		session && Array.isArray(session.connections) ? session.connections.filter(isRecord) : [];
	let seconds = 0;
	let joinedAt: number | null = null;
	let leftAt: number | null = null;
	for (const connection of connections) {
		const joined = parseMoment(connection.joined, context.zone);
		const leaved = parseMoment(connection.leaved, context.zone);
		const duration = Number(connection.duration);
		if (
			connection.duration !== undefined &&
			connection.duration !== null &&
			Number.isFinite(duration) &&
			duration >= 0
		)
			seconds += duration;
		else if (joined !== null && leaved !== null && leaved >= joined)
			seconds += Math.round((leaved - joined) / 1000);
		if (joined !== null && (joinedAt === null || joined < joinedAt)) joinedAt = joined;
		if (leaved !== null && (leftAt === null || leaved > leftAt)) leftAt = leaved;
	}
	const messages = session ? Number(session.userChatMessageCount) : NaN;
	const utms = session && Array.isArray(session.utms) ? session.utms.find(isRecord) : undefined;
	let utm: Record<string, string> | null = null;
	if (utms) {
		for (const field of ['source', 'medium', 'campaign', 'content', 'term', 'custom']) {
			const value = textOf(utms[`utm_${field}`]);
			if (value) (utm ??= {})[field] = value;
		}
	}
	return {
		source: 'mtsLink',
		itemIndex: context.itemIndex,
		// MTS Link: `name` is the first name, `secondName` the surname, `patrName` the patronymic.
		name: context.contacts.name(user.name, user.patrName, user.secondName),
		email: context.contacts.email(user.email) ?? context.contacts.email(fromForm(EMAIL_LABEL)),
		phone: context.contacts.phone(phoneRaw),
		phoneRaw,
		sourceId: textOf(user.id) || null,
		seconds: connections.length > 0 ? seconds : null,
		joinedAt,
		leftAt,
		timeMerge: 'sum',
		buttons: [],
		attended: connections.length > 0,
		finished: null,
		managerTag: null,
		webinar,
		utm,
		city: textOf(connections[0]?.city) || null,
		chatMessages: Number.isFinite(messages) ? messages : null,
	};
}

/** One shared WebinarInfo per session id, so rows of one session merge together. */
function sessionInfo(
	session: Record<string, unknown>,
	known: Map<string, WebinarInfo>,
	zone: string,
): WebinarInfo {
	const id = textOf(session.id) || null;
	const existing = id ? known.get(id) : undefined;
	if (existing) return existing;
	const startsAt = parseMoment(session.startsAt, zone);
	const info: WebinarInfo = {
		key: id ?? '',
		id,
		date: startsAt === null ? null : localDate(startsAt, zone),
		title: textOf(session.name) || null,
	};
	if (id) known.set(id, info);
	return info;
}
