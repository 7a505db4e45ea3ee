import { createHash, timingSafeEqual } from 'node:crypto';

/** Headers as Node gives them: lower-case names, a string or a list of strings. */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface SecretLocation {
	/** Header the sender puts the secret in, e.g. X-Webhook-Secret. */
	header: string;
	/** Query parameter for senders that cannot set headers (Tilda): ?secret=... */
	queryParameter: string;
}

/**
 * Whether the request carries the shared secret: in the named header, as `Authorization: Bearer <secret>`
 * (Wazzup24 sends its CRM key that way) or in the query parameter. Each candidate is compared in constant time
 * over SHA-256 digests, so neither the content nor the length of the secret leaks through timing.
 */
export function hasSecret(
	headers: RequestHeaders,
	query: Record<string, unknown>,
	location: SecretLocation,
	secret: string,
): boolean {
	if (!secret) return false;
	const candidates: string[] = [];
	const header = location.header.trim().toLowerCase();
	if (header) candidates.push(...values(headers[header]));
	for (const authorization of values(headers.authorization)) {
		const bearer = /^Bearer\s+(.+)$/i.exec(authorization.trim());
		if (bearer) candidates.push(bearer[1]);
	}
	const parameter = location.queryParameter.trim();
	if (parameter) candidates.push(...values(query[parameter]));
	const expected = digest(secret);
	let matched = false;
	// Every candidate is compared, so the time does not tell which one matched.
	for (const candidate of candidates)
		matched = timingSafeEqual(digest(candidate.trim()), expected) || matched;
	return matched;
}

/** The query without the secret, so it never reaches an execution's data. */
export function withoutSecret(
	query: Record<string, unknown>,
	location: SecretLocation,
): Record<string, unknown> {
	const parameter = location.queryParameter.trim();
	const rest: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(query ?? {})) if (key !== parameter) rest[key] = value;
	return rest;
}

/**
 * The size of the request body in bytes: the larger of what n8n read (`rawBody`) and the declared Content-Length
 * (multipart bodies are streamed to the form parser, so only the header tells); the parsed body measured as JSON
 * when neither is known.
 */
export function bodySize(rawBody: unknown, headers: RequestHeaders, body: unknown): number {
	const read =
		rawBody && typeof (rawBody as { length?: unknown }).length === 'number'
			? (rawBody as { length: number }).length
			: -1;
	const declaredText = values(headers['content-length'])[0];
	const declared =
		declaredText !== undefined && /^\d+$/.test(declaredText.trim()) ? Number(declaredText) : -1;
	if (read >= 0 || declared >= 0) return Math.max(read, declared);
	if (body === undefined || body === null) return 0;
	return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)).length;
}

/** What the credential test checks: long enough to guess never, and safe to put in a URL as it is. */
export function secretProblem(secret: string): string {
	if (secret.length < 16)
		return 'The secret must be at least 16 characters long (use a generated random string).';
	if (!/^[A-Za-z0-9._~-]+$/.test(secret))
		return 'Use only letters, digits and - _ . ~ so the secret can go into a URL unchanged.';
	return '';
}

function values(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	return [];
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}
