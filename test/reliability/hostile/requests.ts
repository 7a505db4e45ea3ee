/**
 * Raw HTTP for the hostile-input suite: bodies sent in chunks with no Content-Length (nothing announces the
 * size), the hostile bodies themselves, and local listeners that play a CRM answering with a redirect and the
 * host it points at.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the suite prints at the end: every request sent, answers ≥ 500, leads lost, credentials seen elsewhere. */
export const tally = { requests: 0, fiveXX: 0, lost: 0, leaked: 0 };

export interface Answer {
	status: number;
	text: string;
}

export interface RawRequest {
	method?: string;
	headers?: Record<string, string>;
	/** Written one after another; without a Content-Length header Node sends them chunked. */
	chunks?: Array<string | Buffer>;
}

/** One request, counted in the tally; a 404 while a just-published webhook registers is asked again. */
export async function send(url: string, request: RawRequest = {}): Promise<Answer> {
	for (let attempt = 0; ; attempt++) {
		const answer = await sendOnce(url, request);
		if (answer.status !== 404 || attempt >= 40) {
			tally.requests++;
			if (answer.status >= 500) tally.fiveXX++;
			return answer;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

function sendOnce(url: string, request: RawRequest): Promise<Answer> {
	return new Promise((resolve, reject) => {
		let answered: Answer | undefined;
		const req = http.request(
			url,
			{ method: request.method ?? 'POST', headers: request.headers ?? {} },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => (text += c));
				res.on('end', () => {
					answered = { status: res.statusCode ?? 0, text };
					resolve(answered);
				});
			},
		);
		// A server may answer and close before a big body is written out: the answer is what counts.
		req.on('error', (error) => (answered ? resolve(answered) : reject(error)));
		for (const chunk of request.chunks ?? []) req.write(chunk);
		req.end();
	});
}

/** A JSON body nested `levels` deep under `key`, next to the given fields. */
export function deepJson(levels: number, fields: Record<string, string> = {}): string {
	const head = Object.entries(fields)
		.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
		.join('');
	return `{${head}"extra":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
}

/** A form body with one key nested `levels` brackets deep, next to the given fields. */
export function deepForm(levels: number, fields: Record<string, string> = {}, name = 'f'): string {
	const deep = `${encodeURIComponent(name)}${'%5Ba%5D'.repeat(levels)}=x`;
	const rest = new URLSearchParams(fields).toString();
	return rest ? `${rest}&${deep}` : deep;
}

/** `size` bytes of a body of the given type, in 64 KB chunks. */
export function bigBody(
	type: 'json' | 'form' | 'text' | 'multipart',
	size: number,
	fields: Record<string, string> = {},
): { headers: Record<string, string>; chunks: Buffer[] } {
	const filler = (n: number) => Buffer.alloc(n, 'x');
	const pieces: Buffer[] = [];
	let contentType: string;
	if (type === 'json') {
		contentType = 'application/json';
		const head = Object.entries(fields)
			.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
			.join('');
		pieces.push(Buffer.from(`{${head}"message":"`), filler(size), Buffer.from('"}'));
	} else if (type === 'form') {
		contentType = 'application/x-www-form-urlencoded';
		const head = new URLSearchParams(fields).toString();
		pieces.push(Buffer.from(`${head}${head ? '&' : ''}message=`), filler(size));
	} else if (type === 'text') {
		contentType = 'text/plain';
		pieces.push(Buffer.from(`${new URLSearchParams(fields).toString()}&message=`), filler(size));
	} else {
		const boundary = '----hostile7d9a';
		contentType = `multipart/form-data; boundary=${boundary}`;
		const part = (name: string, value: string) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
		pieces.push(
			Buffer.from(
				Object.entries(fields)
					.map(([k, v]) => part(k, v))
					.join(''),
			),
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
			),
			filler(size),
			Buffer.from(`\r\n--${boundary}--\r\n`),
		);
	}
	const whole = Buffer.concat(pieces);
	const chunks: Buffer[] = [];
	for (let at = 0; at < whole.length; at += 64 * 1024)
		chunks.push(whole.subarray(at, at + 64 * 1024));
	return { headers: { 'content-type': contentType }, chunks };
}

export interface Listener {
	url: string;
	host: string;
	requests: Array<{ method: string; url: string; authorization?: string; body: string }>;
	close(): Promise<void>;
}

/** A local HTTP listener that records every request and answers with `answer`. */
export async function listen(answer: (res: http.ServerResponse) => void): Promise<Listener> {
	const requests: Listener['requests'] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			requests.push({
				method: String(req.method),
				url: String(req.url),
				authorization: req.headers.authorization,
				body,
			});
			answer(res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `http://${host}`,
		host,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
