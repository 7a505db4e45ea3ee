/**
 * A whole exported file: a plain attendee table (header on the first line), or a Zoom portal report with its
 * preamble (as third-party parsers of the exports read it):
 * - meeting participants: `Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants`, its
 *   values, a blank line, then `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest`,
 *   one row per join;
 * - webinar attendees: `Attendee Report`, `Report Generated:`, a `Topic,Webinar ID,Actual Start Time,…` block,
 *   then sections (`Host Details`, `Panelist Details`, `Attendee Details`) each with its own header.
 * The preamble gives the webinar's title, id and date, and the meeting host's email; rows of hosts and
 * panelists are not attendees and come out as unreadable with that reason, so every row of the file is
 * accounted for.
 */
import type { ActivityButtonMatcher } from './buttons';
import { parseCsv } from './csv';
import type { DurationUnit } from './duration';
import { readTableRow } from './table';
import { isAttendeeHeader, mapColumns, type ColumnMap } from './tableColumns';
import { parseMoment, localDate } from './reportTime';
import type { AttendanceRow, ParsedRows, ReadContext, UnreadableRow, WebinarInfo } from './types';
import { textOf } from './values';

const SECTION =
	/^(?:host|panelist|attendee|other attended|organizer|participant)s?(?: details)?:?$|details:?$/i;
const STAFF_SECTION = /host|panelist|organizer/i;

/** A report-information header (Zoom's `Meeting ID,Topic,Start Time…`), as opposed to a table of people. */
export function isReportInfoHeader(cells: string[]): boolean {
	return cells.some(isReportInfoCell);
}

function isReportInfoCell(cell: string): boolean {
	return /^(?:meeting id|webinar id|topic|тема|id конференции|id вебинара|идентификатор конференции)$/i.test(
		cell.trim(),
	);
}

export function readCsvReport(
	text: string,
	context: ReadContext,
	buttons: ActivityButtonMatcher,
	defaultUnit: DurationUnit,
): ParsedRows {
	const lines = parseCsv(text);
	const rows: AttendanceRow[] = [];
	const unreadable: UnreadableRow[] = [];
	const info: WebinarInfo = { key: '', id: null, date: null, title: null };
	const host = { email: null as string | null };
	const sessions = new Map<string, WebinarInfo>();
	const webinarOf = (date: string | null, title: string | null): WebinarInfo => {
		if (!date && !title) return info;
		const key = `${date ?? ''}\u0001${title ?? ''}`;
		let session = sessions.get(key);
		if (!session) {
			session = {
				key: date ?? info.key,
				id: info.id,
				date: date ?? info.date,
				title: title ?? info.title,
			};
			sessions.set(key, session);
		}
		return session;
	};

	let header: { cells: string[]; map: ColumnMap } | null = null;
	let infoHeader: string[] | null = null;
	let staffSection = false;
	let sawHeader = false;
	for (let index = 0; index < lines.length; index++) {
		const rowNumber = index + 1;
		const cells = lines[index].map((cell) => cell.trim());
		let filled = 0;
		let firstFilled = '';
		for (const cell of cells) {
			if (cell === '') continue;
			if (filled === 0) firstFilled = cell;
			filled++;
		}
		if (filled === 0) continue;
		if (infoHeader) {
			readReportInfo(infoHeader, cells, info, context.zone);
			const hostColumn = infoHeader.findIndex((name) => /^user email$/i.test(name.trim()));
			if (hostColumn >= 0) host.email = context.contacts.email(cells[hostColumn]);
			infoHeader = null;
			continue;
		}
		if (filled === 1 && SECTION.test(firstFilled)) {
			staffSection = STAFF_SECTION.test(firstFilled);
			header = null;
			continue;
		}
		// A new table starts after a section line or a blank-separated info block, where `header` is null; under a
		// table every row is data, except the header itself repeated (files joined together).
		if (header && sameCells(cells, header.cells)) continue;
		if (!header) {
			if (isReportInfoHeader(cells)) {
				infoHeader = cells;
				continue;
			}
			const map = mapColumns(cells, buttons, defaultUnit);
			if (isAttendeeHeader(map)) {
				header = { cells, map };
				sawHeader = true;
			}
			// Either the table's header, or a title line before the first table ("Attendee Report").
			continue;
		}
		const record: Record<string, unknown> = {};
		header.cells.forEach((name, column) => {
			if (name) record[name] = cells[column] ?? '';
		});
		if (staffSection) {
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'table',
				reason: 'a host or panelist of the webinar, not an attendee',
				rowNumber,
				row: record,
			});
			continue;
		}
		const result = readTableRow(record, header.map, context, webinarOf);
		if (result.ok && host.email && result.row.email === host.email) {
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'table',
				reason: 'the host of the meeting, not an attendee',
				rowNumber,
				row: record,
			});
		} else if (result.ok) rows.push(result.row);
		else
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'table',
				reason: result.reason,
				rowNumber,
				row: record,
			});
	}

	if (!sawHeader) {
		const first = lines.find((line) => line.some((cell) => cell.trim() !== '')) ?? [];
		unreadable.push({
			itemIndex: context.itemIndex,
			source: 'table',
			reason:
				'no attendee table in the file: it needs a header row with a name, email or phone column and a time, ' +
				`"Attended" or buttons column (first line: "${first.join(', ').slice(0, 120)}")`,
			rowNumber: null,
			row: null,
		});
	}
	return { rows, unreadable, webinar: info };
}

function sameCells(a: string[], b: string[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

function readReportInfo(headers: string[], values: string[], info: WebinarInfo, zone: string) {
	headers.forEach((header, column) => {
		const value = textOf(values[column]);
		if (!value) return;
		const name = header.trim().toLowerCase();
		if (
			/^(?:meeting id|webinar id|id конференции|id вебинара|идентификатор конференции)$/.test(name)
		) {
			info.id = value;
			info.key = value;
		} else if (/^(?:topic|тема)$/.test(name)) {
			info.title = value;
		} else if (/start time|время начала/.test(name) && !info.date) {
			const ms = parseMoment(value, zone);
			if (ms !== null) info.date = localDate(ms, zone);
		}
	});
}
