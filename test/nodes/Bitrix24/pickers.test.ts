import { listSearch } from './loadOptions';
import { runBitrix24 } from './nodeHarness';
import { testPortal } from './portal';

const portal = testPortal({ limits: false });

type Row = Record<string, unknown> & { ID: number | string };
const rows = (type: string) => [
	...(portal.emu.emulator.state.entities as unknown as Record<string, Map<number, Row>>)[
		type
	].values(),
];
const url = (value: string) => ({ __rl: true, mode: 'url', value });
const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const fromList = (value: string | number) => ({ __rl: true, mode: 'list', value: String(value) });

describe('Bitrix24 node: record pickers (From list, By URL, By ID, and a plain ID saved before them)', () => {
	test('a deal, a contact, a company and a lead are read by a plain ID, By ID, From list and the card URL', async () => {
		await runBitrix24(portal.harness, {
			resource: 'company',
			operation: 'create',
			title: 'ООО «Ромашка»',
			phone: '+74951234567',
			email: '',
		});
		for (const [entity, type] of [
			['deal', 'DEAL'],
			['contact', 'CONTACT'],
			['company', 'COMPANY'],
			['lead', 'LEAD'],
		] as const) {
			const record = rows(type)[0];
			const id = String(record.ID);
			for (const shape of [
				id,
				byId(id),
				fromList(id),
				url(`https://mycompany.bitrix24.ru/crm/${entity}/details/${id}/`),
				url(`https://crm.example.ru/crm/${entity}/details/${id}/?IFRAME=Y`),
			]) {
				const run = await runBitrix24(portal.harness, {
					resource: entity,
					operation: 'get',
					id: shape,
				});
				expect(String(run.out[0].ID)).toBe(id);
			}
		}
	});

	test('a wrong card address: flagged in the editor when typed, fails its item when mapped in', async () => {
		const id = String(rows('DEAL')[0].ID);
		await expect(
			runBitrix24(portal.harness, {
				resource: 'deal',
				operation: 'get',
				id: url(`https://mycompany.bitrix24.ru/crm/contact/details/${id}/`),
			}),
		).rejects.toThrow('Not a deal card address');
		const mapped = await runBitrix24(
			portal.harness,
			{ resource: 'deal', operation: 'get', id: url('={{ $json.link }}') },
			[{ link: `https://mycompany.bitrix24.ru/crm/contact/details/${id}/` }],
			{ onError: 'continueRegularOutput' },
		);
		expect(String(mapped.out[0].error)).toMatch(/URL entered is incorrect/);
		// A plain ID field that was mapped a card address (a workflow saved before the picker) still reads it.
		const legacy = await runBitrix24(
			portal.harness,
			{ resource: 'deal', operation: 'get', id: '={{ $json.link }}' },
			[{ link: `https://mycompany.bitrix24.ru/crm/deal/details/${id}/` }],
		);
		expect(String(legacy.out[0].ID)).toBe(id);
	});

	test('From list finds contacts by last name, phone and email; rows carry them and the card link', async () => {
		const multi = (r: Row, key: string) =>
			(r[key] as Array<{ VALUE: string }> | undefined)?.[0]?.VALUE;
		const contact = rows('CONTACT').find(
			(c) => c.LAST_NAME && multi(c, 'PHONE') && multi(c, 'EMAIL'),
		)!;
		const parameters = { resource: 'contact', operation: 'get' };
		const phone = multi(contact, 'PHONE')!;
		// The phone typed in another spelling than stored (8… for +7…) is found all the same.
		const otherSpelling = phone.replace(/\D/g, '').replace(/^7/, '8');
		for (const typed of [
			String(contact.LAST_NAME),
			phone,
			otherSpelling,
			multi(contact, 'EMAIL')!,
		]) {
			const found = await listSearch(portal.harness, 'searchContacts', parameters, typed);
			const row = found.results.find((r) => r.value === String(contact.ID));
			expect(row).toBeDefined();
			expect(row!.name).toContain(String(contact.LAST_NAME));
			expect(row!.name).toContain(multi(contact, 'PHONE')!);
			expect(row!.url).toMatch(new RegExp(`/crm/contact/details/${contact.ID}/$`));
		}
		const none = await listSearch(portal.harness, 'searchContacts', parameters, 'Нетакойфамилии');
		expect(none.results).toEqual([]);
	});

	test('From list pages through deals with the pagination token, newest first, none twice', async () => {
		const parameters = { resource: 'deal', operation: 'get' };
		const seen: number[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await listSearch(portal.harness, 'searchDeals', parameters, undefined, token);
			expect(page.results.length).toBeLessThanOrEqual(50);
			seen.push(...page.results.map((r) => Number(r.value)));
			token = page.paginationToken as string | undefined;
			pages += 1;
		} while (token && pages < 100);
		expect(seen).toEqual([...seen].sort((a, b) => b - a));
		expect(new Set(seen).size).toBe(rows('DEAL').length);
		expect(pages).toBe(Math.max(1, Math.ceil(rows('DEAL').length / 50)));
	});
});
