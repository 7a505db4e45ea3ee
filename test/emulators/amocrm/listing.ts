import { limitPerPage } from './errors';
import { hal, noContent, type ApiRequest, type ApiResponse } from './http';

/** List conventions of API v4 (§3.0): `page` from 1, `limit` ≤ 250, HAL pages, 204 when a page is empty. */

export const MAX_LIMIT = 250;

export interface PageParams {
	page: number;
	limit: number;
}

export function pageParams(query: Record<string, unknown>, defaultLimit = 50): PageParams {
	const limit = query.limit === undefined ? defaultLimit : Number(query.limit);
	if (!Number.isFinite(limit) || limit > MAX_LIMIT) throw limitPerPage(MAX_LIMIT);
	const page = query.page === undefined ? 1 : Number(query.page);
	return {
		page: Number.isInteger(page) && page >= 1 ? page : 1,
		limit: Math.max(1, Math.floor(limit)),
	};
}

export function withOf(query: Record<string, unknown>): Set<string> {
	const raw = query.with;
	const text = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '';
	return new Set(
		text
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
	);
}

/** A filter value given as `x=1`, `x[]=1&x[]=2` or `x[0]=1` → strings. */
export function valuesOf(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) return value.flatMap(valuesOf);
	if (typeof value === 'object')
		return Object.values(value as Record<string, unknown>).flatMap(valuesOf);
	return [String(value)];
}

export function idsOf(value: unknown): Set<number> | undefined {
	const values = valuesOf(value);
	return values.length ? new Set(values.map(Number)) : undefined;
}

/** `filter[created_at][from]=…&[to]=…`, or a single value meaning that exact second. */
export function rangeOf(value: unknown): { from?: number; to?: number } | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'object' && !Array.isArray(value)) {
		const range = value as Record<string, unknown>;
		return {
			from: range.from !== undefined && range.from !== '' ? Number(range.from) : undefined,
			to: range.to !== undefined && range.to !== '' ? Number(range.to) : undefined,
		};
	}
	const exact = Number(valuesOf(value)[0]);
	return { from: exact, to: exact };
}

export function inRange(
	value: number | null | undefined,
	range: { from?: number; to?: number } | undefined,
): boolean {
	if (!range) return true;
	if (value === null || value === undefined) return false;
	if (range.from !== undefined && value < range.from) return false;
	if (range.to !== undefined && value > range.to) return false;
	return true;
}

/** `order[created_at]=desc`; ties and the default order by id ascending. */
export function sortBy<T extends { id: number }>(
	items: T[],
	query: Record<string, unknown>,
	allowed: string[],
): T[] {
	const order = query.order as Record<string, unknown> | undefined;
	const sorted = [...items].sort((a, b) => a.id - b.id);
	if (!order || typeof order !== 'object') return sorted;
	const [field, direction] = Object.entries(order).find(([key]) => allowed.includes(key)) ?? [];
	if (!field) return sorted;
	const sign = String(direction).toLowerCase() === 'desc' ? -1 : 1;
	return sorted.sort(
		(a, b) => sign * (Number((a as never)[field] ?? 0) - Number((b as never)[field] ?? 0)),
	);
}

function linkTo(req: ApiRequest, page: number, limit: number): { href: string } {
	const search = new URLSearchParams(req.search);
	search.set('page', String(page));
	search.set('limit', String(limit));
	return { href: `${req.baseUrl}${req.path}?${search.toString()}` };
}

/** One page of a list in the HAL envelope, or 204 with no body when the page is empty. */
export function listPage<T>(
	req: ApiRequest,
	key: string,
	all: T[],
	options: { totals?: boolean; defaultLimit?: number; render?: (item: T) => unknown } = {},
): ApiResponse {
	const { page, limit } = pageParams(req.query, options.defaultLimit);
	const start = (page - 1) * limit;
	// Only the page is rendered: rendering all matches for each page made paging 50,000 leads quadratic.
	const items = all
		.slice(start, start + limit)
		.map((item) => (options.render ? options.render(item) : item));
	if (items.length === 0) return noContent();
	const links: Record<string, { href: string }> = { self: linkTo(req, page, limit) };
	if (start + limit < all.length) links.next = linkTo(req, page + 1, limit);
	if (page > 1) {
		links.first = linkTo(req, 1, limit);
		links.prev = linkTo(req, page - 1, limit);
	}
	const body: Record<string, unknown> = {};
	if (options.totals) {
		body._total_items = all.length;
		body._page = page;
		body._page_count = Math.max(1, Math.ceil(all.length / limit));
	} else {
		body._page = page;
	}
	body._links = links;
	body._embedded = { [key]: items };
	return hal(body);
}

export function selfLink(req: ApiRequest, path: string): { self: { href: string } } {
	return { self: { href: `${req.baseUrl}${path}` } };
}
