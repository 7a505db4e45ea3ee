import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { CrmSetupError } from '../errors';
import { accountAddress } from './accountAddress';
import { AmoApiError } from './errors';
import { failureOf, isBan, type AmoFailure } from './failures';
import { holdOff, takeRequestSlot } from './pacing';
import { bracketQuery, type QueryValue } from './query';
import { decideRetry, type RequestKind } from './retry';

/** Any n8n context that may call amoCRM: a node's execute, a dropdown, a trigger's subscribe, a webhook. */
export type AmoContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export type AmoCredentialType = 'amoCrmApi' | 'amoCrmOAuth2Api';

export interface AmoAnswer<T = unknown> {
	status: number;
	/** undefined for 204 No Content (amoCRM's empty list). */
	body: T | undefined;
	headers: Record<string, string>;
}

export interface RequestOptions {
	query?: Record<string, QueryValue>;
	body?: unknown;
	/** Decides what may be repeated after a failure; GET is a read, PATCH idempotent, POST a create unless said. */
	kind?: RequestKind;
	itemIndex?: number;
}

export interface TransportOptions {
	credentialType?: AmoCredentialType;
	timeoutMs?: number;
}

interface Account {
	baseUrl: string;
	host: string;
	perSecond: number;
}

/**
 * The credential a node uses: its Authentication choice when it has one (the amoCRM nodes), else whichever amoCRM
 * credential is attached (funnel nodes), the long-lived token first.
 */
export function credentialTypeOf(node: INode): AmoCredentialType {
	const chosen = node.parameters?.authentication;
	if (chosen === 'oAuth2') return 'amoCrmOAuth2Api';
	if (chosen === 'longLivedToken') return 'amoCrmApi';
	if (node.credentials?.amoCrmApi) return 'amoCrmApi';
	return node.credentials?.amoCrmOAuth2Api ? 'amoCrmOAuth2Api' : 'amoCrmApi';
}

/**
 * The only place that talks HTTP to amoCRM. Authenticates through n8n (`httpRequestWithAuthentication`, so
 * n8n refreshes OAuth2 tokens), builds every URL from the validated account host, paces requests under the
 * account's rate, retries what is safe to retry with backoff and jitter, and turns every failure into an
 * `AmoApiError` in amoCRM's words. It never logs or returns the token.
 */
export class AmoTransport {
	readonly credentialType: AmoCredentialType;
	/** Requests sent (attempts included), for reports and tests. */
	requestCount = 0;
	/** How long a read takes to answer here, ms (a moving average): how far paged reads look ahead. */
	readLatencyMs = 0;
	private account?: Promise<Account>;
	private serverOffsetMs = 0;
	private readonly timeoutMs: number;
	/**
	 * The answer that closed the account to this transport (a ban, a refused token, an unpaid account): requests
	 * already waiting for their turn are not sent after it.
	 */
	private closedBy?: AmoFailure;

	constructor(
		readonly context: AmoContext,
		options: TransportOptions = {},
	) {
		this.credentialType = options.credentialType ?? credentialTypeOf(context.getNode());
		this.timeoutMs = options.timeoutMs ?? 30_000;
	}

	get node(): INode {
		return this.context.getNode();
	}

	async baseUrl(): Promise<string> {
		return (await this.resolveAccount()).baseUrl;
	}

	/** amoCRM's clock in unix seconds, estimated from its `Date` headers (timestamps in filters are the server's). */
	serverNow(): number {
		return Math.floor((Date.now() + this.serverOffsetMs) / 1000);
	}

	async request<T = unknown>(
		method: IHttpRequestMethods,
		pathOrUrl: string,
		options: RequestOptions = {},
	): Promise<AmoAnswer<T>> {
		const account = await this.resolveAccount();
		const kind =
			options.kind ?? (method === 'GET' ? 'read' : method === 'POST' ? 'create' : 'idempotent');
		const url = this.urlFor(account, pathOrUrl, options.query);
		for (let attempt = 1; ; attempt++) {
			const answered = await takeRequestSlot(account.host, account.perSecond);
			if (this.closedBy) {
				answered();
				throw new AmoApiError(this.closedBy, 'fatal', {
					itemIndex: options.itemIndex,
					attempts: attempt - 1,
				});
			}
			this.requestCount++;
			const request: IHttpRequestOptions = {
				method,
				url,
				json: true,
				returnFullResponse: true,
				timeout: this.timeoutMs,
				headers: { Accept: 'application/hal+json, application/json' },
				// A redirect would carry the Authorization header to whatever host it names: a 3xx is an error.
				disableFollowRedirect: true,
			};
			if (options.body !== undefined) request.body = options.body as IHttpRequestOptions['body'];
			const sentAt = Date.now();
			const outcome = await settle(async () => {
				const response = (await this.context.helpers.httpRequestWithAuthentication.call(
					this.context,
					this.credentialType,
					request,
				)) as {
					body: unknown;
					headers: Record<string, unknown>;
					statusCode: number;
				};
				return response;
			});
			answered();
			if ('value' in outcome) {
				if (method === 'GET') this.noteReadLatency(Date.now() - sentAt);
				const headers = lowerCase(outcome.value.headers);
				this.noteServerTime(headers.date);
				return {
					status: outcome.value.statusCode,
					body: parseBody(outcome.value.body) as T | undefined,
					headers,
				};
			}
			const failure = failureOf(outcome.error);
			if (failure.headers.date) this.noteServerTime(failure.headers.date);
			if (failure.status === 400)
				throw new AmoApiError(failure, 'validation', { itemIndex: options.itemIndex });
			const decision = decideRetry(failure, kind, attempt);
			if (decision.action === 'retry') {
				if (decision.holdAccount) holdOff(account.host, decision.waitMs);
				await sleep(decision.waitMs);
				continue;
			}
			const errorKind = decision.action === 'fail' ? 'fatal' : decision.action;
			if (failure.status === 401 || failure.status === 402 || isBan(failure))
				this.closedBy ??= failure;
			throw new AmoApiError(failure, errorKind, {
				itemIndex: options.itemIndex,
				attempts: attempt,
			});
		}
	}

	/** GET returning the body, or undefined when amoCRM answers 204 (nothing found). */
	async get<T = unknown>(
		path: string,
		query?: Record<string, QueryValue>,
		itemIndex?: number,
	): Promise<T | undefined> {
		return (await this.request<T>('GET', path, { query, itemIndex })).body;
	}

	private async resolveAccount(): Promise<Account> {
		this.account ??= (async () => {
			const credentials = await this.context.getCredentials<ICredentialDataDecryptedObject>(
				this.credentialType,
			);
			const address = accountAddress(credentials);
			if (!address.ok) {
				throw new CrmSetupError(
					`The amoCRM credential has a wrong account address: ${address.reason}`,
					'Open the credential and fix the subdomain or the zone.',
				);
			}
			const perSecond = Number(credentials.requestsPerSecond);
			return {
				baseUrl: address.baseUrl,
				host: address.host,
				perSecond: Number.isFinite(perSecond) && perSecond > 0 ? Math.min(perSecond, 7) : 7,
			};
		})();
		return await this.account;
	}

	/** Relative paths join the account's base URL; absolute ones (`_links.next`) must point at the same account. */
	private urlFor(account: Account, pathOrUrl: string, query?: Record<string, QueryValue>): string {
		let url: string;
		if (/^https?:\/\//i.test(pathOrUrl)) {
			const target = new URL(pathOrUrl);
			const base = new URL(account.baseUrl);
			if (
				target.host !== base.host ||
				!target.pathname.startsWith(base.pathname.replace(/\/$/, ''))
			) {
				throw new CrmSetupError(
					`amoCRM pointed to another host (${target.host}); the request was not sent`,
				);
			}
			// Keep the account's scheme: an emulator's links follow the address the client used.
			url = `${account.baseUrl}${target.pathname.slice(base.pathname.replace(/\/$/, '').length)}${target.search}`;
		} else {
			url = `${account.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
		}
		const encoded = query ? bracketQuery(query) : '';
		if (encoded) url += `${url.includes('?') ? '&' : '?'}${encoded}`;
		return url;
	}

	private noteReadLatency(ms: number) {
		this.readLatencyMs = this.readLatencyMs === 0 ? ms : 0.7 * this.readLatencyMs + 0.3 * ms;
	}

	private noteServerTime(date: string | undefined) {
		const parsed = date ? Date.parse(date) : NaN;
		if (Number.isFinite(parsed)) this.serverOffsetMs = parsed - Date.now();
	}
}

/** The outcome of a promise as a value, so failures are judged outside a catch block. */
export async function settle<T>(
	work: () => Promise<T>,
): Promise<{ value: T } | { error: unknown }> {
	try {
		return { value: await work() };
	} catch (error) {
		return { error };
	}
}

function lowerCase(headers: Record<string, unknown> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = String(v);
	return out;
}

function parseBody(body: unknown): unknown {
	if (body === '' || body === null || body === undefined) return undefined;
	if (typeof body === 'string') {
		try {
			return JSON.parse(body);
		} catch {
			return body;
		}
	}
	return body;
}
