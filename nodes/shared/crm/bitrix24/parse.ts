/**
 * Reading Bitrix24's legacy values once, at the edge: numbers arrive as strings ("123", "1500.00"), flags as
 * "Y"/"N", datetimes as ISO 8601 with the portal's offset, empty values as null or "".
 */

export function toId(value: unknown): string | null {
	if (value === null || value === undefined || value === '' || value === 0 || value === '0')
		return null;
	return String(value);
}

export function toNumber(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
	return Number.isFinite(n) ? n : null;
}

export function toFlag(value: unknown): boolean {
	return value === true || value === 'Y' || value === 'y' || value === 1 || value === '1';
}

/** "2026-05-14T10:26:32+03:00" → "2026-05-14T07:26:32.000Z"; empty → null. */
export function toIsoUtc(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	const ms = Date.parse(String(value));
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function toText(value: unknown): string {
	return value === null || value === undefined ? '' : String(value);
}

/** A multiple field's values as strings (enumeration ids arrive as strings or ints, alone or in a list). */
export function toIdList(value: unknown): string[] {
	if (value === null || value === undefined || value === '' || value === false) return [];
	const list = Array.isArray(value)
		? value
		: typeof value === 'object'
			? Object.values(value as object)
			: [value];
	return list.map((v) => String(v)).filter((v) => v !== '' && v !== '0');
}

/** `[{VALUE: "+7…"}]` (legacy PHONE/EMAIL) → the values. */
export function multifieldValues(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.map((m) => toText((m as { VALUE?: unknown }).VALUE)).filter(Boolean);
}

/** A person's display name from first / middle / last name parts. */
export function fullName(...parts: unknown[]): string {
	return parts.map(toText).filter(Boolean).join(' ').trim();
}

/** Datetime for the API: ISO 8601 with an explicit offset, so the portal's time zone cannot shift it. */
export function toApiDateTime(iso: string): string {
	const ms = Date.parse(iso);
	if (Number.isNaN(ms)) return iso;
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
