import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import { listSearch } from '../../../nodes/AmoCrm/methods/listSearch';
import { amoWorkflow, amoWorld, byId, fromList, runAmo, type AmoWorld } from './helpers';

interface StoredRecord {
	id: number;
	name: string;
	custom_fields_values: Array<{ field_code: string; values: Array<{ value: string }> }> | null;
}

describe('amoCRM node: record pickers (From list, By URL, By ID, and a plain ID saved before them)', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const state = async () =>
		(await world.api.state()) as { contacts: StoredRecord[]; leads: StoredRecord[] };
	const url = (path: string) => ({ __rl: true, mode: 'url', value: path });

	function context(parameters: INodeParameters): ILoadOptionsFunctions {
		const workflow = world.harness.makeWorkflow(amoWorkflow(parameters));
		const node = workflow.getNode('amoCRM')!;
		const additionalData = world.harness.additionalData('lo', workflow.id, undefined, {
			currentNodeParameters: node.parameters,
		});
		return new LoadOptionsContext(workflow, node, additionalData, 'parameters.contactId');
	}

	test('a contact is read the same by a plain ID, By ID, From list and its card URL (amoCRM and Kommo)', async () => {
		const contact = (await state()).contacts[0];
		const shapes = [
			String(contact.id),
			byId(contact.id),
			fromList(contact.id),
			url(`https://sandbox.amocrm.ru/contacts/detail/${contact.id}`),
			url(`https://sandbox.kommo.com/contacts/detail/${contact.id}?tab=main`),
		];
		for (const contactId of shapes) {
			const run = await runAmo(world, { resource: 'contact', operation: 'get', contactId });
			expect(run.items('amoCRM').map((c) => c.id)).toEqual([contact.id]);
		}
	});

	test('a lead by its card URL; a URL of another kind of card is refused on its item', async () => {
		const lead = (await state()).leads[0];
		const got = await runAmo(world, {
			resource: 'lead',
			operation: 'get',
			leadId: url(`https://sandbox.amocrm.ru/leads/detail/${lead.id}`),
			simplify: false,
		});
		expect(got.items('amoCRM')[0]).toMatchObject({ id: lead.id, name: lead.name });
		// Typed in the editor, a wrong address is flagged before the run; mapped in, it fails its own item.
		await expect(
			runAmo(world, {
				resource: 'lead',
				operation: 'get',
				leadId: url(`https://sandbox.amocrm.ru/contacts/detail/${lead.id}`),
			}),
		).rejects.toThrow("Not a lead's card address");
		const wrong = await runAmo(
			world,
			{ resource: 'lead', operation: 'get', leadId: url('={{ $json.link }}') },
			[{ link: `https://sandbox.amocrm.ru/contacts/detail/${lead.id}` }],
			{ onError: 'continueRegularOutput' },
		);
		expect(String(wrong.items('amoCRM')[0].error)).toMatch(/URL entered is incorrect/);
	});

	test('From list searches contacts by phone, email or name; rows carry phone, email and the card link', async () => {
		const has = (c: StoredRecord, code: string) =>
			(c.custom_fields_values ?? []).find((f) => f.field_code === code)?.values[0]?.value;
		const contact = (await state()).contacts.find((c) => has(c, 'EMAIL') && has(c, 'PHONE'))!;
		const email = has(contact, 'EMAIL')!;
		const phone = has(contact, 'PHONE')!;
		const ctx = context({ resource: 'contact', operation: 'get' });
		for (const typed of [phone, email, contact.name]) {
			const found = await listSearch.searchContacts.call(ctx, typed);
			const row = found.results.find((r) => r.value === String(contact.id));
			expect(row).toBeDefined();
			expect(row!.name).toContain(contact.name);
			expect(row!.name).toContain(email);
			expect(row!.url).toMatch(new RegExp(`/contacts/detail/${contact.id}$`));
		}
		expect((await listSearch.searchContacts.call(ctx, 'nobody-has-this-text')).results).toEqual([]);
	});

	test('From list pages through leads with the pagination token, newest first, none twice', async () => {
		const ctx = context({ resource: 'lead', operation: 'get' });
		const total = (await state()).leads.length;
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await listSearch.searchLeads.call(ctx, undefined, token);
			expect(page.results.length).toBeLessThanOrEqual(50);
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
			pages += 1;
		} while (token && pages < 100);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.length).toBe(total);
		expect(pages).toBe(Math.max(1, Math.ceil(total / 50)));
	});
});
