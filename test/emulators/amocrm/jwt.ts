import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JWTs, shaped like amoCRM's access and long-lived tokens (claims `exp`, `account_id`, `api_domain`...). */

function base64url(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

export function signJwt(payload: Record<string, unknown>, secret: string): string {
	const head = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
	const body = base64url(JSON.stringify(payload));
	const signature = base64url(createHmac('sha256', secret).update(`${head}.${body}`).digest());
	return `${head}.${body}.${signature}`;
}

export function verifyJwt(token: string, secret: string): Record<string, unknown> | null {
	const parts = token.split('.');
	if (parts.length !== 3) return null;
	const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
	const given = Buffer.from(parts[2], 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	try {
		return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<
			string,
			unknown
		>;
	} catch {
		return null;
	}
}
