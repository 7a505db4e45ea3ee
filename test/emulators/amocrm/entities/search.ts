/**
 * `query=` as amoCRM appears to run it (§3.5, undocumented): a loose substring search over every filled field.
 * Case does not matter; a query made of phone characters also matches fields whose digits contain its digits,
 * so `9161234567` finds `+7 (916) 123-45-67` and `8 916 123 45 67`, while `+79161234567` does not find
 * `89161234567` ("+7… and 8… are different numbers for the system"). Digits in unrelated fields match too.
 */
export function looseMatch(texts: string[], query: string): boolean {
	const wanted = query.trim().toLowerCase();
	if (!wanted) return true;
	if (texts.some((t) => t.toLowerCase().includes(wanted))) return true;
	const digits = wanted.replace(/\D/g, '');
	if (!/^[\d\s()+\-.]+$/.test(wanted) || digits.length < 4) return false;
	return texts.some((t) => t.replace(/\D/g, '').includes(digits));
}

export function queryOf(query: Record<string, unknown>): string | undefined {
	const value = query.query;
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}
