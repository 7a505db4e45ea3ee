import { jsonText } from '../shared/input/depth';
import { anySameSecret } from '../shared/input/secret';

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
 * over SHA-256 digests, so neither the content nor the length of the secret leaks through timing. Reads only
 * headers and the query: it runs before anything of the body is looked at.
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
	return anySameSecret(
		candidates.map((c) => c.trim()),
		secret,
	);
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
 * The size of the request body in bytes, counted on what arrived: the larger of what n8n read (`rawBody`, after
 * any gzip/deflate), the declared Content-Length, and — for multipart bodies, which n8n streams to its form parser
 * without keeping them, so a chunked upload declares nothing — the sizes of the files received plus the text fields.
 * The parsed body measured as JSON when none of these is known.
 */
export function bodySize(rawBody: unknown, headers: RequestHeaders, body: unknown): number {
	const read =
		rawBody && typeof (rawBody as { length?: unknown }).length === 'number'
			? (rawBody as { length: number }).length
			: -1;
	const declaredText = values(headers['content-length'])[0];
	const declared =
		declaredText !== undefined && /^\d+$/.test(declaredText.trim()) ? Number(declaredText) : -1;
	const multipart = multipartSize(body);
	if (read >= 0 || declared >= 0 || multipart >= 0) return Math.max(read, declared, multipart);
	if (body === undefined || body === null) return 0;
	return new TextEncoder().encode(typeof body === 'string' ? body : jsonText(body)).length;
}

/** n8n's multipart body `{ data: fields, files }`: bytes of the files (formidable's `size`) and of the fields; -1 otherwise. */
function multipartSize(body: unknown): number {
	if (!isObject(body) || !('files' in body)) return -1;
	let bytes = 0;
	const files = isObject(body.files) ? Object.values(body.files) : [];
	for (const entry of files) {
		for (const file of Array.isArray(entry) ? entry : [entry]) {
			const size = isObject(file) ? Number(file.size) : NaN;
			if (Number.isFinite(size) && size > 0) bytes += size;
		}
	}
	const encoder = new TextEncoder();
	for (const [name, value] of Object.entries(isObject(body.data) ? body.data : {})) {
		bytes += encoder.encode(name).length;
		for (const text of Array.isArray(value) ? value : [value])
			bytes += encoder.encode(typeof text === 'string' ? text : jsonText(text)).length;
	}
	return bytes;
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

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}
