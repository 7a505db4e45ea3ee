import { MAX_READ_AHEAD, pagesOf } from '../../../../../nodes/shared/crm/amocrm/paging';
import type { AmoTransport } from '../../../../../nodes/shared/crm/amocrm/transport';

/**
 * A list of `rows` leads served by page number the way amoCRM does (250 a page, `_links.next` while the page is
 * full, 204 past the end), by a transport stand-in that answers on the next turn of the event loop and records
 * how many reads were out at once.
 */
function fakeList(rows: number, readLatencyMs: number, failPage?: number) {
	const asked: number[] = [];
	let out = 0;
	let mostOut = 0;
	const transport = {
		readLatencyMs,
		async get(pathOrUrl: string, query?: Record<string, unknown>) {
			const url = new URL(pathOrUrl, 'https://x.amocrm.ru');
			for (const [name, value] of Object.entries(query ?? {}))
				url.searchParams.set(name, String(value));
			const page = Number(url.searchParams.get('page') ?? 1);
			const limit = Number(url.searchParams.get('limit') ?? 250);
			asked.push(page);
			mostOut = Math.max(mostOut, ++out);
			await new Promise((resolve) => setImmediate(resolve));
			out--;
			if (page === failPage) throw new Error(`page ${page} failed`);
			const start = (page - 1) * limit;
			if (start >= rows) return undefined;
			const leads = Array.from({ length: Math.min(limit, rows - start) }, (_, i) => ({
				id: start + i + 1,
			}));
			const next = new URL(url.href);
			next.searchParams.set('page', String(page + 1));
			next.searchParams.set('limit', String(limit));
			return {
				_page: page,
				_links: {
					self: { href: url.href },
					...(leads.length === limit ? { next: { href: next.href } } : {}),
				},
				_embedded: { leads },
			};
		},
	} as unknown as AmoTransport;
	return { transport, asked, mostOut: () => mostOut };
}

async function readAll(transport: AmoTransport, query = {}) {
	const ids: number[] = [];
	for await (const page of pagesOf<{ id: number }>(transport, '/api/v4/leads', 'leads', query))
		ids.push(...page.map((l) => l.id));
	return ids;
}

describe('amoCRM paged reads', () => {
	test('at a fast account pages go one after another, nothing read past the end', async () => {
		const list = fakeList(2_100, 5);
		const ids = await readAll(list.transport);
		expect(ids).toEqual(Array.from({ length: 2_100 }, (_, i) => i + 1));
		expect(list.asked).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(list.mostOut()).toBe(1);
	});

	test('at a slow one the next pages are asked for together, yielded in order; a few past the end come back empty', async () => {
		const list = fakeList(2_100, 1_000);
		const ids = await readAll(list.transport);
		expect(ids).toEqual(Array.from({ length: 2_100 }, (_, i) => i + 1));
		expect(list.mostOut()).toBe(MAX_READ_AHEAD);
		// 9 pages of rows; the read-ahead may have asked for up to 3 beyond the last.
		expect(list.asked.length).toBeGreaterThanOrEqual(9);
		expect(list.asked.length).toBeLessThanOrEqual(9 + MAX_READ_AHEAD - 1);
		expect(new Set(list.asked).size).toBe(list.asked.length);
	});

	test('the look-ahead ramps up page by page: a list of two or three pages wastes at most one request', async () => {
		for (const [rows, most] of [
			[400, 2],
			[600, 4],
		]) {
			const list = fakeList(rows, 5_000);
			expect(await readAll(list.transport)).toHaveLength(rows);
			expect(list.asked.length).toBeLessThanOrEqual(most);
		}
	});

	test('a list that ends on a full page ends at the empty page after it; a custom limit is kept', async () => {
		const list = fakeList(500, 2_000);
		expect(await readAll(list.transport)).toHaveLength(500);
		expect(list.mostOut()).toBeLessThanOrEqual(MAX_READ_AHEAD);
		const small = fakeList(45, 0);
		expect(await readAll(small.transport, { limit: 10 })).toHaveLength(45);
		expect(small.asked).toEqual([1, 2, 3, 4, 5]);
	});

	test('a page that fails fails the read, even when it was asked for ahead of time', async () => {
		const list = fakeList(5_000, 1_000, 4);
		await expect(readAll(list.transport)).rejects.toThrow('page 4 failed');
	});
});
