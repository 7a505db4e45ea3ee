/**
 * Fields named the way people name them: a template or a user says «Дата последнего вебинара», the account has a
 * field labelled «Дата последнего  вебинара» with an id. Matching ignores case, ё/е and spacing (nameKey). Values
 * arrive as text, numbers or dates and are turned into what each field type takes.
 */
import { nameKey } from './stages';

/** A field of the account, by any of the labels it shows. */
export interface NamedField {
	id: string;
	labels: string[];
}

export function fieldByName<T extends NamedField>(
	fields: readonly T[],
	name: string,
): T | undefined {
	const wanted = nameKey(name);
	if (!wanted) return undefined;
	return fields.find((f) => f.labels.some((label) => nameKey(label) === wanted));
}

/**
 * A calendar date and the moment behind it, from "2026-11-20", "20.11.2026", an ISO moment or unix seconds;
 * `withTime` says whether a time of day was given.
 */
export function dateOf(value: unknown): { date: string; ms: number; withTime: boolean } | null {
	if (typeof value === 'number' && Number.isFinite(value)) {
		const ms = value > 1e11 ? value : value * 1000;
		return { date: new Date(ms).toISOString().slice(0, 10), ms, withTime: true };
	}
	const text = String(value ?? '').trim();
	const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
	if (ru) {
		const date = `${ru[3]}-${ru[2].padStart(2, '0')}-${ru[1].padStart(2, '0')}`;
		return dateOf(date);
	}
	const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (day) {
		// A date without a time is kept at noon UTC: the same calendar day in every zone from −11 to +11.
		const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 12);
		return Number.isNaN(ms) ? null : { date: text, ms, withTime: false };
	}
	const ms = Date.parse(text);
	if (!text || Number.isNaN(ms)) return null;
	return { date: new Date(ms).toISOString().slice(0, 10), ms, withTime: true };
}

/** A number from 75, "75", "75,5", "1 200". */
export function numberOf(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	const text = String(value ?? '')
		.replace(/[\s\u00a0]/g, '')
		.replace(',', '.');
	if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
	return Number(text);
}

/** Yes/no from true, "да", "yes", "1" and their opposites; null when it is neither. */
export function flagOf(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	const text = String(value ?? '')
		.trim()
		.toLowerCase();
	if (['true', '1', 'y', 'yes', 'да'].includes(text)) return true;
	if (['false', '0', 'n', 'no', 'нет', ''].includes(text)) return false;
	return null;
}
