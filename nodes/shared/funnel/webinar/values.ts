/** Small readers for cells of reports and sheets, whose values arrive as text, numbers or booleans. */

/** A cell as trimmed text: '' for null, objects and blanks. */
export function textOf(value: unknown): string {
	if (value === null || value === undefined || typeof value === 'object') return '';
	return String(value).trim();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const YES = /^(?:да|yes|true|1|\+|✓|✔|x|v|y|д|был|была|присутствовал|присутствовала|attended)$/i;
const NO = /^(?:нет|no|false|0|-|—|н|n|не был|не была|absent)$/i;

/** "Да"/"Yes"/1/true → true, "Нет"/"No"/0/false → false, anything else (and blanks) → null. */
export function yesNo(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	const text = textOf(value);
	if (!text) return null;
	if (YES.test(text)) return true;
	if (NO.test(text)) return false;
	return null;
}
