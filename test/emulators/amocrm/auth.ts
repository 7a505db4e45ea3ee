import type { AccountState } from './account';
import { unauthorized } from './errors';
import { signJwt, verifyJwt } from './jwt';

/** Who is calling: the user a token acts for, and the key the rate limiter counts by. */
export interface TokenIdentity {
	kind: 'long_lived' | 'oauth';
	userId: number;
	tokenId: string;
	clientId: string | null;
	/** Rate limits count per integration (OAuth) or per long-lived token. */
	rateKey: string;
}

/** Tokens are signed with a per-account secret derived from the account id, so they survive restarts and resets. */
export function signingSecret(account: AccountState): string {
	return `amocrm-emulator:${account.id}:${account.subdomain}`;
}

export function longLivedTokenString(account: AccountState, tokenId: string): string | undefined {
	const token = account.longLivedTokens.find((t) => t.id === tokenId);
	if (!token) return undefined;
	return signJwt(
		{
			aud: 'long-lived',
			jti: token.id,
			iat: token.expires_at - 5 * 365 * 86400,
			nbf: token.expires_at - 5 * 365 * 86400,
			exp: token.expires_at,
			sub: String(token.user_id),
			grant_type: '',
			account_id: account.id,
			base_domain: account.zone,
			version: 2,
			scopes: ['crm', 'files', 'files_delete', 'notifications', 'push_notifications'],
			api_domain: `api-b.${account.zone}`,
		},
		signingSecret(account),
	);
}

export function issueAccessToken(
	account: AccountState,
	clientId: string,
	userId: number,
	jti: string,
	expiresIn: number,
): string {
	const now = account.clock.now();
	return signJwt(
		{
			aud: clientId,
			jti,
			iat: now,
			nbf: now,
			exp: now + expiresIn,
			sub: String(userId),
			grant_type: '',
			account_id: account.id,
			base_domain: account.zone,
			version: 2,
			scopes: ['crm', 'files', 'notifications'],
			api_domain: `api-b.${account.zone}`,
		},
		signingSecret(account),
	);
}

/** Checks `Authorization: Bearer …`: signature, account, expiry (on the emulator's clock), revocation. */
export function authenticate(account: AccountState, header: string | undefined): TokenIdentity {
	const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
	if (!match) throw unauthorized();
	const claims = verifyJwt(match[1], signingSecret(account));
	if (!claims || claims.account_id !== account.id) throw unauthorized();
	if (typeof claims.exp !== 'number' || claims.exp <= account.clock.now()) throw unauthorized();
	const userId = Number(claims.sub);
	if (!account.users.get(userId)?.is_active) throw unauthorized();
	const jti = String(claims.jti);
	if (claims.aud === 'long-lived') {
		const token = account.longLivedTokens.find((t) => t.id === jti);
		if (!token || token.revoked) throw unauthorized();
		return { kind: 'long_lived', userId, tokenId: jti, clientId: null, rateKey: `llt:${jti}` };
	}
	const clientId = String(claims.aud);
	if (
		!account.integrations.some((i) => i.client_id === clientId) ||
		account.oauth.revokedAccess.has(jti)
	)
		throw unauthorized();
	return { kind: 'oauth', userId, tokenId: jti, clientId, rateKey: `oauth:${clientId}` };
}
