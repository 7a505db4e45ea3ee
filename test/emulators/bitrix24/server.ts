/**
 * The HTTP face of the emulator: `/rest/{user}/{secret}/{method}[.json]` with JSON, urlencoded (PHP brackets) or
 * query-string parameters; faults and the leaky bucket before anything runs; the control API beside it.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { parseStr } from './batch';
import { control } from './control';
import type { PortalEmulator } from './core';
import { errors, type ApiError } from './envelope';
import { faultBody, type FaultPlan } from './faults';
import { serveBoard } from '../boardPage';
import { bitrix24Board } from './board';
import { stateToJson } from './portal';

const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY) req.destroy(new Error('body too large'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function send(
	res: http.ServerResponse,
	status: number,
	body: unknown,
	contentType = 'application/json; charset=utf-8',
) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

/** Parameters as PHP sees them: the query string and the body (JSON or form) merged, the body winning. */
export function decodeParams(
	contentType: string | undefined,
	rawBody: Buffer,
	search: string,
): Record<string, unknown> {
	const fromQuery = search ? parseStr(search.replace(/^\?/, '')) : {};
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	let fromBody: Record<string, unknown> = {};
	const text = rawBody.toString('utf8');
	if (text.trim()) {
		if (type === 'application/json') {
			try {
				const parsed = JSON.parse(text);
				if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fromBody = parsed;
			} catch {
				fromBody = {};
			}
		} else if (type === 'application/x-www-form-urlencoded' || type === '') {
			fromBody = parseStr(text);
		}
	}
	return { ...fromQuery, ...fromBody };
}

export function createServer(emulator: PortalEmulator): http.Server {
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		handle(emulator, req, res).catch((error) => {
			if (!res.headersSent)
				send(res, 500, { error: 'EMULATOR_BUG', error_description: String(error?.stack ?? error) });
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const close = server.close.bind(server);
	server.close = ((callback?: (err?: Error) => void) => {
		for (const socket of sockets) socket.destroy();
		return close(callback);
	}) as typeof server.close;
	return server;
}

async function handle(
	emulator: PortalEmulator,
	req: http.IncomingMessage,
	res: http.ServerResponse,
) {
	const url = new URL(req.url ?? '/', 'http://emulator');
	const rawBody = await readBody(req);
	if (serveBoard(req, res, url, () => bitrix24Board(stateToJson(emulator.state)))) return;
	if (url.pathname.startsWith('/__emulator/')) {
		const body = decodeParams(req.headers['content-type'] ?? 'application/json', rawBody, '');
		const answer = await control(emulator, req.method ?? 'GET', url.pathname, body);
		send(res, answer.status, answer.body);
		return;
	}
	const startedAt = Date.now();
	const entry = {
		method: req.method ?? 'GET',
		path: url.pathname,
		status: 0,
		at: new Date(emulator.now()).toISOString(),
		durationMs: 0,
	} as Parameters<PortalEmulator['log']>[0];
	const finish = (status: number) => {
		entry.status = status;
		entry.durationMs = Date.now() - startedAt;
		emulator.log(entry);
	};
	/** The request was counted on arrival; the portal's latency is spent before it answers. */
	const after = async (executionSeconds = 0) => {
		entry.latencyMs = emulator.latency.draw({ executionSeconds });
		await emulator.latency.wait(entry.latencyMs);
	};

	const match = /^\/rest\/(\d+)\/([^/]+)\/([^/]+?)\/?$/.exec(url.pathname);
	const plan = emulator.faults.plan();
	if (plan.delayMs) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
	if (plan.fault) {
		entry.fault = plan.fault;
		emulator.stats.faultsInjected++;
	}
	if (plan.fault === 'burst') {
		emulator.stats.rateLimited++;
		await after();
		reply(res, errors.queryLimit(), finish);
		return;
	}
	if (plan.fault && !plan.applied) {
		fail(res, plan, finish);
		return;
	}
	if (!emulator.admit(req.socket.remoteAddress ?? '')) {
		emulator.stats.rateLimited++;
		if (plan.fault) return fail(res, plan, finish);
		await after();
		reply(res, errors.queryLimit(), finish);
		return;
	}
	if (!match) {
		// `/rest/{method}?auth=…` is the OAuth form; the emulator knows only inbound webhooks.
		await after();
		reply(res, errors.noAuth(), finish);
		return;
	}
	const [, userId, secret, methodPart] = match;
	const method = decodeURIComponent(methodPart).replace(/\.(json|xml)$/i, '');
	entry.restMethod = method.toLowerCase();
	const hook = emulator.webhook(Number(userId), decodeURIComponent(secret));
	if (!hook || !emulator.state.users.some((u) => u.ID === hook.userId && u.ACTIVE)) {
		await after();
		reply(res, errors.noAuth(), finish);
		return;
	}
	const params = decodeParams(req.headers['content-type'], rawBody, url.search);
	if (entry.restMethod === 'batch')
		entry.batchCommands = Array.isArray(params.cmd)
			? params.cmd.length
			: params.cmd && typeof params.cmd === 'object'
				? Object.keys(params.cmd).length
				: 0;
	const outcome = emulator.call(hook, method, params, false);
	if (!outcome.ok && outcome.error.httpStatus === 429) emulator.stats.rateLimited++;
	if (plan.fault) {
		// The write happened; the client never learns it.
		fail(res, plan, finish);
		return;
	}
	await after(outcome.time?.duration ?? 0);
	if (!outcome.ok) {
		reply(res, outcome.error, finish);
		return;
	}
	const body: Record<string, unknown> = { result: outcome.result };
	if (outcome.next !== undefined) body.next = outcome.next;
	if (outcome.total !== undefined) body.total = outcome.total;
	body.time = outcome.time;
	send(res, 200, body);
	finish(200);
}

function reply(res: http.ServerResponse, error: ApiError, finish: (status: number) => void) {
	send(res, error.httpStatus, error.body());
	finish(error.httpStatus);
}

function fail(res: http.ServerResponse, plan: FaultPlan, finish: (status: number) => void) {
	if (plan.fault === '5xx') {
		const status = plan.status ?? 500;
		const { contentType, body } = faultBody(status);
		send(res, status, body, contentType);
		finish(status);
	} else if (plan.fault === 'reset') {
		finish(0);
		res.socket?.destroy();
	} else {
		// timeout: never answer; the socket stays open until the client gives up (or the server closes).
		finish(0);
	}
}

export function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(server.address() as AddressInfo));
	});
}
