import { normalizeName } from '../name';
import { plainText } from '../text';

/** Tags compare the way people read them: case, ё/е and spacing do not make a new tag. */
export function tagKey(tag: string): string {
	return normalizeName(tag).toLowerCase().replace(/ё/g, 'е');
}

/** Splits "Вакансия, Акция" (or a list) into clean tags, without empties or repeats. */
export function parseTags(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : plainText(value).split(/[,;\n]/);
	return mergeTags(
		[],
		list.map((item) => normalizeName(isNamed(item) ? item.name : item)),
	);
}

/**
 * Adds tags to a list, keeping the order and the spelling of tags already there and never repeating one
 * (amoCRM treats «акция» and «Акция» as the same tag).
 */
export function mergeTags(existing: readonly string[], added: readonly string[]): string[] {
	const result: string[] = [];
	const seen = new Set<string>();
	for (const tag of [...existing, ...added]) {
		const clean = normalizeName(tag);
		const key = tagKey(clean);
		if (clean === '' || seen.has(key)) continue;
		seen.add(key);
		result.push(clean);
	}
	return result;
}

function isNamed(value: unknown): value is { name: unknown } {
	return typeof value === 'object' && value !== null && 'name' in value;
}
