/**
 * The rows a list method pages through, found the way the portal's database would: a list ordered by ID walks the
 * primary key from its `>ID` bound (or only the IDs an `@ID` / indexed `@OWNER_ID` filter names) and, with
 * `start=-1` (no count), stops at the first page of matches. Any other order filters and sorts the whole table as
 * before. The filter is still applied to every row it returns, so the answers are the scan's answers; only the
 * emulator's CPU changes (a 50,000-deal portal paged 50 commands a request: O(page) a command, not O(table)).
 */
import { parseFilterKey } from './filter';
import { PAGE_SIZE } from './methods/context';
import type { RecordTable } from './table';

export interface ListQuery<T> {
	table: RecordTable<T>;
	filter: unknown;
	/** As the client sent it; no order (or an empty one) is ID ascending, as every list's default. */
	order: unknown;
	start: number;
	matches(row: T): boolean;
	/** The general path's sort, for orders other than ID ascending. */
	sort(rows: T[]): T[];
	/** Numeric fields with an index (upper-case filter names → how to read them), e.g. OWNER_ID of activities. */
	indexed?: Record<string, (row: T) => unknown>;
}

/** The rows `page()` cuts the answer from: all matches in order, or (start=-1, ID order) the first page of them. */
export function listRows<T>(query: ListQuery<T>): T[] {
	const { table, matches } = query;
	if (!isIdAscending(query.order)) return query.sort([...table.values()].filter(matches));
	const plan = planOf(query.filter, query.indexed ?? {});
	const limit = query.start === -1 ? PAGE_SIZE : Infinity;
	const rows: T[] = [];
	const take = (id: number) => {
		const row = table.get(id);
		if (row !== undefined && matches(row)) rows.push(row);
		return rows.length < limit;
	};
	if (plan.candidates) {
		for (const id of candidateIds(plan, table, query.indexed ?? {}))
			if (id > plan.after && !take(id)) break;
		return rows;
	}
	const ids = table.sortedIds();
	for (let i = firstAbove(ids, plan.after); i < ids.length; i++) if (!take(ids[i])) break;
	return rows;
}

/** `order` sorts by ID ascending first (IDs are unique, so later keys never matter). */
export function isIdAscending(order: unknown): boolean {
	const keys =
		order && typeof order === 'object' ? Object.entries(order as Record<string, unknown>) : [];
	if (keys.length === 0) return true;
	const [field, direction] = keys[0];
	return field.toUpperCase() === 'ID' && String(direction).toUpperCase() !== 'DESC';
}

interface Plan {
	/** Rows must have an ID above this (from `>ID` / `>=ID`); -Infinity when unbounded. */
	after: number;
	/** When an equality filter names the only IDs (`@ID`) or owners (`@OWNER_ID`) a row may have. */
	candidates?: { field: string; values: number[] };
}

/** What the filter's top-level AND conditions say about IDs; anything else is left to `matches`. */
function planOf(filter: unknown, indexed: Record<string, unknown>): Plan {
	const plan: Plan = { after: -Infinity };
	if (!filter || typeof filter !== 'object') return plan;
	const conditions = filter as Record<string, unknown>;
	if (String(conditions.logic ?? 'AND').toUpperCase() !== 'AND') return plan;
	for (const [key, value] of Object.entries(conditions)) {
		if (key === 'logic' || /^\d+$/.test(key)) continue;
		const { op, field } = parseFilterKey(key);
		const name = field.toUpperCase();
		if (name === 'ID' && (op === '>' || op === '>=')) {
			// A page of rows as the bound (a batch's `$result[page][49][ID]` past a short or empty page's end leaves
			// the page itself) compares with no ID: no row, answered without walking the table.
			if (isRows(value)) plan.after = Infinity;
			const bound = numberOf(value);
			if (bound !== undefined) plan.after = Math.max(plan.after, op === '>' ? bound : bound - 0.5);
		}
		if (
			(op === '' || op === '=' || op === '@') &&
			(name === 'ID' || name in indexed) &&
			!plan.candidates
		) {
			// A value the filter would not read as a number can equal no numeric ID or owner: it adds no candidate.
			const list = Array.isArray(value)
				? value
				: value && typeof value === 'object'
					? Object.values(value)
					: [value];
			plan.candidates = {
				field: name,
				values: list.map(numberOf).filter((n): n is number => n !== undefined),
			};
		}
	}
	return plan;
}

/** A list whose every value is a record — rows of a page, or an empty page: never an ID. */
function isRows(value: unknown): boolean {
	if (value === null || typeof value !== 'object') return false;
	return Object.values(value).every((v) => v !== null && typeof v === 'object');
}

/** The number a filter value compares as (the rule of filter.ts `scalar`), or undefined. */
function numberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
}

function candidateIds<T>(
	plan: Plan,
	table: RecordTable<T>,
	indexed: Record<string, (row: T) => unknown>,
): number[] {
	const { field, values } = plan.candidates as { field: string; values: number[] };
	if (field === 'ID') return [...new Set(values)].sort((a, b) => a - b);
	const byValue = table.idsBy(field, indexed[field]);
	const ids: number[] = [];
	for (const value of new Set(values)) ids.push(...(byValue.get(value) ?? []));
	return ids.sort((a, b) => a - b);
}

/** Index of the first ID above `after` in ascending `ids`. */
function firstAbove(ids: number[], after: number): number {
	let low = 0;
	let high = ids.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (ids[mid] > after) high = mid;
		else low = mid + 1;
	}
	return low;
}
