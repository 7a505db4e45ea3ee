/**
 * A tiny stand-in for Bizon365's report API (v1 `webinars/reports/get`, `X-Token` header) and for a published
 * CSV (a Google Sheet's "publish to web" link): what the webinar template fetches with its HTTP Request nodes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BizonViewer {
	username: string;
	email?: string;
	phone?: string;
	/** Minutes watched from the start of the webinar. */
	minutes: number;
	clickBanner?: string;
}

export const WEBINAR_START_MS = Date.parse('2026-11-20T16:00:00Z');

/** The `reports/get` answer in Bizon365's shape: the report itself is a JSON string inside the JSON. */
export function bizonReport(webinarId: string, viewers: BizonViewer[]): unknown {
	const usersMeta = Object.fromEntries(
		viewers.map((v, i) => [
			`6140f0a1b2c3d4e5f6a7${String(i).padStart(4, '0')}`,
			{
				username: v.username,
				email: v.email ?? '',
				phone: v.phone ?? '',
				view: WEBINAR_START_MS,
				viewTill: WEBINAR_START_MS + v.minutes * 60_000,
				...(v.clickBanner ? { clickBanner: v.clickBanner } : {}),
			},
		]),
	);
	return {
		report: {
			_id: 'r1',
			webinarId,
			report: JSON.stringify({ usersMeta, rating: Object.keys(usersMeta) }),
			messages: '{}',
			messagesTS: '{}',
		},
	};
}

/** Bizon365 getviewers rows (API v1 and v2 share them): `view` / `viewTill` in epoch ms. */
export function bizonViewerRows(viewers: BizonViewer[]): Array<Record<string, unknown>> {
	return viewers.map((v, i) => ({
		_id: `v${i}`,
		username: v.username,
		email: v.email ?? '',
		phone: v.phone ?? '',
		view: WEBINAR_START_MS,
		viewTill: WEBINAR_START_MS + v.minutes * 60_000,
		...(v.clickBanner ? { clickBanner: v.clickBanner } : {}),
	}));
}

/** Zoom's participants report rows: one per join, `duration` in seconds, times in UTC. */
export function zoomParticipants(viewers: BizonViewer[]): Array<Record<string, unknown>> {
	return viewers.map((v, i) => ({
		id: `zp${i}`,
		user_id: String(16_000_000 + i),
		registrant_id: `reg-${i}`,
		name: v.username,
		user_email: v.email ?? '',
		join_time: new Date(WEBINAR_START_MS).toISOString().replace('.000', ''),
		leave_time: new Date(WEBINAR_START_MS + v.minutes * 60_000).toISOString().replace('.000', ''),
		duration: v.minutes * 60,
		failover: false,
		status: 'in_meeting',
	}));
}

/** MTS Link `/stats/users`: each user with one event session of their connections (seconds). */
export function mtsLinkUsers(
	viewers: BizonViewer[],
	eventId: number,
): Array<Record<string, unknown>> {
	const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+0000');
	return viewers.map((v, i) => ({
		id: 700 + i,
		email: v.email ?? '',
		name: v.username,
		secondName: '',
		phone: v.phone ?? '',
		eventSessions: [
			{
				id: 9000 + eventId,
				name: 'Больше чем игрушка',
				startsAt: at(WEBINAR_START_MS),
				duration: 7200,
				eventId,
				connections: v.minutes
					? [
							{
								joined: at(WEBINAR_START_MS),
								leaved: at(WEBINAR_START_MS + v.minutes * 60_000),
								duration: v.minutes * 60,
								platform: 'Web',
							},
						]
					: [],
			},
		],
	}));
}

/** The CSV Zoom's portal exports for a webinar: the report preamble, then the attendees. */
export function zoomAttendeeCsv(viewers: BizonViewer[], topic = 'Больше чем игрушка'): string {
	const when = (ms: number) => {
		const d = new Date(ms + 3 * 3_600_000);
		const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
		const hours = d.getUTCHours();
		const h12 = String(((hours + 11) % 12) + 1).padStart(2, '0');
		const mm = String(d.getUTCMinutes()).padStart(2, '0');
		return `"${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${h12}:${mm} ${hours < 12 ? 'AM' : 'PM'}"`;
	};
	return [
		'Attendee Report,',
		`Report Generated:,${when(WEBINAR_START_MS + 3 * 3_600_000)}`,
		'Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,Total Users,Max Concurrent Views',
		`"${topic}","912 3456 7890",${when(WEBINAR_START_MS)},120,${viewers.length},0,${viewers.length},${viewers.length},${viewers.length}`,
		'Host Details,',
		'Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Country/Region Name',
		`Yes,Школа,host@school.example,${when(WEBINAR_START_MS)},${when(WEBINAR_START_MS + 7_200_000)},120,Russia`,
		'Attendee Details,',
		'Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,Source Name',
		...viewers.map(
			(v) =>
				`Yes,${v.username},${v.username},,${v.email ?? ''},${v.phone ?? ''},${when(WEBINAR_START_MS - 86_400_000)},approved,${when(WEBINAR_START_MS)},${when(WEBINAR_START_MS + v.minutes * 60_000)},${v.minutes},Yes,Russia,vk`,
		),
	].join('\r\n');
}

export interface WebinarSourceServer {
	url: string;
	/** What was asked: path, query and the token header (X-Token, a Zoom bearer token, MTS Link's x-auth-token). */
	requests: Array<{ path: string; query: Record<string, string>; token: string | undefined }>;
	close(): Promise<void>;
}

/**
 * Bizon365 (v1 `webinars/reports/get`, v2 `<project>/reports/getviewers` 1,000 a page), Zoom (`report/webinars|
 * meetings/{id}/participants`, bearer token, `next_page_token` pages of `page_size`), MTS Link (`stats/users`,
 * `x-auth-token`) and a published CSV, each answering from what the test put in `options`.
 */
export async function startWebinarSource(options: {
	token: string;
	reports: Record<string, unknown>;
	csv?: Buffer;
	/** Bizon365 v2: viewers by webinarId. */
	bizonViewers?: Record<string, BizonViewer[]>;
	zoom?: { token: string; participants: Record<string, BizonViewer[]> };
	mtsLink?: { token: string; events: Record<string, BizonViewer[]> };
}): Promise<WebinarSourceServer> {
	const requests: WebinarSourceServer['requests'] = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://source');
		const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
		const token = (req.headers['x-token'] ?? req.headers['x-auth-token'] ?? bearer) as
			string | undefined;
		requests.push({
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			token,
		});
		const json = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			return undefined;
		};
		const query = (name: string) => url.searchParams.get(name) ?? '';
		if (url.pathname.endsWith('/webinars/reports/get')) {
			if (token !== options.token) return json(401, { message: 'Токен не прошел проверку' });
			const report = options.reports[url.searchParams.get('webinarId') ?? ''];
			return report ? json(200, report) : json(404, { message: 'Вебинар не найден' });
		}
		if (/^\/api\/v2\/\d+\/reports\/getviewers$/.test(url.pathname)) {
			if (token !== options.token) return json(401, { message: 'Токен не прошел проверку' });
			const viewers = options.bizonViewers?.[query('webinarId')];
			if (!viewers) return json(404, { message: 'Вебинар не найден' });
			const skip = Number(query('skip') || 0);
			const limit = Math.min(1000, Number(query('limit') || 1000));
			const rows = bizonViewerRows(viewers);
			return json(200, {
				total: rows.length,
				skip,
				limit,
				viewers: rows.slice(skip, skip + limit),
			});
		}
		const zoomPath = /^\/v2\/report\/(webinars|meetings)\/([^/]+)\/participants$/.exec(
			url.pathname,
		);
		if (zoomPath && options.zoom) {
			if (token !== options.zoom.token)
				return json(401, { code: 124, message: 'Invalid access token.' });
			const id = decodeURIComponent(zoomPath[2]);
			const viewers = options.zoom.participants[id];
			if (!viewers) return json(404, { code: 3001, message: 'Webinar does not exist.' });
			const size = Math.min(300, Number(query('page_size') || 30));
			const from = Number(query('next_page_token') || 0);
			const rows = zoomParticipants(viewers);
			const next = from + size < rows.length ? String(from + size) : '';
			return json(200, {
				page_count: Math.ceil(rows.length / size),
				page_size: size,
				total_records: rows.length,
				next_page_token: next,
				participants: rows.slice(from, from + size),
			});
		}
		if (url.pathname === '/v3/stats/users' && options.mtsLink) {
			if (token !== options.mtsLink.token)
				return json(401, { error: { code: 401, message: 'Invalid token' } });
			const eventId = query('eventId');
			const viewers = options.mtsLink.events[eventId];
			return json(200, viewers ? mtsLinkUsers(viewers, Number(eventId)) : []);
		}
		if (url.pathname === '/export.csv' && options.csv) {
			res
				.writeHead(200, {
					'content-type': 'text/csv; charset=windows-1251',
					'content-disposition': 'attachment; filename="viewers.csv"',
				})
				.end(options.csv);
			return undefined;
		}
		return json(404, { message: 'not found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Text in Windows-1251, as Russian spreadsheet exports often are (Cyrillic and ASCII only). */
export function windows1251(text: string): Buffer {
	const bytes = [...text].map((ch) => {
		const code = ch.codePointAt(0)!;
		if (code < 0x80) return code;
		if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
		if (ch === 'Ё') return 0xa8;
		if (ch === 'ё') return 0xb8;
		if (ch === '№') return 0xb9;
		throw new Error(`No Windows-1251 byte for "${ch}"`);
	});
	return Buffer.from(bytes);
}
