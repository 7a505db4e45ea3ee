/**
 * Zoom participant reports from the API (documented by Zoom's API reference and
 * its developer forum): `GET /report/webinars/{id}/participants` or `/report/meetings/{id}/participants` →
 * `{ participants: [{ id, user_id, participant_user_id, registrant_id, name, user_email, join_time, leave_time,
 * duration, status }], next_page_token, … }`, `duration` in **seconds**, one row per join — a person who dropped
 * and came back has several rows. Time: the rows' durations are **summed** (Zoom staff's own guidance).
 * Rows of a person in the waiting room (`status: in_waiting_room`) show presence but no time watched.
 * The portal's CSV exports are read by `csvReport.ts` with the table headers.
 */
import { localDate, parseMoment } from './reportTime';
import type { AttendanceRow, ParsedRows, ReadContext, UnreadableRow, WebinarInfo } from './types';
import { isRecord, textOf } from './values';

export function isZoomPage(json: Record<string, unknown>): boolean {
	return Array.isArray(json.participants);
}

export function isZoomParticipant(json: Record<string, unknown>): boolean {
	return ('join_time' in json || 'leave_time' in json) && ('name' in json || 'user_email' in json);
}

/** Reads a participants page, or one participant row (n8n splits a page into items). */
export function readZoomParticipants(
	json: Record<string, unknown>,
	context: ReadContext,
): ParsedRows {
	const participants = Array.isArray(json.participants) ? json.participants : [json];
	const id = textOf(json.webinar_id ?? json.meeting_id ?? json.uuid) || null;
	const webinar: WebinarInfo = {
		key: id ?? '',
		id,
		date: null,
		title: textOf(json.topic) || null,
	};
	const rows: AttendanceRow[] = [];
	const unreadable: UnreadableRow[] = [];
	participants.forEach((participant, index) => {
		if (!isRecord(participant)) {
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'zoom',
				reason: 'a participant record is not an object',
				rowNumber: index + 1,
				row: participant,
			});
			return;
		}
		const joinedAt = parseMoment(participant.join_time, context.zone);
		const leftAt = parseMoment(participant.leave_time, context.zone);
		const waiting = participant.status === 'in_waiting_room';
		let seconds: number | null = null;
		const duration = Number(participant.duration);
		if (waiting) seconds = 0;
		else if (
			participant.duration !== undefined &&
			participant.duration !== null &&
			participant.duration !== '' &&
			Number.isFinite(duration) &&
			duration >= 0
		)
			seconds = Math.round(duration);
		else if (joinedAt !== null && leftAt !== null && leftAt >= joinedAt)
			seconds = Math.round((leftAt - joinedAt) / 1000);
		if (seconds === null) {
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'zoom',
				reason: 'the participant row has neither "duration" nor "join_time" and "leave_time"',
				rowNumber: Array.isArray(json.participants) ? index + 1 : null,
				row: participant,
			});
			return;
		}
		rows.push({
			source: 'zoom',
			itemIndex: context.itemIndex,
			name: context.contacts.name(participant.name),
			email: context.contacts.email(participant.user_email),
			phone: null,
			phoneRaw: null,
			sourceId:
				textOf(participant.registrant_id || participant.participant_user_id || participant.id) ||
				null,
			seconds,
			joinedAt,
			leftAt,
			timeMerge: 'sum',
			buttons: [],
			attended: true,
			finished: null,
			managerTag: null,
			webinar,
			utm: null,
			city: null,
			chatMessages: null,
		});
	});
	const first = rows.reduce<number | null>(
		(min, row) =>
			row.joinedAt !== null && (min === null || row.joinedAt < min) ? row.joinedAt : min,
		null,
	);
	webinar.date = first === null ? null : localDate(first, context.zone);
	return { rows, unreadable, webinar };
}
