import { plainText } from './text';

/** Trims a person's name, collapses inner spaces and drops control characters; '' when nothing is left. */
export function normalizeName(input: unknown): string {
	if (input === null || input === undefined) return '';
	const text = plainText(input);
	return text
		.normalize('NFC')
		.replace(/[\p{Cc}\u200B-\u200F\u2060\uFEFF]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Joins first, middle and last name parts the way a CRM card shows them. */
export function joinNameParts(...parts: unknown[]): string {
	return normalizeName(
		parts
			.map((p) => normalizeName(p))
			.filter(Boolean)
			.join(' '),
	);
}
