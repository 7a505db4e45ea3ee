/**
 * Bitrix24 answers errors in three shapes — `{"error":"CODE"}`, legacy `{"error":""}` with the text in
 * `error_description`, and mergeBatch's `{"error":0}` — plus proxies' HTML pages. One class holds them all.
 */
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

export class Bitrix24Error extends Error {
	constructor(
		/** The API's `error` ('' for legacy methods, '0' for mergeBatch), or ours: HTTP_502, NETWORK, TIMEOUT, REDIRECT. */
		readonly code: string,
		readonly description: string,
		readonly httpStatus: number | undefined,
		/** The REST method that failed, for messages. */
		readonly method: string,
	) {
		super(description || code || 'Bitrix24 request failed');
	}

	/** Refused by the leaky bucket before it ran (HTTP 503 QUERY_LIMIT_EXCEEDED): safe to send again. */
	get isRateLimit(): boolean {
		return this.code === 'QUERY_LIMIT_EXCEEDED';
	}

	/** The method spent its operating time for the window (HTTP 429): wait for `operating_reset_at`. */
	get isOperatingLimit(): boolean {
		return this.code === 'OPERATION_TIME_LIMIT';
	}

	/** Worth another try later: limits, server errors, network trouble. */
	get isTransient(): boolean {
		return (
			this.isRateLimit ||
			this.isOperatingLimit ||
			this.code === 'INTERNAL_SERVER_ERROR' ||
			this.code === 'NETWORK' ||
			this.code === 'TIMEOUT' ||
			(this.httpStatus !== undefined && this.httpStatus >= 500 && this.code !== 'OVERLOAD_LIMIT')
		);
	}

	/**
	 * Did the server maybe run it? A limit refusal or a refused connection means no; a 5xx, a reset or a timeout
	 * after the request left means "perhaps" — a create must then be looked up before it is sent again.
	 */
	get mayHaveRun(): boolean {
		if (this.isRateLimit || this.isOperatingLimit) return false;
		if (this.code === 'NOT_SENT') return false;
		return this.isTransient;
	}
}

/** Anything thrown below the transport, as a Bitrix24Error (unknown failures count as network trouble). */
export function toBitrix24Error(error: unknown, method: string): Bitrix24Error {
	if (error instanceof Bitrix24Error) return error;
	return new Bitrix24Error(
		'NETWORK',
		(error as Error)?.message ?? String(error),
		undefined,
		method,
	);
}

/** Reads an error answer; `body` is whatever came back (JSON object, HTML text, nothing). */
export function errorFromAnswer(
	status: number | undefined,
	body: unknown,
	method: string,
): Bitrix24Error {
	if (body && typeof body === 'object' && 'error' in body) {
		const b = body as { error: unknown; error_description?: unknown };
		return new Bitrix24Error(
			String(b.error ?? ''),
			String(b.error_description ?? ''),
			status,
			method,
		);
	}
	const text =
		typeof body === 'string'
			? body
					.replace(/<[^>]+>/g, ' ')
					.replace(/\s+/g, ' ')
					.trim()
					.slice(0, 200)
			: '';
	return new Bitrix24Error(
		`HTTP_${status ?? 0}`,
		text || `HTTP ${status ?? 'error'}`,
		status,
		method,
	);
}

/** What the user can do about the common errors. */
export function adviceFor(error: Bitrix24Error): string | undefined {
	switch (error.code) {
		case 'NO_AUTH_FOUND':
		case 'expired_token':
			return 'Check the inbound webhook URL in the credential: the webhook may have been deleted, or its owner deactivated.';
		case 'insufficient_scope':
			return 'Edit the inbound webhook in Bitrix24 and tick the "CRM (crm)" and "Users (user)" permissions.';
		case 'INVALID_CREDENTIALS':
		case 'ACCESS_DENIED':
			return 'The webhook owner lacks CRM access rights, or the plan has no REST API (it needs a paid plan).';
		case 'QUERY_LIMIT_EXCEEDED':
			return 'Bitrix24 kept refusing requests (2 per second). Run the workflow with fewer items or later.';
		case 'OPERATION_TIME_LIMIT':
			return 'This method used up its 10-minute budget of server time. Wait a few minutes and run again.';
		case 'ERROR_METHOD_NOT_FOUND':
			return 'Check the method name (e.g. crm.lead.list) and that the module is available on the portal.';
		case 'REDIRECT':
			return "n8n never follows a redirect from Bitrix24, so the webhook's secret and the data went nowhere else. Check the portal address in the credential's webhook URL (a renamed portal or one moved to another domain answers with a redirect).";
		case 'CRM_FIELD_ERROR_REQUIRED':
			return 'The target stage requires this field: fill it (for a lost stage, give the loss reason).';
		default:
			return undefined;
	}
}

/** The error as n8n shows it: the CRM's own message, the method, the HTTP status, and advice. */
export function toNodeApiError(
	node: INode,
	error: Bitrix24Error,
	itemIndex?: number,
): NodeApiError {
	const message = error.description || error.code || 'Bitrix24 request failed';
	const code = error.code && error.code !== '0' ? ` [${error.code}]` : '';
	return new NodeApiError(
		node,
		{ message, code: error.code, description: error.description } as JsonObject,
		{
			message: `Bitrix24 ${error.method}: ${message}${code}`,
			description: adviceFor(error),
			httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
			itemIndex,
		},
	);
}
