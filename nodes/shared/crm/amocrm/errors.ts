import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import {
	amoWords,
	isBan,
	redirectTarget,
	type AmoFailure,
	type AmoValidationItem,
	validationItems,
} from './failures';

/** Why a request failed, as the batch layer needs to know it. */
export type AmoErrorKind = 'validation' | 'ambiguous' | 'gateway-timeout' | 'fatal';

/**
 * An amoCRM API failure with amoCRM's own words as the message and, as the description, what the user can do.
 * Built from a sanitised copy of the answer — never from the HTTP client's error, which carries the token.
 */
export class AmoApiError extends NodeApiError {
	/** The sanitised answer (status, body, headers, network code). */
	readonly answer: AmoFailure;

	readonly kind: AmoErrorKind;

	readonly validation: AmoValidationItem[];

	constructor(
		node: INode,
		failure: AmoFailure,
		kind: AmoErrorKind,
		options: { itemIndex?: number; attempts?: number } = {},
	) {
		const body = (
			failure.body && typeof failure.body === 'object'
				? failure.body
				: { page: String(failure.body ?? '').slice(0, 300) }
		) as JsonObject;
		super(
			node,
			{ status: failure.status, networkCode: failure.networkCode, ...body } as JsonObject,
			{
				message: `amoCRM: ${amoWords(failure)}`,
				description: adviceFor(failure, options.attempts),
				httpCode: failure.status ? String(failure.status) : undefined,
				itemIndex: options.itemIndex,
			},
		);
		this.answer = failure;
		this.kind = kind;
		this.validation = validationItems(failure);
	}
}

export function adviceFor(failure: AmoFailure, attempts = 1): string {
	const { status } = failure;
	if (status === null) {
		return `No answer after ${attempts} attempt(s) (${failure.networkCode ?? 'network error'}). Check that the account address is right and amoCRM is reachable from n8n.`;
	}
	const oauth = failure.body as { type?: unknown; hint?: unknown } | undefined;
	if (
		oauth &&
		typeof oauth.type === 'string' &&
		oauth.type.includes('OAuthProblemJson') &&
		oauth.hint !== 'Token has been revoked'
	) {
		return `amoCRM's token server refused to refresh the OAuth2 token (${String(oauth.hint ?? 'no reason given')}). Reconnect the credential; if it keeps failing, use a long-lived token instead.`;
	}
	if (status === 400) {
		const items = validationItems(failure);
		if (items.length === 0) return 'amoCRM refused the request data. Check the values sent.';
		return items
			.flatMap((item) => item.errors.map((e) => `${e.path || 'item'}: ${e.detail} (${e.code})`))
			.join('; ');
	}
	if (status === 401) {
		const hint = (failure.body as { hint?: unknown } | undefined)?.hint;
		if (hint === 'Token has been revoked') {
			return 'amoCRM revoked the OAuth2 tokens (a refresh token works once; it may have been used elsewhere). Reconnect the credential.';
		}
		return 'amoCRM did not accept the credential: the long-lived token is wrong, expired or revoked, belongs to another account, or the OAuth2 connection needs reconnecting.';
	}
	if (redirectTarget(failure))
		return "n8n never follows a redirect from amoCRM, so the token was not sent to another host. Check the credential's subdomain and zone (an account that moved between amocrm.ru, amocrm.com and kommo.com answers with a redirect to its new address).";
	if (status === 402)
		return 'The amoCRM subscription of this account has lapsed: writes stop until it is paid.';
	if (isBan(failure)) {
		return 'amoCRM blocks an account or IP that keeps exceeding 7 requests a second and then answers 403 to everything; this node stopped without retrying. Lower "Requests per Second" on the credential (divide it by the number of n8n workers) and ask amoCRM support (chat: your IP, subdomain and account id) to lift the block.';
	}
	if (status === 403)
		return "The token's user lacks the rights for this (some endpoints, such as users and webhooks, need an administrator).";
	if (status === 404) return 'amoCRM has no such address or record. Check the id or the path.';
	if (status === 422)
		return 'Too many records in one request or page for amoCRM (at most 250; 50 for leads with contacts).';
	if (status === 429) {
		return `Still rate-limited after ${attempts} attempt(s) with backoff. Lower "Requests per Second" on the credential, or run fewer workflows against this account at once.`;
	}
	if (status >= 500)
		return `amoCRM kept failing (${attempts} attempt(s)). Try again later; nothing was sent twice.`;
	return 'amoCRM refused the request.';
}
