/**
 * Any value from a payload as text, without trusting it. JSON can carry an object whose own `toString` or `valueOf`
 * is a string (`{"phone": {"toString": "x"}}`), and `String()` of such an object throws: that must become a bad
 * value on its item, never a crash that loses the request. Never throws.
 */
export function plainText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	try {
		return String(value);
	} catch {
		// An object from JSON with its own toString / valueOf key.
	}
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return '';
	}
}
