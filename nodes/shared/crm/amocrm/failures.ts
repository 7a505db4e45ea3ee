import { isRedirect, redirectHost } from '../redirect';

/**
 * One failed amoCRM request, read once from whatever n8n's HTTP helper threw: the HTTP status, amoCRM's body
 * (problem+json, or the gateway's HTML page), or the network error code when no answer came.
 */
export interface AmoFailure {
	status: number | null;
	/** Parsed JSON body, or the raw text of an HTML page. */
	body: unknown;
	headers: Record<string, string>;
	/** ECONNRESET, ETIMEDOUT, ECONNABORTED, ECONNREFUSED… when there was no answer. */
	networkCode: string | null;
	message: string;
}

export interface AmoValidationItem {
	requestId: string;
	errors: Array<{ code: string; path: string; detail: string }>;
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL']);

export function failureOf(error: unknown): AmoFailure {
	const top = error as {
		cause?: unknown;
		message?: string;
		httpCode?: string | null;
		context?: { data?: unknown };
	};
	const inner = (top?.cause ?? top) as {
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
		code?: string;
		message?: string;
		cause?: { code?: string };
		status?: unknown;
		body?: unknown;
	};
	// n8n's OAuth2 client throws its own error when a token refresh is refused: `{ status, body }`.
	const response =
		inner?.response ??
		(typeof inner?.status === 'number'
			? { status: inner.status, data: inner.body, headers: {} }
			: undefined);
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(response?.headers ?? {}))
		headers[k.toLowerCase()] = String(v);
	let body: unknown = response?.data;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// An HTML page from the gateway stays text.
		}
	}
	const status =
		response?.status ?? (top?.httpCode && /^\d+$/.test(top.httpCode) ? Number(top.httpCode) : null);
	const networkCode = status
		? null
		: (inner?.code ?? inner?.cause?.code ?? codeFromMessage(inner?.message ?? top?.message ?? ''));
	return {
		status,
		body,
		headers,
		networkCode: networkCode ?? null,
		message: inner?.message ?? top?.message ?? 'Request failed',
	};
}

function codeFromMessage(message: string): string | null {
	if (/socket hang up/i.test(message)) return 'ECONNRESET';
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	const match = /\b(E[A-Z_]{3,})\b/.exec(message);
	return match ? match[1] : null;
}

/** Whether a request surely never reached the server (safe to repeat even for a create). */
export function neverSent(failure: AmoFailure): boolean {
	return (
		failure.status === null && failure.networkCode !== null && NOT_SENT.has(failure.networkCode)
	);
}

export function isHtml(failure: AmoFailure): boolean {
	return typeof failure.body === 'string' && /<html/i.test(failure.body);
}

/**
 * A 403 from the gateway (an HTML page) is the ban that follows repeated 429s; a 403 with amoCRM's JSON is a
 * missing right. Neither is ever retried.
 */
export function isBan(failure: AmoFailure): boolean {
	return (
		failure.status === 403 && (isHtml(failure) || failure.body === undefined || failure.body === '')
	);
}

export function retryAfterSeconds(failure: AmoFailure): number | null {
	const header = Number(failure.headers['retry-after']);
	if (Number.isFinite(header) && header > 0) return header;
	const body = failure.body as { retry_after?: unknown } | undefined;
	const fromBody = Number(body && typeof body === 'object' ? body.retry_after : NaN);
	return Number.isFinite(fromBody) && fromBody > 0 ? fromBody : null;
}

export function validationItems(failure: AmoFailure): AmoValidationItem[] {
	const body = failure.body as { 'validation-errors'?: unknown } | undefined;
	const list = body && typeof body === 'object' ? body['validation-errors'] : undefined;
	if (!Array.isArray(list)) return [];
	return list
		.filter(
			(e): e is { request_id?: unknown; errors?: unknown } => typeof e === 'object' && e !== null,
		)
		.map((e) => ({
			requestId: String(e.request_id ?? ''),
			errors: (Array.isArray(e.errors) ? e.errors : []).map(
				(x: { code?: unknown; path?: unknown; detail?: unknown }) => ({
					code: String(x.code ?? ''),
					path: String(x.path ?? ''),
					detail: String(x.detail ?? ''),
				}),
			),
		}));
}

/**
 * The host a 3xx answer points at (`Location`, relative to the account), or null when the answer is no redirect.
 * Requests never follow one: the token would go along to whatever host the answer names.
 */
export function redirectTarget(failure: AmoFailure): string | null {
	return isRedirect(failure.status) ? redirectHost(failure.headers.location) : null;
}

/** amoCRM's own words for a failure: its problem title and detail, or the HTTP status line of a gateway page. */
export function amoWords(failure: AmoFailure): string {
	if (failure.status === null)
		return `no answer from amoCRM (${failure.networkCode ?? failure.message})`;
	const redirect = redirectTarget(failure);
	if (redirect)
		return `the answer was a redirect (HTTP ${failure.status}) to ${redirect}; it was not followed`;
	const body = failure.body as { title?: unknown; detail?: unknown; hint?: unknown } | undefined;
	if (body && typeof body === 'object') {
		const parts = [body.title, body.detail, body.hint].filter(
			(p) => typeof p === 'string' && p.trim(),
		) as string[];
		if (parts.length) return parts.join(': ');
	}
	if (typeof failure.body === 'string') {
		const title = /<title>([^<]+)<\/title>/i.exec(failure.body);
		if (title) return title[1].trim();
	}
	return `HTTP ${failure.status}`;
}
