/**
 * OAuth grants of one account. Refresh tokens rotate: every refresh issues a new one. The documentation says
 * both "you cannot use the old key" and "the old refresh token will still be functional … until you use the
 * new one" — so each grant keeps a chain with the newest token and the one before it; the previous one is
 * accepted only while the newest has not been used. Any other token answers 401 "Token has been revoked".
 */
export interface AuthorizationCode {
	clientId: string;
	userId: number;
	expiresAt: number;
	used: boolean;
}

export interface RefreshChain {
	clientId: string;
	userId: number;
	/** The newest refresh token; once used it becomes `previous` and a newer one is issued. */
	current: string;
	/** The token the newest was issued for: accepted again only until the newest is used. */
	previous: string | null;
	expiresAt: number;
}

export interface OAuthState {
	codes: Map<string, AuthorizationCode>;
	/** Refresh token → its chain id. */
	refreshTokens: Map<string, number>;
	chains: Map<number, RefreshChain>;
	/** Access token ids revoked (integration disconnected). */
	revokedAccess: Set<string>;
	/** Every refresh attempt, for tests: which token, and whether it was accepted. */
	refreshLog: Array<{ token: string; accepted: boolean; reason: 'current' | 'grace' | 'revoked' }>;
}

export function createOAuthState(): OAuthState {
	return {
		codes: new Map(),
		refreshTokens: new Map(),
		chains: new Map(),
		revokedAccess: new Set(),
		refreshLog: [],
	};
}
