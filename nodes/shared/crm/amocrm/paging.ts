import type { QueryValue } from './query';
import type { HalPage } from './rawTypes';
import type { AmoTransport } from './transport';

export const PAGE_LIMIT = 250;

/**
 * Pages through a list 250 records at a time, in order, until a page is short or has no `_links.next`; a 204
 * (amoCRM's empty list) ends it. Yields one page at a time so bulk jobs stay bounded in memory.
 *
 * After the first page, the next pages are asked for by number (`page=N` in the next link) several at a time when
 * answers are slow: as many as the account's pace can start while one read is answered (READS_A_SECOND × the read
 * latency, at most MAX_READ_AHEAD), and never more than the pages read so far. At the list's end the pages asked
 * for beyond it come back empty (204): at a fast account nothing is read ahead and nothing is wasted; at a slow one
 * a few requests (at most the window) buy the overlap.
 */
export async function* pagesOf<T>(
	transport: AmoTransport,
	path: string,
	key: string,
	query: Record<string, QueryValue> = {},
): AsyncGenerator<T[]> {
	const limit = Number(query.limit ?? PAGE_LIMIT);
	const first: HalPage | undefined = await transport.get<HalPage>(path, {
		limit: PAGE_LIMIT,
		...query,
	});
	if (!first) return;
	const firstItems = (first._embedded?.[key] ?? []) as T[];
	if (firstItems.length > 0) yield firstItems;
	const next = first._links?.next?.href;
	if (!next) return;
	const pageUrl = pageLinks(next);
	if (!pageUrl) {
		// A next link without a page number: follow it the plain way.
		for await (const page of followNext<T>(transport, next, key)) yield page;
		return;
	}
	const ahead = new Map<number, Promise<{ page?: HalPage; error?: unknown }>>();
	const ask = (n: number) => {
		if (!ahead.has(n))
			ahead.set(
				n,
				transport.get<HalPage>(pageUrl.url(n)).then(
					(page) => ({ page }),
					(error: unknown) => ({ error }),
				),
			);
	};
	try {
		for (let n = pageUrl.first; ; n++) {
			// Ramped up page by page, so a short list (the usual one) asks for little past its end.
			const window = Math.min(readAhead(transport), n - pageUrl.first + 1);
			for (let k = n; k < n + window; k++) ask(k);
			const answer = await ahead.get(n)!;
			ahead.delete(n);
			if (answer.error !== undefined) throw answer.error;
			const page = answer.page;
			if (!page) return;
			const items = (page._embedded?.[key] ?? []) as T[];
			if (items.length > 0) yield items;
			if (!page._links?.next || items.length < limit) return;
		}
	} finally {
		// Pages asked for beyond the end (or after the caller stopped) are let go; their failures were caught.
		ahead.clear();
	}
}

/** The account's pace in reads a second, roughly (7 a second less what the pacer keeps back). */
const READS_A_SECOND = 6;
export const MAX_READ_AHEAD = 4;

/** How many pages to have asked for at once at this account's pace (1 at a fast account). */
export function readAhead(transport: AmoTransport): number {
	return Math.max(
		1,
		Math.min(MAX_READ_AHEAD, Math.ceil((transport.readLatencyMs * READS_A_SECOND) / 1000)),
	);
}

/** `…?page=2&limit=250…` → the same link for page N. */
function pageLinks(href: string): { first: number; url: (page: number) => string } | undefined {
	let parsed: URL;
	try {
		parsed = new URL(href);
	} catch {
		return undefined;
	}
	const first = Number(parsed.searchParams.get('page'));
	if (!Number.isInteger(first) || first < 1) return undefined;
	return {
		first,
		url: (page) => {
			const url = new URL(parsed.href);
			url.searchParams.set('page', String(page));
			return url.href;
		},
	};
}

async function* followNext<T>(
	transport: AmoTransport,
	href: string,
	key: string,
): AsyncGenerator<T[]> {
	let next: string | undefined = href;
	while (next) {
		const page: HalPage | undefined = await transport.get<HalPage>(next);
		if (!page) return;
		const items = (page._embedded?.[key] ?? []) as T[];
		if (items.length > 0) yield items;
		next = page._links?.next?.href;
	}
}

export async function allOf<T>(
	transport: AmoTransport,
	path: string,
	key: string,
	query: Record<string, QueryValue> = {},
): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pagesOf<T>(transport, path, key, query)) all.push(...page);
	return all;
}

export function chunk<T>(items: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
	return chunks;
}
