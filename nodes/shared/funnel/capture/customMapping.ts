import { readPath } from '../fieldPath';
import type { LeadDraft } from '../lead';

/** Fields of the lead a user can point at a place in the request. */
export const MAPPABLE_FIELDS = [
	'name',
	'firstName',
	'lastName',
	'phone',
	'email',
	'message',
	'form',
	'externalId',
	'receivedAt',
	'pageUrl',
	'cookies',
	'tags',
	'source',
	'channel',
	'utm_source',
	'utm_medium',
	'utm_campaign',
	'utm_content',
	'utm_term',
] as const;

export type MappableField = (typeof MAPPABLE_FIELDS)[number];

export interface FieldMapping {
	field: MappableField;
	/** Where the value is: `contact.phone_number`, `fields["Ваш телефон"]`, `query.utm_source`. */
	path: string;
}

/** Checks a mapping table before any request is read: a known field, a path, each field once. */
export function checkMapping(mapping: readonly FieldMapping[]): string {
	const seen = new Set<string>();
	for (const [index, row] of mapping.entries()) {
		if (!(MAPPABLE_FIELDS as readonly string[]).includes(row.field))
			return `mapping ${index + 1}: unknown lead field "${row.field}"`;
		if (!row.path || !row.path.trim()) return `mapping ${index + 1} (${row.field}): no path given`;
		if (seen.has(row.field)) return `mapping ${index + 1}: "${row.field}" is mapped twice`;
		seen.add(row.field);
	}
	return '';
}

/**
 * Builds a draft from the user's mapping. `query.` paths read the webhook URL's query string. Fields the
 * mapping leaves out stay unset, so automatic recognition can fill them when the user wants it.
 */
export function draftFromMapping(
	record: Record<string, unknown>,
	query: Record<string, unknown>,
	mapping: readonly FieldMapping[],
): LeadDraft {
	const draft: LeadDraft = { utmFields: {} };
	for (const { field, path } of mapping) {
		const trimmed = path.trim();
		const value = /^query\./.test(trimmed)
			? readPath(query, trimmed.slice('query.'.length))
			: readPath(record, trimmed);
		if (value === undefined || value === null || value === '') continue;
		if (field.startsWith('utm_')) {
			if (typeof value !== 'object') draft.utmFields![field] = String(value);
			continue;
		}
		(draft as Record<string, unknown>)[field] = value;
	}
	return draft;
}
