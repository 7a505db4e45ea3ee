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

export interface WebinarSourceServer {
	url: string;
	/** What was asked: path, query and the X-Token header. */
	requests: Array<{ path: string; query: Record<string, string>; token: string | undefined }>;
	close(): Promise<void>;
}

export async function startWebinarSource(options: {
	token: string;
	reports: Record<string, unknown>;
	csv?: Buffer;
}): Promise<WebinarSourceServer> {
	const requests: WebinarSourceServer['requests'] = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://source');
		const token = req.headers['x-token'] as string | undefined;
		requests.push({
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			token,
		});
		const json = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			return undefined;
		};
		if (url.pathname.endsWith('/webinars/reports/get')) {
			if (token !== options.token) return json(401, { message: 'Токен не прошел проверку' });
			const report = options.reports[url.searchParams.get('webinarId') ?? ''];
			return report ? json(200, report) : json(404, { message: 'Вебинар не найден' });
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
