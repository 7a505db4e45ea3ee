/**
 * Which webinar source an input item comes from, by its shape. An item may hold a whole report (a Bizon365
 * `reports/get` body, a Zoom API page, an MTS Link list) or one row (n8n splits arrays into items; a Google
 * Sheets or CSV row). End-of-webinar notifications carry no attendees: they are recognised so the user is told
 * which report to fetch instead.
 */
import { isBizonReport, isBizonViewer } from './bizon365';
import { isMtsLinkUser, mtsLinkUserList } from './mtsLink';
import { isRecord } from './values';
import { isZoomPage, isZoomParticipant } from './zoom';

export type WebinarFormat = 'auto' | 'bizon365' | 'mtsLink' | 'table' | 'zoom';

export type ItemShape =
	'bizon365Report' | 'bizon365Viewers' | 'mtsLinkUsers' | 'tableRow' | 'zoomParticipants';

export type Detection =
	{ ok: true; shape: ItemShape; json: Record<string, unknown> } | { ok: false; reason: string };

/** n8n's Webhook node wraps a request as `{ headers, params, query, body }`; the payload is the body. */
export function unwrapWebhook(json: Record<string, unknown>): Record<string, unknown> {
	return isRecord(json.body) && isRecord(json.headers) ? json.body : json;
}

export function detectItem(input: Record<string, unknown>, format: WebinarFormat): Detection {
	const json = unwrapWebhook(input);
	const found = shapeOf(json);
	const notice = found ? null : endOfWebinarNotice(json);
	if (notice) return { ok: false, reason: notice };
	if (format === 'auto') return { ok: true, shape: found ?? 'tableRow', json };
	const expected: Record<Exclude<WebinarFormat, 'auto'>, ItemShape[]> = {
		bizon365: ['bizon365Report', 'bizon365Viewers'],
		mtsLink: ['mtsLinkUsers'],
		// Zoom's portal CSV, once split into rows by Extract From File, is a table.
		zoom: ['zoomParticipants', 'tableRow'],
		table: ['tableRow'],
	};
	if (found && expected[format].includes(found)) return { ok: true, shape: found, json };
	if (!found && expected[format].includes('tableRow')) return { ok: true, shape: 'tableRow', json };
	return {
		ok: false,
		reason: found
			? `this item looks like ${SHAPE_NAMES[found]}, not ${FORMAT_NAMES[format]}; choose "Detect Automatically" or the right Input Format`
			: `this item is not ${FORMAT_NAMES[format]}: ${FORMAT_HINTS[format]}`,
	};
}

function shapeOf(json: Record<string, unknown>): ItemShape | null {
	if (isBizonReport(json)) return 'bizon365Report';
	if ((Array.isArray(json.viewers) && json.viewers.some(isRecord)) || isBizonViewer(json))
		return 'bizon365Viewers';
	if (isZoomPage(json) || isZoomParticipant(json)) return 'zoomParticipants';
	if (isMtsLinkUser(json) || mtsLinkUserList(json)) return 'mtsLinkUsers';
	return null;
}

function endOfWebinarNotice(json: Record<string, unknown>): string | null {
	const event = typeof json.event === 'string' ? json.event : '';
	if (
		event === 'eventSession.ended' ||
		(event.startsWith('eventSession.') && isRecord(json.data))
	) {
		return "this is MTS Link's end-of-webinar notification, which lists no attendees: fetch GET /v3/stats/users?eventId=… (HTTP Request node) and pass its response here";
	}
	if (/^(?:webinar|meeting)\.ended$/.test(event)) {
		return "this is Zoom's end-of-webinar notification, which lists no attendees: fetch GET /v2/report/webinars/{uuid}/participants (HTTP Request node) and pass its response here";
	}
	if (
		typeof json.webinarId === 'string' &&
		!('usersMeta' in json) &&
		!('viewers' in json) &&
		Object.keys(json).length <= 6
	) {
		return "this is Bizon365's end-of-webinar notification, which lists no viewers: fetch GET webinars/reports/get?webinarId=… (HTTP Request node) and pass its response here";
	}
	return null;
}

const SHAPE_NAMES: Record<ItemShape, string> = {
	bizon365Report: 'a Bizon365 report',
	bizon365Viewers: 'Bizon365 viewer rows',
	mtsLinkUsers: 'MTS Link user statistics',
	tableRow: 'a table row',
	zoomParticipants: 'a Zoom participants report',
};

const FORMAT_NAMES: Record<Exclude<WebinarFormat, 'auto'>, string> = {
	bizon365: 'a Bizon365 report',
	mtsLink: 'MTS Link user statistics',
	table: 'a table row',
	zoom: 'a Zoom participants report',
};

const FORMAT_HINTS: Record<Exclude<WebinarFormat, 'auto'>, string> = {
	bizon365:
		'expected the reports/get response (with "report") or getviewers rows (with "view" and "viewTill")',
	mtsLink: 'expected /stats/users items (with "eventSessions")',
	table: 'expected one row per item with columns such as Имя, Email, Время просмотра',
	zoom: 'expected the participants report (with "participants") or its rows (with "join_time")',
};
