/**
 * Bizon365 viewer reports.
 *
 * Shapes read:
 * - `webinars/reports/get` (v1): `{ report: { report: "<JSON string>", messages: "<JSON string>", … } }`; the inner
 *   `report` parses to `{ usersMeta: { <uid>: viewer }, rating: [] }`. Confirmed by independent PHP, Python and
 *   Node consumers (Code), not by Bizon's own documentation. The inner values may also arrive already parsed.
 * - `reports/getviewers` (v1 and the v2 `/api/v2/<project>/reports/getviewers`): `{ viewers: [viewer], total }`,
 *   or one viewer per item after n8n splits the array. Same field names (Code, unverified for v2).
 * - viewer: `username`, `email`, `phone`, `view` / `viewTill` (epoch ms, first entry and last exit), `finished`,
 *   `clickBanner`, `clickFile`, `messages_num`, `city`, `utm_*`.
 *
 * Time: `viewTill − view` per viewer record — Bizon reports a first-in/last-out span, not re-joins — and records
 * of one person that overlap (two tabs) are merged as a union of spans, never double-counted.
 *
 * Assumption: the value type of `clickBanner` / `clickFile` is undocumented. A text value is taken as
 * the clicked banner's or file's title; `true`, a number or a timestamp means "clicked" and is named "Баннер"
 * (the webinar's button that leads to the course page) or "Файл".
 */
import { splitButtonList } from './buttons';
import { parseMoment, localDate } from './reportTime';
import type { AttendanceRow, ParsedRows, ReadContext, UnreadableRow, WebinarInfo } from './types';
import { isRecord, textOf } from './values';

export const BANNER_CLICK_NAME = 'Баннер';
export const FILE_CLICK_NAME = 'Файл';

const UTM_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'];

/** Whether an item is a Bizon365 full report (`reports/get` body, its `report` object, or parsed `usersMeta`). */
export function isBizonReport(json: Record<string, unknown>): boolean {
	if (isRecord(json.usersMeta)) return true;
	const report = json.report;
	if (typeof report === 'string') return report.includes('usersMeta');
	if (!isRecord(report)) return false;
	return (
		isRecord(report.usersMeta) ||
		(typeof report.report === 'string' && report.report.includes('usersMeta')) ||
		isRecord(report.report)
	);
}

/** Whether an object is one Bizon365 viewer record. */
export function isBizonViewer(json: Record<string, unknown>): boolean {
	return (
		('view' in json || 'viewTill' in json) &&
		('username' in json || 'email' in json || 'phone' in json)
	);
}

/** Reads a full report: every viewer in `usersMeta` becomes a row. */
export function readBizonReport(json: Record<string, unknown>, context: ReadContext): ParsedRows {
	const unreadable: UnreadableRow[] = [];
	const fail = (reason: string): ParsedRows => ({
		rows: [],
		unreadable: [
			{ itemIndex: context.itemIndex, source: 'bizon365', reason, rowNumber: null, row: json },
		],
	});
	let inner: unknown = json.usersMeta ? json : json.report;
	if (isRecord(inner) && !isRecord(inner.usersMeta) && inner.report !== undefined)
		inner = inner.report;
	if (typeof inner === 'string') {
		try {
			inner = JSON.parse(inner);
		} catch {
			return fail(
				'the Bizon365 report field "report" is not valid JSON; pass the reports/get response unchanged',
			);
		}
	}
	if (!isRecord(inner) || !isRecord(inner.usersMeta)) {
		return fail(
			'the Bizon365 report has no "usersMeta" (viewers); the report may not be ready yet — fetch it again later',
		);
	}
	const webinar = bizonWebinar(json, context);
	const rows: AttendanceRow[] = [];
	let rowNumber = 0;
	const usersMeta = inner.usersMeta;
	for (const uid in usersMeta) {
		const viewer = usersMeta[uid];
		rowNumber++;
		if (!isRecord(viewer)) {
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'bizon365',
				reason: 'a viewer record is not an object',
				rowNumber,
				row: viewer,
			});
			continue;
		}
		rows.push(readBizonViewer(viewer, uid, webinar, context));
	}
	fillDateFromViews(webinar, rows, context.zone);
	return { rows, unreadable, webinar };
}

/** Reads `getviewers` rows (a page `{ viewers }` or a single viewer). */
export function readBizonViewers(json: Record<string, unknown>, context: ReadContext): ParsedRows {
	const viewers = Array.isArray(json.viewers) ? json.viewers : [json];
	const webinar = bizonWebinar(json, context);
	const rows: AttendanceRow[] = [];
	const unreadable: UnreadableRow[] = [];
	viewers.forEach((viewer, index) => {
		if (isRecord(viewer))
			rows.push(readBizonViewer(viewer, textOf(viewer._id ?? viewer.id) || null, webinar, context));
		else
			unreadable.push({
				itemIndex: context.itemIndex,
				source: 'bizon365',
				reason: 'a viewer record is not an object',
				rowNumber: index + 1,
				row: viewer,
			});
	});
	fillDateFromViews(webinar, rows, context.zone);
	return { rows, unreadable, webinar };
}

function readBizonViewer(
	viewer: Record<string, unknown>,
	uid: string | null,
	webinar: WebinarInfo,
	context: ReadContext,
): AttendanceRow {
	const joinedAt = parseMoment(numberish(viewer.view), context.zone);
	const leftAt = parseMoment(numberish(viewer.viewTill), context.zone);
	const seconds =
		joinedAt !== null && leftAt !== null && leftAt >= joinedAt
			? Math.floor(leftAt / 1000) - Math.floor(joinedAt / 1000)
			: null;
	const phoneRaw = textOf(viewer.phone) || null;
	let utm: Record<string, string> | null = null;
	for (const field of UTM_FIELDS) {
		const value = textOf(viewer[field]);
		if (value) (utm ??= {})[field.slice(4)] = value;
	}
	const messages = Number(viewer.messages_num);
	return {
		source: 'bizon365',
		itemIndex: context.itemIndex,
		name: context.contacts.name(viewer.username),
		email: context.contacts.email(viewer.email),
		phone: context.contacts.phone(phoneRaw),
		phoneRaw,
		sourceId: uid,
		seconds,
		joinedAt,
		leftAt: seconds === null ? null : leftAt,
		timeMerge: 'union',
		buttons: viewerClicks(viewer),
		attended: true,
		finished:
			viewer.finished === undefined || viewer.finished === null ? null : truthy(viewer.finished),
		managerTag: null,
		webinar,
		utm,
		city: textOf(viewer.city) || null,
		chatMessages: Number.isFinite(messages) && viewer.messages_num !== undefined ? messages : null,
	};
}

const NO_CLICKS: string[] = [];

function viewerClicks(viewer: Record<string, unknown>): string[] {
	// Most viewers click nothing: they share one empty list (rows are read, never changed).
	if (!viewer.clickBanner && !viewer.clickFile) return NO_CLICKS;
	return [
		...clickNames(viewer.clickBanner, BANNER_CLICK_NAME),
		...clickNames(viewer.clickFile, FILE_CLICK_NAME),
	];
}

/** Banner/file click values of unknown type: a title, a list of titles, or a mere "clicked" flag. */
function clickNames(value: unknown, clickedName: string): string[] {
	if (value === null || value === undefined || value === false || value === 0 || value === '')
		return [];
	if (value === true || typeof value === 'number') return [clickedName];
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^(?:0|false|нет|no)$/i.test(text)) return [];
		if (/^(?:\d+(?:\.\d+)?|true|да|yes)$/i.test(text) || /^\d{4}-\d{2}-\d{2}/.test(text))
			return [clickedName];
		return splitButtonList(text);
	}
	const names = splitButtonList(value);
	return names.length > 0 ? names : [clickedName];
}

/** The session: Bizon's webinarId is `<room>*<YYYY-MM-DDTHH:MM:SS>` (sometimes prefixed `<project>:`). */
function bizonWebinar(json: Record<string, unknown>, context: ReadContext): WebinarInfo {
	const report = isRecord(json.report) ? json.report : {};
	const id = textOf(json.webinarId ?? report.webinarId) || null;
	const stamp = id ? /\*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)/.exec(id) : null;
	const title = textOf(json.title ?? json.text ?? report.title ?? report.text) || null;
	let date: string | null = null;
	if (stamp) {
		const ms = parseMoment(stamp[1], context.zone);
		if (ms !== null) date = localDate(ms, context.zone);
	}
	return { key: id ?? '', id, date, title };
}

function fillDateFromViews(webinar: WebinarInfo, rows: AttendanceRow[], zone: string) {
	if (webinar.date) return;
	let first: number | null = null;
	for (const row of rows)
		if (row.joinedAt !== null && (first === null || row.joinedAt < first)) first = row.joinedAt;
	if (first !== null) webinar.date = localDate(first, zone);
}

function numberish(value: unknown): unknown {
	return typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

function truthy(value: unknown): boolean {
	if (typeof value === 'string') return !/^(?:|0|false|нет|no)$/i.test(value.trim());
	return Boolean(value);
}
