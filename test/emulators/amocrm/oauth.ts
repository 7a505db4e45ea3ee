import { randomBytes, randomUUID } from 'node:crypto';

import type { AccountState } from './account';
import { issueAccessToken } from './auth';
import { ApiError, json, type ApiRequest, type ApiResponse } from './http';
import { oauthInvalidRequest, oauthRevoked } from './errors';
import type { Router } from './router';
import { isRecord } from './validation';

export const ACCESS_TOKEN_TTL = 86_400;
export const REFRESH_TOKEN_TTL = 90 * 86_400;
export const CODE_TTL = 20 * 60;

/** Whether refresh requests must repeat `redirect_uri` (Kommo's examples send it; whether it is required is unverified). */
export const oauthOptions = { requireRedirectUriOnRefresh: false };

/**
 * OAuth 2.0 on the account host (§1.2): the consent page (approved at once as the account's admin, for the
 * demo and for n8n's "Connect" button) and `POST /oauth2/access_token` for both grants.
 */
export function oauthRoutes(router: Router) {
	router.get('/oauth', authorize);
	router.post('/oauth2/access_token', accessToken);
}

function authorize(req: ApiRequest): ApiResponse {
	const { account } = req;
	const clientId = String(req.query.client_id ?? '');
	const integration = account.integrations.find((i) => i.client_id === clientId);
	const state = req.query.state !== undefined ? String(req.query.state) : '';
	if (!integration) throw oauthInvalidRequest('Client not found');
	const redirect = new URL(
		typeof req.query.redirect_uri === 'string' && req.query.redirect_uri
			? req.query.redirect_uri
			: integration.redirect_uri,
	);
	const code = randomBytes(24).toString('hex');
	account.oauth.codes.set(code, {
		clientId,
		userId: account.currentUserId,
		expiresAt: account.clock.now() + CODE_TTL,
		used: false,
	});
	redirect.searchParams.set('code', code);
	redirect.searchParams.set('state', state);
	redirect.searchParams.set('referer', account.publicHost());
	redirect.searchParams.set('client_id', clientId);
	return {
		status: 302,
		headers: { Location: redirect.toString() },
		contentType: 'text/html',
		body: '',
	};
}

/** Accepts JSON (amoCRM's examples) and form bodies (n8n's OAuth client); client credentials in the body only. */
function accessToken(req: ApiRequest): ApiResponse {
	const { account } = req;
	const body = isRecord(req.body) ? req.body : {};
	const clientId = String(body.client_id ?? '');
	const integration = account.integrations.find((i) => i.client_id === clientId);
	if (!integration || body.client_secret !== integration.client_secret)
		throw oauthRevoked('Client authentication failed');
	if (body.redirect_uri !== undefined && body.redirect_uri !== integration.redirect_uri)
		throw oauthInvalidRequest('Redirect URI mismatch');
	const now = account.clock.now();
	if (body.grant_type === 'authorization_code') {
		const code = account.oauth.codes.get(String(body.code ?? ''));
		if (!code || code.used || code.clientId !== clientId || code.expiresAt <= now)
			throw oauthRevoked('Authorization code has expired');
		code.used = true;
		return json(issuePair(account, clientId, code.userId, undefined));
	}
	if (body.grant_type === 'refresh_token') {
		if (oauthOptions.requireRedirectUriOnRefresh && body.redirect_uri === undefined)
			throw oauthInvalidRequest('Redirect URI is required');
		return json(refresh(account, clientId, String(body.refresh_token ?? '')));
	}
	throw oauthInvalidRequest(
		'The authorization grant type is not supported by the authorization server.',
	);
}

function refresh(account: AccountState, clientId: string, token: string) {
	const { oauth } = account;
	const chainId = oauth.refreshTokens.get(token);
	const chain = chainId !== undefined ? oauth.chains.get(chainId) : undefined;
	const now = account.clock.now();
	const reject = (): never => {
		oauth.refreshLog.push({ token, accepted: false, reason: 'revoked' });
		throw oauthRevoked();
	};
	if (!chain || chain.clientId !== clientId || chain.expiresAt <= now) return reject();
	if (token === chain.current) {
		// The newest token is used: from now on only what this call issues is valid.
		if (chain.previous) oauth.refreshTokens.delete(chain.previous);
		chain.previous = token;
		oauth.refreshLog.push({ token, accepted: true, reason: 'current' });
	} else if (token === chain.previous) {
		// Grace: the client never received (or never used) the newest token; it is replaced.
		oauth.refreshTokens.delete(chain.current);
		oauth.refreshLog.push({ token, accepted: true, reason: 'grace' });
	} else {
		return reject();
	}
	return issuePair(account, clientId, chain.userId, chainId);
}

function issuePair(
	account: AccountState,
	clientId: string,
	userId: number,
	chainId: number | undefined,
) {
	const { oauth } = account;
	const now = account.clock.now();
	const refreshToken = randomBytes(32).toString('hex');
	const id = chainId ?? oauth.chains.size + 1;
	const existing = oauth.chains.get(id);
	if (existing) {
		existing.current = refreshToken;
		existing.expiresAt = now + REFRESH_TOKEN_TTL;
	} else {
		oauth.chains.set(id, {
			clientId,
			userId,
			current: refreshToken,
			previous: null,
			expiresAt: now + REFRESH_TOKEN_TTL,
		});
	}
	oauth.refreshTokens.set(refreshToken, id);
	return {
		token_type: 'Bearer',
		expires_in: ACCESS_TOKEN_TTL,
		server_time: now,
		access_token: issueAccessToken(account, clientId, userId, randomUUID(), ACCESS_TOKEN_TTL),
		refresh_token: refreshToken,
	};
}

/** For tests and the demo: a connected grant without going through the consent page. */
export function grantTokens(account: AccountState, clientId: string) {
	const integration = account.integrations.find((i) => i.client_id === clientId);
	if (!integration) throw new ApiError(json({ error: 'unknown client' }, 400));
	return issuePair(account, clientId, account.currentUserId, undefined);
}
