import type { IncomingHttpHeaders } from 'node:http';

import type { AccountState } from './account';
import type { TokenIdentity } from './auth';

/** What a route handler answers; `body` as a string is sent as is (HTML pages of the gateway). */
export interface ApiResponse {
	status: number;
	contentType?: string;
	headers?: Record<string, string>;
	body?: unknown;
}

/** Thrown by handlers to answer with an error page; the router turns it into the response. */
export class ApiError extends Error {
	constructor(readonly response: ApiResponse) {
		super(`HTTP ${response.status}`);
	}
}

export interface ApiRequest {
	method: string;
	/** Path without the account prefix and without the query. */
	path: string;
	/** Query parameters with PHP bracket keys unflattened (`filter[id][]=1` → `{ filter: { id: ['1'] } }`). */
	query: Record<string, unknown>;
	/** The raw query, for `_links` that keep the caller's filters. */
	search: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
	account: AccountState;
	/** The account's public address (`https://sub.amocrm.ru`), used in `_links`. */
	baseUrl: string;
	/** The caller, once the bearer token is checked (OAuth routes have none). */
	identity?: TokenIdentity;
	params: Record<string, string>;
}

export function hal(body: unknown, status = 200): ApiResponse {
	return { status, contentType: 'application/hal+json', body };
}

export function json(body: unknown, status = 200): ApiResponse {
	return { status, contentType: 'application/json', body };
}

export function noContent(): ApiResponse {
	return { status: 204 };
}

export function html(status: number, text: string): ApiResponse {
	return { status, contentType: 'text/html', body: text };
}

export function problem(
	status: number,
	title: string,
	detail: string,
	extra: Record<string, unknown> = {},
): ApiResponse {
	return {
		status,
		contentType: 'application/problem+json',
		body: { title, type: `https://httpstatus.es/${status}`, status, detail, ...extra },
	};
}

/** `a[b][]=1&a[b][]=2&c=3` → `{ a: { b: ['1', '2'] }, c: '3' }`, safe against prototype keys. */
export function parseBracketQuery(search: URLSearchParams): Record<string, unknown> {
	const root: Record<string, unknown> = Object.create(null);
	for (const [key, value] of search.entries()) {
		const first = key.indexOf('[');
		const path =
			first <= 0
				? [key]
				: [
						key.slice(0, first),
						...[...key.slice(first).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]),
					];
		if (path.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype')) continue;
		let node = root;
		for (let i = 0; i < path.length; i++) {
			const last = i === path.length - 1;
			const segment = path[i] === '' ? String(Object.keys(node).length) : path[i];
			if (last) {
				node[segment] = value;
			} else {
				if (typeof node[segment] !== 'object' || node[segment] === null)
					node[segment] = Object.create(null);
				node = node[segment] as Record<string, unknown>;
			}
		}
	}
	return toPlain(root) as Record<string, unknown>;
}

function toPlain(value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	const entries = Object.entries(value as Record<string, unknown>).map(
		([k, v]) => [k, toPlain(v)] as const,
	);
	const isList = entries.length > 0 && entries.every(([k], i) => k === String(i));
	return isList ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

/** Serialises nested data into PHP bracket form pairs, as amoCRM's webhooks post it. */
export function toBracketForm(data: Record<string, unknown>): string {
	const pairs: string[] = [];
	const walk = (prefix: string, value: unknown) => {
		if (value === undefined) return;
		if (value === null) {
			pairs.push(`${encodeURIComponent(prefix)}=`);
		} else if (Array.isArray(value)) {
			value.forEach((v, i) => walk(`${prefix}[${i}]`, v));
		} else if (typeof value === 'object') {
			for (const [k, v] of Object.entries(value as Record<string, unknown>))
				walk(prefix ? `${prefix}[${k}]` : k, v);
		} else {
			pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
		}
	};
	walk('', data);
	return pairs.join('&');
}
