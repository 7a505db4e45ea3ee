import { ContactSearch } from '../../../../../nodes/shared/crm/amocrm/contactSearch';
import { MAX_READ_AHEAD } from '../../../../../nodes/shared/crm/amocrm/paging';
import type { AmoTransport } from '../../../../../nodes/shared/crm/amocrm/transport';

/**
 * An account of `contacts` contacts served 250 a page by page number the way amoCRM does (`_links.next` while the
 * page is full, 204 past the end), by a transport stand-in that answers on the next turn of the event loop, says how
 * slow its reads are (`readLatencyMs`) and records how many reads were out at once.
 */
function fakeAccount(contacts: number, readLatencyMs: number) {
	const asked: number[] = [];
	const outWhenAsked: number[] = [];
	let out = 0;
	let mostOut = 0;
	const transport = {
		readLatencyMs,
		async get(path: string, query: Record<string, unknown> = {}) {
			const page = Number(query.page ?? 1);
			const limit = Number(query.limit ?? 250);
			asked.push(page);
			outWhenAsked.push(out);
			mostOut = Math.max(mostOut, ++out);
			await new Promise((resolve) => setImmediate(resolve));
			out--;
			const start = (page - 1) * limit;
			if (start >= contacts) return undefined;
			const rows = Array.from({ length: Math.min(limit, contacts - start) }, (_, i) => ({
				id: start + i + 1,
				name: `Контакт ${start + i + 1}`,
				custom_fields_values: [
					{
						field_code: 'PHONE',
						values: [{ value: `+7916${String(start + i + 1).padStart(7, '0')}` }],
					},
				],
			}));
			return {
				_links:
					rows.length === limit
						? { next: { href: `https://x.amocrm.ru${path}?page=${page + 1}` } }
						: {},
				_embedded: { contacts: rows },
			};
		},
	} as unknown as AmoTransport;
	return { transport, asked, outWhenAsked, mostOut: () => mostOut };
}

const keys = (count: number, found: number[]) => ({
	phones: [
		...found.map((n) => `+7916${String(n).padStart(7, '0')}`),
		...Array.from({ length: count - found.length }, (_, i) => `+7999${String(i).padStart(7, '0')}`),
	],
	emails: [],
});

describe('amoCRM contact index at a slow account', () => {
	test('at a fast account the pages go one after another, exactly as many as the account has (plus the probe)', async () => {
		const account = fakeAccount(2_000, 5);
		const search = new ContactSearch(account.transport, 'RU');
		const matches = await search.find(keys(40, [1, 1_999]));
		expect(matches.map((m) => m.contact.id)).toEqual(['1', '1999']);
		expect(account.asked).toEqual([1, 2, 3, 4, 5, 40, 6, 7, 8, 9]);
		expect(account.mostOut()).toBe(1);
		expect(search.lastReport).toEqual({ way: 'index', keys: 40, pagesRead: 10 });
	});

	test('at a slow account the pages are asked for several at a time: the same contacts, each page once, at most a window past the end', async () => {
		const account = fakeAccount(5_000, 1_000);
		const search = new ContactSearch(account.transport, 'RU');
		const matches = await search.find(keys(400, [7, 2_600, 4_999]));
		expect(matches.map((m) => m.contact.id)).toEqual(['7', '2600', '4999']);
		expect(account.mostOut()).toBe(MAX_READ_AHEAD);
		// 400 keys: the probe (page 400) is due after 50 pages, far past this account's 20 pages: none is made.
		expect(account.asked).not.toContain(400);
		// Every page of the account once, in order, and at most the window's worth past its end (page 21 is the
		// first 204).
		const pages = account.asked.filter((p) => p <= 20);
		expect(pages).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(account.asked.length - 20).toBeLessThanOrEqual(MAX_READ_AHEAD);
		expect(account.asked.length - 20).toBeGreaterThanOrEqual(1);
	});

	test('at a slow account no page past the probe is asked for before the probe has answered', async () => {
		// 40 keys: the probe (page 40) is due after 5 pages; the account has 8.
		const account = fakeAccount(2_000, 1_000);
		const search = new ContactSearch(account.transport, 'RU');
		const matches = await search.find(keys(40, [1_999]));
		expect(matches.map((m) => m.contact.id)).toEqual(['1999']);
		const probe = account.asked.indexOf(40);
		expect(probe).toBeGreaterThan(0);
		expect(Math.max(...account.asked.slice(0, probe))).toBeLessThanOrEqual(5);
		// Nothing else was out when the probe went: every page before it had answered.
		expect(account.outWhenAsked[probe]).toBe(0);
		expect(account.asked.slice(probe + 1).filter((p) => p <= 8)).toEqual([6, 7, 8]);
	});
});
