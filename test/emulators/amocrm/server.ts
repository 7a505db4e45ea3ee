import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { AccountState, type SeedData } from './account';
import { authenticate } from './auth';
import { Clock } from './clock';
import { handleControl } from './control';
import {
	accountNotFound,
	bannedPage,
	gatewayError,
	internalError,
	methodNotAllowed,
	paymentRequired,
	routeNotFound,
	tooManyRequests,
	validationFailed,
} from './errors';
import { Faults, type FaultPlan } from './faults';
import { oauthOptions } from './oauth';
import { ApiError, parseBracketQuery, type ApiRequest, type ApiResponse } from './http';
import { DEFAULT_LIMITS, RateLimiter } from './rateLimiter';
import { Random } from './random';
import { buildRouter } from './routes';
import { WebhookEmitter } from './webhooks/emitter';
import {
	AMOCRM_LATENCY,
	LatencyClock,
	latencyModel,
	type LatencyModel,
	type TimeSource,
	type Work,
} from '../timing';
import { serveBoard } from '../boardPage';
import { amoCrmBoard } from './board';

export interface LogEntry {
	method: string;
	path: string;
	query: string;
	account: string;
	status: number;
	at: string;
	durationMs: number;
	/** The parsed request body, so tests can assert what a node sent. */
	body?: unknown;
	fault?: string;
	/** The modelled latency this answer waited (0 without a latency model). */
	latencyMs?: number;
}

export interface Stats {
	requests: number;
	byStatus: Record<string, number>;
	rateLimited: number;
	banned: number;
	faultsInjected: number;
}

export interface ServerOptions {
	/** The real rate limits (7 rps, 429, ban); false = `--no-limits`. */
	limits?: boolean;
	/** Where the clock's time comes from (tests inject a virtual one); default real time. */
	now?: TimeSource;
	/** The latency model (see ../timing.ts); default none. */
	latency?: boolean | number | Partial<LatencyModel>;
	/** How the latency is waited out (tests inject a virtual sleep); default a timer. */
	sleep?: (ms: number) => Promise<void>;
}

/** Builds an account's seed: the given data, or the generated demo account anchored at the clock's now. */
export type SeedFactory = (now: number) => SeedData;

const ZONES = /^([a-z0-9][a-z0-9-]*)\.(amocrm\.ru|amocrm\.com|kommo\.com)$/i;
const PREFIX = /^\/a\/([a-z0-9][a-z0-9-]*)(\/.*)$/i;

/**
 * The amoCRM emulator's HTTP server. One process hosts one or more accounts, told apart by a `/a/{subdomain}`
 * path prefix or by a `Host: {subdomain}.amocrm.ru` header; anything else is the default account.
 */
export class AmoCrmServer {
	readonly clock: Clock;
	readonly latency: LatencyClock;
	readonly limiter = new RateLimiter();
	readonly faults = new Faults();
	readonly emitter = new WebhookEmitter();
	readonly accounts = new Map<string, AccountState>();
	readonly seeds = new Map<string, SeedFactory>();
	defaultSubdomain = '';
	log: LogEntry[] = [];
	stats: Stats = freshStats();
	private readonly router = buildRouter();
	private readonly gatewayRandom = new Random(504);
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly held = new Set<http.ServerResponse>();

	private readonly limitsOnByDefault: boolean;
	/** The latency model the server started with; a reset returns to it. */
	private readonly startLatency: LatencyModel;

	constructor(options: ServerOptions = {}) {
		this.limitsOnByDefault = options.limits !== false;
		this.clock = new Clock(options.now);
		this.startLatency = latencyModel(options.latency, AMOCRM_LATENCY);
		this.latency = new LatencyClock({ ...this.startLatency }, options.sleep);
		this.limiter.settings.enabled = this.limitsOnByDefault;
		this.server = http.createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	addAccount(factory: SeedFactory): AccountState {
		const account = new AccountState(factory(this.clock.now()), this.clock);
		this.accounts.set(account.subdomain, account);
		this.seeds.set(account.subdomain, factory);
		this.emitter.watch(account);
		if (!this.defaultSubdomain) this.defaultSubdomain = account.subdomain;
		return account;
	}

	defaultAccount(): AccountState {
		return this.accounts.get(this.defaultSubdomain)!;
	}

	/** Back to the seeded state: accounts re-seeded, faults, logs, limits, bans, clock and deliveries cleared. */
	reset(seed?: SeedFactory) {
		this.clock.offsetMs = 0;
		if (seed) this.seeds.set(this.defaultSubdomain, seed);
		const factories = [...this.seeds.entries()];
		this.accounts.clear();
		this.emitter.reset();
		for (const [, factory] of factories) {
			const account = new AccountState(factory(this.clock.now()), this.clock);
			this.accounts.set(account.subdomain, account);
			this.emitter.watch(account);
		}
		if (!this.accounts.has(this.defaultSubdomain))
			this.defaultSubdomain = factories[0] ? [...this.accounts.keys()][0] : '';
		this.faults.clear();
		this.limiter.reset();
		this.limiter.settings = { ...DEFAULT_LIMITS, enabled: this.limitsOnByDefault };
		this.latency.configure({ ...this.startLatency });
		this.log = [];
		this.stats = freshStats();
		oauthOptions.requireRedirectUriOnRefresh = false;
	}

	async listen(port: number, host: string): Promise<AddressInfo> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve());
		});
		return this.server.address() as AddressInfo;
	}

	async close() {
		this.emitter.reset();
		for (const res of this.held) res.destroy();
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
		const started = Date.now();
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://emulator');
		if (serveBoard(req, res, url, () => amoCrmBoard(this.defaultAccount().snapshot()))) return;
		if (url.pathname.startsWith('/__emulator')) {
			const answer = await handleControl(this, req.method ?? 'GET', url, rawBody);
			return send(res, answer);
		}
		let path = url.pathname;
		let prefix = '';
		let subdomain = this.defaultSubdomain;
		const prefixed = PREFIX.exec(path);
		const hostname = String(req.headers.host ?? '').replace(/:\d+$/, '');
		if (prefixed) {
			subdomain = prefixed[1].toLowerCase();
			prefix = `/a/${prefixed[1]}`;
			path = prefixed[2];
		} else if (ZONES.test(hostname)) {
			subdomain = ZONES.exec(hostname)![1].toLowerCase();
		}
		const entry: LogEntry = {
			method: req.method ?? 'GET',
			path,
			query: url.search,
			account: subdomain,
			status: 0,
			at: new Date(started).toISOString(),
			durationMs: 0,
		};
		const finish = async (
			answer: ApiResponse | 'reset' | 'timeout',
			fault?: string,
			work: Work = {},
		) => {
			if (answer !== 'reset' && answer !== 'timeout') {
				// Counted on arrival (above); the time the CRM takes is spent between arrival and answer.
				entry.latencyMs = this.latency.draw(work);
				await this.latency.wait(entry.latencyMs);
			}
			entry.status = answer === 'reset' || answer === 'timeout' ? 0 : answer.status;
			entry.durationMs = Date.now() - started;
			if (fault) entry.fault = fault;
			this.log.push(entry);
			this.stats.requests++;
			const key = answer === 'reset' || answer === 'timeout' ? answer : String(answer.status);
			this.stats.byStatus[key] = (this.stats.byStatus[key] ?? 0) + 1;
			if (answer === 'reset') {
				res.socket?.destroy();
			} else if (answer === 'timeout') {
				// No answer at all until the client gives up.
				this.held.add(res);
				res.on('close', () => this.held.delete(res));
			} else {
				send(res, answer, this.clock.nowMs());
			}
		};
		const account = this.accounts.get(subdomain);
		if (!account) return finish(accountNotFound().response);
		const body = parseBody(rawBody, String(req.headers['content-type'] ?? ''));
		entry.body = body.value;
		if (body.invalid) return finish(validationFailed([]).response);
		const apiRequest: ApiRequest = {
			method: entry.method,
			path,
			query: parseBracketQuery(url.searchParams),
			search: url.searchParams,
			headers: req.headers,
			body: body.value,
			rawBody,
			account,
			baseUrl: `http://${req.headers.host ?? 'localhost'}${prefix}`,
			params: {},
		};
		const route = this.router.match(entry.method, path);
		if (!route)
			return finish(routeNotFound(entry.method, `https://${account.publicHost()}${path}`).response);
		if (route === 'method-not-allowed') return finish(methodNotAllowed().response);
		apiRequest.params = route.params;
		const oauthRoute = path.startsWith('/oauth');
		const isWrite = entry.method !== 'GET' && !oauthRoute;
		try {
			if (!oauthRoute) {
				apiRequest.identity = authenticate(account, req.headers.authorization);
				const verdict = this.limiter.check(apiRequest.identity.rateKey, this.clock.nowMs());
				if (verdict === 'banned') {
					this.stats.banned++;
					return finish(bannedPage());
				}
				if (verdict === 'limited') {
					this.stats.rateLimited++;
					return finish(tooManyRequests(Math.random() < this.limiter.settings.html429Rate));
				}
				if (account.paymentRequired && isWrite) throw paymentRequired();
			}
		} catch (error) {
			if (error instanceof ApiError) return finish(error.response);
			throw error;
		}
		const batchSize = Array.isArray(body.value) ? body.value.length : 1;
		const plan: FaultPlan = this.faults.active()
			? this.faults.plan(isWrite, Array.isArray(body.value) ? batchSize : 0)
			: { kind: 'none', applyFirst: false, delayMs: 0 };
		if (plan.delayMs > 0) await sleep(plan.delayMs);
		if (plan.kind === '429') {
			this.stats.rateLimited++;
			this.stats.faultsInjected++;
			return finish(tooManyRequests(Math.random() < this.limiter.settings.html429Rate), '429');
		}
		if (plan.failItems && Array.isArray(body.value)) {
			this.stats.faultsInjected++;
			const items = body.value as Array<Record<string, unknown>>;
			const failures = plan.failItems.map((i) => ({
				request_id:
					items[i] && items[i].request_id !== undefined ? String(items[i].request_id) : String(i),
				errors: [{ code: 'InvalidValue', path: 'name', detail: 'This value is not valid.' }],
			}));
			return finish(validationFailed(failures).response, 'partial');
		}
		const gatewayLimit = this.limiter.settings.gatewayTimeoutAbove;
		const tooBig =
			isWrite && gatewayLimit > 0 && Array.isArray(body.value) && batchSize > gatewayLimit;
		const written = isWrite ? (Array.isArray(body.value) ? batchSize : 1) : 0;
		if (plan.kind === 'none' && !tooBig) {
			const answer = await this.run(route.handler, apiRequest);
			return finish(answer, undefined, {
				entities: written,
				rows: isWrite ? 0 : rowsOf(answer.body),
			});
		}
		if (plan.kind !== 'none') this.stats.faultsInjected++;
		const status = tooBig ? 504 : plan.status;
		if (plan.applyFirst || tooBig) {
			// An ambiguous write: the change is made, the client sees a failure. A 504 may apply only part of a batch.
			const partial =
				status === 504 && Array.isArray(body.value)
					? (body.value as unknown[]).slice(0, this.gatewayRandom.int(1, batchSize))
					: body.value;
			await this.run(route.handler, { ...apiRequest, body: partial });
		}
		const fault = tooBig
			? 'gateway-timeout'
			: `${plan.kind}${plan.applyFirst ? '-after-apply' : ''}`;
		if (plan.kind === 'reset') return finish('reset', fault);
		if (plan.kind === 'timeout') return finish('timeout', fault);
		return finish(
			status === 500 ? internalError() : gatewayError(status as 502 | 503 | 504),
			fault,
			{ entities: plan.applyFirst || tooBig ? written : 0 },
		);
	}

	private async run(
		handler: (req: ApiRequest) => ApiResponse | Promise<ApiResponse>,
		req: ApiRequest,
	): Promise<ApiResponse> {
		try {
			// Handlers answer synchronously; a GET changes nothing, so indexes built during it stay true.
			if (req.method === 'GET' && req.account)
				return await req.account.readOnly(() => handler(req));
			return await handler(req);
		} catch (error) {
			if (error instanceof ApiError) return error.response;
			console.error('[amocrm emulator]', error);
			return internalError();
		}
	}
}

/** Rows a read answered: the lists under `_embedded`, or a bare array. */
function rowsOf(body: unknown): number {
	if (Array.isArray(body)) return body.length;
	const embedded = (body as { _embedded?: Record<string, unknown> } | undefined)?._embedded;
	if (!embedded || typeof embedded !== 'object') return 0;
	return Object.values(embedded).reduce<number>(
		(sum, value) => sum + (Array.isArray(value) ? value.length : 0),
		0,
	);
}

function freshStats(): Stats {
	return { requests: 0, byStatus: {}, rateLimited: 0, banned: 0, faultsInjected: 0 };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string): { value: unknown; invalid?: boolean } {
	if (!raw.trim()) return { value: undefined };
	if (contentType.includes('application/x-www-form-urlencoded'))
		return { value: parseBracketQuery(new URLSearchParams(raw)) };
	try {
		return { value: JSON.parse(raw) };
	} catch {
		return { value: undefined, invalid: true };
	}
}

/** `Date` follows the emulator's clock, so clients that read the server's time see the moved clock. */
function send(res: http.ServerResponse, answer: ApiResponse, nowMs = Date.now()) {
	const headers: Record<string, string> = {
		'X-Request-Id': randomUUID(),
		Server: 'nginx',
		Date: new Date(nowMs).toUTCString(),
		...(answer.headers ?? {}),
	};
	if (answer.status === 204 || answer.body === undefined) {
		res.writeHead(answer.status, headers);
		res.end();
		return;
	}
	const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
	// JSON types exactly as amoCRM documents them (`application/hal+json`, `application/problem+json`: clients
	// compare the string); JSON is UTF-8 by definition. HTML pages say their charset.
	const type = answer.contentType ?? 'application/json';
	headers['Content-Type'] = type.startsWith('text/') ? `${type}; charset=utf-8` : type;
	res.writeHead(answer.status, headers);
	res.end(text);
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
