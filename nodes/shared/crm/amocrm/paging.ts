import type { QueryValue } from './query';
import type { HalPage } from './rawTypes';
import type { AmoTransport } from './transport';

export const PAGE_LIMIT = 250;

/**
 * Pages through a list 250 records at a time, following `_links.next` until it is gone. A 204 (amoCRM's empty
 * list) ends it. Yields one page at a time so bulk jobs stay bounded in memory.
 */
export async function* pagesOf<T>(
	transport: AmoTransport,
	path: string,
	key: string,
	query: Record<string, QueryValue> = {},
): AsyncGenerator<T[]> {
	let next: string | undefined = path;
	let nextQuery: Record<string, QueryValue> | undefined = { limit: PAGE_LIMIT, ...query };
	while (next) {
		const page: HalPage | undefined = await transport.get<HalPage>(next, nextQuery);
		if (!page) return;
		const items = (page._embedded?.[key] ?? []) as T[];
		if (items.length > 0) yield items;
		next = page._links?.next?.href;
		// The next link already carries the query.
		nextQuery = undefined;
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
