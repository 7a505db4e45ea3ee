import { runBitrix24 } from './nodeHarness';
import { requestCount, testPortal } from './portal';

const portal = testPortal({ limits: false });

const state = () => portal.emu.emulator.state;
const company = (id: unknown) => state().entities.COMPANY.get(Number(id))!;
const calls = (method: string) => portal.emu.emulator.stats.byMethod[method] ?? 0;

const create = (items: Array<Record<string, string>>, settings: Record<string, unknown> = {}) =>
	runBitrix24(
		portal.harness,
		{
			resource: 'company',
			operation: 'create',
			title: '={{ $json.title }}',
			phone: '={{ $json.phone }}',
			email: '={{ $json.email }}',
			additionalFields: { address: 'Москва, Тверская 1' },
		},
		items,
		settings,
	);

describe('Bitrix24 node: companies', () => {
	test('create in one batch, get, get many by phone, update, assign, delete', async () => {
		const before = await requestCount(portal);
		const adds = calls('crm.company.add');
		const created = await create([
			{ title: 'ООО «Ромашка»', phone: '8 (495) 123-45-67', email: 'Info@Romashka.ru' },
			{ title: 'ИП Петров', phone: '', email: 'petrov@mail.ru' },
		]);
		expect(created.out.map((c) => c.entity)).toEqual(['company', 'company']);
		expect(String(created.out[0].url)).toMatch(/\/crm\/company\/details\/\d+\/$/);
		expect(calls('crm.company.add') - adds).toBe(2);
		expect((await requestCount(portal)) - before).toBe(1);
		const id = created.out[0].id as string;
		expect(company(id)).toMatchObject({
			TITLE: 'ООО «Ромашка»',
			ADDRESS: 'Москва, Тверская 1',
			PHONE: [expect.objectContaining({ VALUE: '+74951234567' })],
			EMAIL: [expect.objectContaining({ VALUE: 'Info@Romashka.ru' })],
		});
		const got = await runBitrix24(portal.harness, { resource: 'company', operation: 'get', id });
		expect(got.out[0]).toMatchObject({ ID: id, TITLE: 'ООО «Ромашка»' });
		const many = await runBitrix24(portal.harness, {
			resource: 'company',
			operation: 'getMany',
			returnAll: true,
			filters: { phone: '+74951234567' },
		});
		expect(many.out.map((c) => c.ID)).toEqual([id]);
		await runBitrix24(portal.harness, {
			resource: 'company',
			operation: 'update',
			id,
			updateFields: { addPhone: '+7 495 765-43-21', title: 'ООО «Ромашка Плюс»' },
		});
		expect(company(id).TITLE).toBe('ООО «Ромашка Плюс»');
		expect((company(id).PHONE as unknown[]).length).toBe(2);
		await runBitrix24(portal.harness, {
			resource: 'company',
			operation: 'assign',
			id,
			responsible: { __rl: true, mode: 'id', value: '4' },
		});
		expect(company(id).ASSIGNED_BY_ID).toBe(4);
		await runBitrix24(portal.harness, { resource: 'company', operation: 'delete', id });
		expect(state().entities.COMPANY.has(Number(id))).toBe(false);
	});

	test('a mixed batch: with the error output the named companies are created, the nameless one leaves with its reason', async () => {
		const { result, out } = await create(
			[
				{ title: 'Альфа', phone: '', email: '' },
				{ title: '', phone: '+74950000000', email: '' },
				{ title: 'Бета', phone: '', email: '' },
			],
			{ onError: 'continueErrorOutput' },
		);
		const [made, failed] = result.outputs('Bitrix24');
		expect(made.map((m) => company(m.id).TITLE)).toEqual(['Альфа', 'Бета']);
		expect(out).toHaveLength(2);
		expect(failed.map((f) => String(f.error))).toEqual(['A company needs a name']);
		expect(result.rawItems('Bitrix24', 1).map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
	});

	test('without continue-on-fail a nameless company stops the node before anything is written', async () => {
		const adds = calls('crm.company.add');
		const { result } = await create([
			{ title: 'Альфа', phone: '', email: '' },
			{ title: '', phone: '', email: '' },
		]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('A company needs a name');
		expect(calls('crm.company.add')).toBe(adds);
	});

	test('finds companies by exact name, by phone in any spelling and by e-mail', async () => {
		await create([
			{ title: 'ООО «Ромашка»', phone: '+7 495 123-45-67', email: 'info@romashka.ru' },
			{ title: 'Ромашка-Сервис', phone: '+7 495 123-45-68', email: '' },
		]);
		const found = await runBitrix24(
			portal.harness,
			{
				resource: 'company',
				operation: 'find',
				findBy: '={{ $json.by }}',
				value: '={{ $json.value }}',
			},
			[
				{ by: 'name', value: 'ооо «ромашка»' },
				{ by: 'PHONE', value: '8 (495) 123-45-67' },
				{ by: 'EMAIL', value: 'INFO@romashka.ru' },
				{ by: 'name', value: 'Нет такой' },
			],
		);
		const [byName, byPhone, byEmail, none] = found.out;
		expect(byName).toMatchObject({ found: true, company: { name: 'ООО «Ромашка»' } });
		expect((byName.companies as unknown[]).length).toBe(1);
		expect(byPhone).toMatchObject({
			found: true,
			company: { name: 'ООО «Ромашка»', phones: ['+74951234567'] },
		});
		expect((byPhone.companies as unknown[]).length).toBe(1);
		expect(byEmail).toMatchObject({ found: true, company: { name: 'ООО «Ромашка»' } });
		expect(none).toMatchObject({ found: false, companyId: null, companies: [] });
	});

	test('links a company to deals and leads, and to contacts keeping their other companies', async () => {
		const [first, second] = (
			await create([
				{ title: 'Гамма', phone: '', email: '' },
				{ title: 'Дельта', phone: '', email: '' },
			])
		).out.map((c) => Number(c.id));
		const deal = [...state().entities.DEAL.values()][0];
		const lead = [...state().entities.LEAD.values()][0];
		const contact = [...state().entities.CONTACT.values()][0];
		const toDeal = await runBitrix24(
			portal.harness,
			{
				resource: 'company',
				operation: 'linkToDeal',
				id: String(first),
				linkTo: '={{ $json.kind }}',
				targetId: '={{ $json.id }}',
			},
			[
				{ kind: 'deal', id: deal.ID as number },
				{ kind: 'lead', id: lead.ID as number },
			],
		);
		expect(toDeal.out).toEqual([
			{ companyId: String(first), dealId: String(deal.ID), linked: true },
			{ companyId: String(first), leadId: String(lead.ID), linked: true },
		]);
		expect(state().entities.DEAL.get(deal.ID as number)!.COMPANY_ID).toBe(first);
		expect(state().entities.LEAD.get(lead.ID as number)!.COMPANY_ID).toBe(first);

		const toContact = await runBitrix24(
			portal.harness,
			{
				resource: 'company',
				operation: 'linkToContact',
				id: '={{ $json.company }}',
				contactId: String(contact.ID),
			},
			[{ company: first }, { company: second }],
		);
		expect(toContact.out.map((o) => o.contactCompanyIds)).toEqual([
			[String(first)],
			[String(first), String(second)],
		]);
		const stored = state().entities.CONTACT.get(contact.ID as number)!;
		expect(stored.COMPANY_IDS).toEqual([first, second]);
		expect(stored.COMPANY_ID).toBe(first);
	});
});
