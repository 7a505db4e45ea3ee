import { amoWorld, runAmo, type AmoWorld } from './helpers';

interface StoredCompany {
	id: number;
	name: string;
	responsible_user_id: number;
	custom_fields_values: Array<{ field_code: string; values: Array<{ value: string }> }> | null;
}

describe('amoCRM node: companies', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const state = async () =>
		(await world.api.state()) as {
			companies: StoredCompany[];
			leads: Array<{ id: number; companyIds: number[] }>;
			contacts: Array<{ id: number; companyIds: number[] }>;
		};
	const company = async (id: number) => (await state()).companies.find((c) => c.id === id)!;
	const values = (c: StoredCompany, code: string) =>
		(c.custom_fields_values ?? [])
			.filter((f) => f.field_code === code)
			.flatMap((f) => f.values.map((v) => v.value));
	const requests = async () =>
		(await world.api.control('GET', '/requests')).requests as Array<{
			method: string;
			path: string;
		}>;

	const create = (items: Array<Record<string, string>>, onError?: 'continueErrorOutput') =>
		runAmo(
			world,
			{
				resource: 'company',
				operation: 'create',
				name: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				additionalFields: { tags: 'B2B' },
			},
			items,
			onError ? { onError } : {},
		);

	test('creates companies in one request with E.164 phones and lower-cased emails', async () => {
		const run = await create([
			{ name: 'ООО «Ромашка»', phone: '8 (495) 123-45-67', email: 'Info@Romashka.RU' },
			{ name: 'ИП Петров', phone: '', email: 'petrov@mail.ru' },
		]);
		const [romashka, petrov] = run.items('amoCRM');
		expect(romashka).toMatchObject({ name: 'ООО «Ромашка»' });
		expect(String(romashka.url)).toMatch(/\/companies\/detail\/\d+$/);
		const writes = (await requests()).filter((r) => r.method === 'POST');
		expect(writes).toEqual([expect.objectContaining({ path: '/api/v4/companies' })]);
		const stored = await company(romashka.id as number);
		expect(values(stored, 'PHONE')).toEqual(['+74951234567']);
		expect(values(stored, 'EMAIL')).toEqual(['info@romashka.ru']);
		expect(values(await company(petrov.id as number), 'EMAIL')).toEqual(['petrov@mail.ru']);
	});

	test('a mixed batch: with the error output the good companies are created in one request, the nameless one fails with its reason', async () => {
		const run = await create(
			[
				{ name: 'Альфа', phone: '', email: '' },
				{ name: '  ', phone: '+74950000000', email: '' },
				{ name: 'Бета', phone: '', email: '' },
			],
			'continueErrorOutput',
		);
		const [made, failed] = run.outputs('amoCRM');
		expect(made.map((m) => m.name)).toEqual(['Альфа', 'Бета']);
		expect(run.rawItems('amoCRM', 0).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(failed).toHaveLength(1);
		expect(failed[0].error).toContain('A company needs a name');
		expect(run.rawItems('amoCRM', 1)[0].pairedItem).toEqual({ item: 1 });
		expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	test('without continue-on-fail a bad item stops the node before anything is written', async () => {
		const run = await create([
			{ name: 'Альфа', phone: '', email: '' },
			{ name: '', phone: '', email: '' },
		]);
		expect(run.status).toBe('error');
		expect((await requests()).filter((r) => r.method !== 'GET')).toEqual([]);
		expect((await state()).companies.some((c) => c.name === 'Альфа')).toBe(false);
	});

	test('finds by name, by phone in any spelling and by email, exactly; one output item per search', async () => {
		await create([
			{ name: 'ООО «Ромашка»', phone: '+7 495 123-45-67', email: 'info@romashka.ru' },
			{ name: 'Ромашка-Сервис', phone: '+7 495 123-45-68', email: '' },
		]);
		const byName = await runAmo(
			world,
			{ resource: 'company', operation: 'find', findBy: 'name', name: '={{ $json.name }}' },
			[{ name: 'ооо «ромашка»' }, { name: 'Нет такой' }],
		);
		const [hit, miss] = byName.items('amoCRM');
		expect(hit).toMatchObject({ found: true, company: { name: 'ООО «Ромашка»' } });
		expect((hit.companies as unknown[]).length).toBe(1);
		expect(miss).toMatchObject({ found: false, companyId: null, companies: [] });

		const byPhone = await runAmo(
			world,
			{
				resource: 'company',
				operation: 'find',
				findBy: 'phoneOrEmail',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
			},
			[
				{ phone: '8 (495) 123-45-67', email: '' },
				{ phone: '', email: 'INFO@romashka.ru' },
			],
		);
		const [phone, email] = byPhone.items('amoCRM');
		expect(phone).toMatchObject({ found: true, phone: '+74951234567' });
		expect((phone.companies as Array<{ name: string }>).map((c) => c.name)).toEqual([
			'ООО «Ромашка»',
		]);
		expect(email).toMatchObject({ found: true, company: { name: 'ООО «Ромашка»' } });
	});

	test('updates a company keeping its phone, gets it and lists companies', async () => {
		const made = (await create([{ name: 'Гамма', phone: '+74951112233', email: '' }])).items(
			'amoCRM',
		)[0];
		await runAmo(world, {
			resource: 'company',
			operation: 'update',
			companyId: String(made.id),
			updateFields: { name: 'Гамма Плюс', phone: '8 495 444 55 66' },
		});
		const stored = await company(made.id as number);
		expect(stored.name).toBe('Гамма Плюс');
		expect(values(stored, 'PHONE')).toEqual(['+74951112233', '+74954445566']);

		const got = await runAmo(
			world,
			{ resource: 'company', operation: 'get', companyId: '={{ $json.id }}' },
			[{ id: made.id }, { id: 99_999 }],
			{ onError: 'continueErrorOutput' },
		);
		const [found, missing] = got.outputs('amoCRM');
		expect(found[0]).toMatchObject({ id: made.id, name: 'Гамма Плюс' });
		expect(missing[0].error).toContain('No company 99999 in amoCRM');

		const many = await runAmo(world, {
			resource: 'company',
			operation: 'getMany',
			returnAll: false,
			limit: 5,
			filters: { query: 'Гамма' },
		});
		expect(many.items('amoCRM').map((c) => c.name)).toEqual(['Гамма Плюс']);
	});

	test('links a company to leads and to contacts in one request each', async () => {
		const made = (await create([{ name: 'Дельта', phone: '', email: '' }])).items('amoCRM')[0];
		await world.api.control('DELETE', '/requests');
		const toLeads = await runAmo(
			world,
			{
				resource: 'company',
				operation: 'linkToLead',
				companyId: String(made.id),
				leadId: '={{ $json.lead }}',
			},
			[{ lead: 30_000_001 }, { lead: 30_000_002 }],
		);
		expect(toLeads.items('amoCRM')).toEqual([
			{ companyId: made.id, leadId: 30_000_001, linked: true },
			{ companyId: made.id, leadId: 30_000_002, linked: true },
		]);
		const toContact = await runAmo(world, {
			resource: 'company',
			operation: 'linkToContact',
			companyId: String(made.id),
			contactId: '40000001',
		});
		expect(toContact.items('amoCRM')).toEqual([
			{ companyId: made.id, contactId: 40_000_001, linked: true },
		]);
		const after = await state();
		expect(after.leads.find((l) => l.id === 30_000_001)!.companyIds).toEqual([made.id]);
		expect(after.leads.find((l) => l.id === 30_000_002)!.companyIds).toEqual([made.id]);
		expect(after.contacts.find((c) => c.id === 40_000_001)!.companyIds).toEqual([made.id]);
		const links = (await requests()).filter((r) => r.path === '/api/v4/companies/link');
		expect(links).toHaveLength(2);
	});
});
