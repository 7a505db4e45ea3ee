/**
 * Table rows that arrive one per item (Google Sheets, Extract From File, a Code-free CSV import): the item's
 * keys are the headers. When a file with a preamble was split by a generic CSV reader (Zoom's portal export),
 * the real header shows up as the values of an item; from then on the items' values are read under it.
 */
import type { ActivityButtonMatcher } from './buttons';
import { isReportInfoHeader } from './csvReport';
import type { DurationUnit } from './duration';
import { readTableRow, webinarCache } from './table';
import { isAttendeeHeader, mapColumns, type ColumnMap } from './tableColumns';
import type { ParsedRows, ReadContext, WebinarInfo } from './types';
import { textOf } from './values';

export class TableItemReader {
	/** Column maps by the items' key list; `rows`: whether such items are attendee rows. */
	private readonly maps = new Map<string, { map: ColumnMap; rows: boolean }>();
	private last: { keys: string[]; known: { map: ColumnMap; rows: boolean } } | null = null;
	private readonly webinarOf: (date: string | null, title: string | null) => WebinarInfo =
		webinarCache();
	/** Item key → header, once a header row was found among the values. */
	private inlineHeader: { keys: string[]; cells: string[]; map: ColumnMap } | null = null;

	constructor(
		private readonly buttons: ActivityButtonMatcher,
		private readonly defaultUnit: DurationUnit,
	) {}

	read(json: Record<string, unknown>, context: ReadContext): ParsedRows {
		const fail = (reason: string): ParsedRows => ({
			rows: [],
			unreadable: [
				{ itemIndex: context.itemIndex, source: 'table', reason, rowNumber: null, row: json },
			],
		});
		const keys = Object.keys(json);
		const columns = this.columnsOf(keys);
		if (columns.rows) {
			this.inlineHeader = null;
			return this.row(json, columns.map, context);
		}
		const values = keys.map((key) => textOf(json[key]));
		const valueMap = mapColumns(values, this.buttons, this.defaultUnit);
		if (isAttendeeHeader(valueMap) && !isReportInfoHeader(values)) {
			this.inlineHeader = { keys, cells: values, map: valueMap };
			return fail(
				'a header row inside the data: it names the columns of the rows below, it is not an attendee',
			);
		}
		if (this.inlineHeader) {
			const header = this.inlineHeader;
			const record: Record<string, unknown> = {};
			header.keys.forEach((key, column) => {
				if (header.cells[column]) record[header.cells[column]] = json[key];
			});
			return this.row(record, header.map, context);
		}
		return fail(
			'not a row of attendees: no column says who (Имя/Name, Email/Почта, Телефон/Phone) together with a time ' +
				`(Время просмотра, Минут, Duration), "Attended" or buttons (columns: ${keys.slice(0, 12).join(', ')})`,
		);
	}

	private row(cells: Record<string, unknown>, map: ColumnMap, context: ReadContext): ParsedRows {
		const result = readTableRow(cells, map, context, this.webinarOf);
		return result.ok
			? { rows: [result.row], unreadable: [] }
			: {
					rows: [],
					unreadable: [
						{
							itemIndex: context.itemIndex,
							source: 'table',
							reason: result.reason,
							rowNumber: null,
							row: cells,
						},
					],
				};
	}

	/** Rows of one sheet share their keys: the previous item's answer is checked first, without building a key. */
	private columnsOf(keys: string[]): { map: ColumnMap; rows: boolean } {
		const last = this.last;
		if (last && last.keys.length === keys.length && last.keys.every((key, i) => key === keys[i]))
			return last.known;
		const signature = keys.join('\u0001');
		let known = this.maps.get(signature);
		if (!known) {
			const map = mapColumns(keys, this.buttons, this.defaultUnit);
			known = { map, rows: isAttendeeHeader(map) && !isReportInfoHeader(keys) };
			this.maps.set(signature, known);
		}
		this.last = { keys, known };
		return known;
	}
}
