/**
 * Legacy list filters (`{">OPPORTUNITY": 10000, "@ASSIGNED_BY_ID": [1, 6], "PHONE": "+7..."}`), order and select,
 * as reference §3.2 describes them. No OR in legacy filters; `crm.item.list` adds `logic: OR` groups.
 */
import type { FieldDef } from './fields';
import { toTime } from './fields';
import { PORTAL_OFFSET_MINUTES } from './envelope';

const OPERATORS = ['>=', '<=', '=%', '%=', '!%', '!@', '!=', '>', '<', '@', '%', '=', '!'] as const;
type Operator = (typeof OPERATORS)[number] | '';

export function parseFilterKey(key: string): { op: Operator; field: string } {
	for (const op of OPERATORS) if (key.startsWith(op)) return { op, field: key.slice(op.length) };
	return { op: '', field: key };
}

/** How to read a field's value for comparisons: its definition, or null for a field the record has raw. */
export type FieldLookup = (field: string) => { def?: FieldDef; values: unknown[] } | undefined;

function scalar(value: unknown, def: FieldDef | undefined): number | string | null {
	if (value === null || value === undefined || value === '') return null;
	if (def && (def.type === 'datetime' || def.type === 'date')) {
		if (typeof value === 'number') return value;
		const t = toTime(value, PORTAL_OFFSET_MINUTES);
		return typeof t === 'number' ? t : String(value);
	}
	if (typeof value === 'number') return value;
	if (typeof value === 'boolean') return value ? 'Y' : 'N';
	const s = String(value);
	return /^-?\d+(\.\d+)?$/.test(s.trim()) ? Number(s) : s;
}

function equal(a: number | string | null, b: number | string | null): boolean {
	if (a === null || b === null) return a === b;
	if (typeof a === 'number' && typeof b === 'number') return a === b;
	// MySQL's default collation compares strings case-insensitively.
	return String(a).toLowerCase() === String(b).toLowerCase();
}

function compare(a: number | string | null, b: number | string | null): number | null {
	if (a === null || b === null) return null;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b));
}

function asList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (value && typeof value === 'object') return Object.values(value);
	return [value];
}

function matchOne(
	op: Operator,
	def: FieldDef | undefined,
	values: unknown[],
	wanted: unknown,
): boolean {
	const have = values.map((v) => scalar(v, def));
	if (have.length === 0) have.push(null);
	const noLike = def?.type === 'crm_status';
	// A row or list where a scalar belongs (e.g. a batch reference that ran past the end of a page) matches
	// nothing here; what the real server does with it is not documented.
	const wants = asList(wanted)
		.filter((w) => w === null || typeof w !== 'object')
		.map((w) => scalar(w, def));
	if (wants.length === 0) return op === '!' || op === '!=' || op === '!@' || op === '!%';
	const anyHave = (test: (h: number | string | null) => boolean) => have.some(test);
	switch (op) {
		case '':
		case '=':
		case '@':
			return wants.some((w) => anyHave((h) => equal(h, w)));
		case '!':
		case '!=':
		case '!@':
			return !wants.some((w) => anyHave((h) => equal(h, w)));
		case '>':
		case '>=':
		case '<':
		case '<=':
			return wants.some((w) =>
				anyHave((h) => {
					const c = compare(h, w);
					if (c === null) return false;
					return op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
				}),
			);
		case '%':
		case '=%':
		case '%=':
		case '!%': {
			const test = (h: number | string | null, w: number | string | null) => {
				if (h === null || w === null) return false;
				const hs = String(h).toLowerCase();
				const ws = String(w).toLowerCase().replace(/%/g, '');
				if (noLike) return hs === ws;
				return op === '%' || op === '!%' ? hs.includes(ws) : hs.startsWith(ws);
			};
			const found = wants.some((w) => anyHave((h) => test(h, w)));
			return op === '!%' ? !found : found;
		}
	}
}

/** True when the record passes every condition (AND), and each `logic: OR` group (crm.item.list) passes one. */
export function matchFilter(
	filter: unknown,
	lookup: FieldLookup,
	caseInsensitiveKeys = false,
): boolean {
	if (!filter || typeof filter !== 'object') return true;
	const entries = Object.entries(filter as Record<string, unknown>);
	const logic = String((filter as Record<string, unknown>).logic ?? 'AND').toUpperCase();
	const results: boolean[] = [];
	for (const [key, value] of entries) {
		if (key === 'logic') continue;
		if (/^\d+$/.test(key) && value && typeof value === 'object' && !Array.isArray(value)) {
			results.push(matchFilter(value, lookup, caseInsensitiveKeys));
			continue;
		}
		const { op, field } = parseFilterKey(key);
		const found = lookup(caseInsensitiveKeys ? field : field.toUpperCase());
		if (!found) continue; // unknown fields are ignored, as the API does
		results.push(matchOne(op, found.def, found.values, value));
	}
	if (results.length === 0) return true;
	return logic === 'OR' ? results.some(Boolean) : results.every(Boolean);
}

/** `{"DATE_CREATE": "DESC", "ID": "ASC"}` → a comparator. */
export function orderBy<T>(
	order: unknown,
	read: (row: T, field: string) => unknown,
): (a: T, b: T) => number {
	const keys =
		order && typeof order === 'object' ? Object.entries(order as Record<string, unknown>) : [];
	const rules = keys.length ? keys : [['ID', 'ASC'] as [string, unknown]];
	return (a, b) => {
		for (const [field, direction] of rules) {
			const c = compare(scalar(read(a, field), undefined), scalar(read(b, field), undefined));
			const sign = String(direction).toUpperCase() === 'DESC' ? -1 : 1;
			if (c === null) {
				const an = read(a, field) == null;
				const bn = read(b, field) == null;
				if (an !== bn) return (an ? -1 : 1) * sign;
				continue;
			}
			if (c !== 0) return c * sign;
		}
		return 0;
	};
}
