/**
 * A batch command is a query string the server reads with PHP `parse_str`. So every key and
 * value is percent-encoded — a raw `+` would turn into a space, `&` and `#` would cut the value, `%` would be
 * decoded twice — and nested objects and lists become PHP bracket keys: `fields[PHONE][0][VALUE]=%2B7916…`.
 */
export type Params = Record<string, unknown>;

function encode(text: string): string {
	// encodeURIComponent leaves !'()* as they are; parse_str decodes them unchanged, so that is safe.
	return encodeURIComponent(text);
}

function scalar(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (value instanceof Date) return value.toISOString();
	return String(value);
}

function walk(prefix: string, value: unknown, out: string[]) {
	if (Array.isArray(value) || (value && typeof value === 'object' && !(value instanceof Date))) {
		const entries = Array.isArray(value)
			? value.map((v, i) => [String(i), v] as const)
			: Object.entries(value as Params);
		// An empty list still has to reach the server (it clears a multiple field): send the key with an empty value.
		if (entries.length === 0) out.push(`${prefix}=`);
		for (const [key, inner] of entries) walk(`${prefix}[${encode(key)}]`, inner, out);
		return;
	}
	const text = scalar(value);
	if (text !== undefined) out.push(`${prefix}=${encode(text)}`);
}

/** `{fields: {TITLE: 'a&b'}}` → `fields[TITLE]=a%26b`. */
export function toQueryString(params: Params): string {
	const out: string[] = [];
	for (const [key, value] of Object.entries(params)) walk(encode(key), value, out);
	return out.join('&');
}
