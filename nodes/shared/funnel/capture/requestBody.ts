import { unflattenBrackets } from '../../n8n/brackets';
import { isRecord } from '../fieldPath';

/** How the body arrived, as far as a lead is concerned. */
export type BodyKind = 'json' | 'form' | 'multipart' | 'text' | 'empty';

export type ReadBody =
	| {
			ok: true;
			kind: BodyKind;
			records: Array<Record<string, unknown>>;
			/** Form keys nested deeper than the cap (their value kept, the deepest brackets as one key). */
			warnings?: string[];
	  }
	| { ok: false; kind: BodyKind; reason: string };

/**
 * Turns what n8n's webhook server parsed into records to read leads from:
 * - `application/json`: the object (an array of objects is several leads);
 * - `application/x-www-form-urlencoded`: Node's querystring gives flat keys; PHP bracket keys
 *   (`fields[name]`) become nested objects, repeated keys stay lists;
 * - `multipart/form-data`: n8n puts the fields in `body.data` (files in `body.files`, not read here);
 * - `text/plain`: parsed as JSON or as a query string when it is one.
 */
export function readRequestBody(body: unknown, contentType: string): ReadBody {
	const type = (contentType || '').split(';')[0].trim().toLowerCase();
	if (type === 'multipart/form-data') {
		const fields =
			isRecord(body) && isRecord(body.data)
				? body.data
				: isRecord(body) && !('files' in body)
					? body
					: null;
		if (!fields || Object.keys(fields).length === 0)
			return { ok: false, kind: 'multipart', reason: 'the multipart form has no text fields' };
		const warnings: string[] = [];
		return {
			ok: true,
			kind: 'multipart',
			records: [withNestedKeys(fields, warnings)],
			...(warnings.length > 0 ? { warnings } : {}),
		};
	}
	if (typeof body === 'string') return readText(body);
	if (Array.isArray(body)) {
		const records = body.filter(isRecord);
		if (records.length === 0)
			return { ok: false, kind: 'json', reason: 'the JSON array holds no objects' };
		if (records.length < body.length)
			return { ok: false, kind: 'json', reason: 'the JSON array mixes objects with other values' };
		return { ok: true, kind: 'json', records };
	}
	if (!isRecord(body) || Object.keys(body).length === 0) {
		return {
			ok: false,
			kind: 'empty',
			reason: type
				? `the request body is empty or not readable as ${type}`
				: 'the request has no body',
		};
	}
	const kind: BodyKind = type === 'application/x-www-form-urlencoded' ? 'form' : 'json';
	const warnings: string[] = [];
	const record = kind === 'form' ? withNestedKeys(body, warnings) : body;
	return { ok: true, kind, records: [record], ...(warnings.length > 0 ? { warnings } : {}) };
}

function readText(text: string): ReadBody {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: false, kind: 'empty', reason: 'the request body is empty' };
	if (/^[[{]/.test(trimmed)) {
		try {
			return readRequestBody(JSON.parse(trimmed), 'application/json');
		} catch {
			return { ok: false, kind: 'text', reason: 'the body looks like JSON but is not valid JSON' };
		}
	}
	if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed)) {
		const fields: Record<string, unknown> = {};
		for (const [key, value] of new URLSearchParams(trimmed)) {
			if (key === '__proto__') continue;
			const previous = fields[key];
			fields[key] =
				previous === undefined
					? value
					: Array.isArray(previous)
						? [...previous, value]
						: [previous, value];
		}
		const warnings: string[] = [];
		return {
			ok: true,
			kind: 'form',
			records: [withNestedKeys(fields, warnings)],
			...(warnings.length > 0 ? { warnings } : {}),
		};
	}
	return { ok: false, kind: 'text', reason: 'the body is plain text, not JSON or form fields' };
}

function withNestedKeys(
	fields: Record<string, unknown>,
	warnings: string[],
): Record<string, unknown> {
	return Object.keys(fields).some((key) => key.includes('['))
		? unflattenBrackets(fields, { cut: warnings })
		: { ...fields };
}
