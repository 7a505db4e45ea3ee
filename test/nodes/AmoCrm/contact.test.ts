import { amoWorld, runAmo, type AmoWorld } from './helpers';

describe('amoCRM node: contacts', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const contact = async (id: number) =>
		(await world.api.state()).contacts.find((c: { id: number }) => c.id === id);
	const phones = (c: {
		custom_fields_values: Array<{ field_code: string; values: Array<{ value: string }> }>;
	}) =>
		c.custom_fields_values
			.filter((f) => f.field_code === 'PHONE')
			.flatMap((f) => f.values.map((v) => v.value));

	test('creates contacts in one request with E.164 phones, lower-cased emails and tags', async () => {
		const run = await runAmo(
			world,
			{
				resource: 'contact',
				operation: 'create',
				name: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				additionalFields: { tags: 'вебинар', position: 'Директор' },
			},
			[
				{ name: 'Мария', phone: '8 916 222 33 44', email: 'Maria@Yandex.RU' },
				{ name: 'Тимур', phone: '+7 701 555 0101', email: '' },
			],
		);
		const [maria, timur] = run.items('amoCRM');
		expect((await world.api.control('GET', '/requests')).count).toBe(1);
		const stored = await contact(maria.id as number);
		expect(
			stored.custom_fields_values.map(
				(f: { field_code: string; values: Array<{ value: string }> }) => [
					f.field_code,
					f.values[0].value,
				],
			),
		).toEqual([
			['PHONE', '+79162223344'],
			['EMAIL', 'maria@yandex.ru'],
			['POSITION', 'Директор'],
		]);
		expect(phones(await contact(timur.id as number))).toEqual(['+77015550101']);
	});

	test('finds by phone in any spelling and by email, exactly; one output item per search', async () => {
		const run = await runAmo(
			world,
			{
				resource: 'contact',
				operation: 'find',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
			},
			[
				{ phone: '8 (916) 111-00-09', email: '' },
				{ phone: '', email: 'ANG5350@yandex.ru' },
				{ phone: '+7 999 000 00 00', email: '' },
			],
		);
		const [viktor, angelika, nobody] = run.items('amoCRM');
		expect(viktor).toMatchObject({
			found: true,
			phone: '+79161110009',
			contactId: 40_000_009,
			contact: { name: 'Виктор Лебедев', matchedBy: 'phone' },
		});
		expect((viktor.contact as { leads: Array<{ status: string }> }).leads[0]).toMatchObject({
			status: 'open',
			responsibleUserId: 1_000_005,
		});
		expect(angelika).toMatchObject({
			found: true,
			email: 'ang5350@yandex.ru',
			contact: { name: 'Анжелика' },
		});
		expect(nobody).toEqual({
			found: false,
			phone: '+79990000000',
			email: null,
			contactId: null,
			contact: null,
			contacts: [],
		});
	});

	test('a search with neither a valid phone nor an email fails its item and says why', async () => {
		const run = await runAmo(
			world,
			{ resource: 'contact', operation: 'find', phone: '={{ $json.phone }}', email: '' },
			[{ phone: '12-34' }, { phone: '+79161110001' }],
			{
				onError: 'continueErrorOutput',
			},
		);
		const [found, failed] = run.outputs('amoCRM');
		expect(found).toHaveLength(1);
		expect(failed[0].error).toContain('Cannot search by phone "12-34"');
	});

	test('update adds a phone and keeps the old one by default; Replace drops the others', async () => {
		await runAmo(world, {
			resource: 'contact',
			operation: 'update',
			contactId: '40000002',
			updateFields: { phone: '8 916 777 66 55', name: 'Марина К.' },
		});
		const kept = await contact(40_000_002);
		expect(kept.name).toBe('Марина К.');
		expect(phones(kept)).toEqual(['+79161110001', '+79167776655']);
		await runAmo(world, {
			resource: 'contact',
			operation: 'update',
			contactId: '40000002',
			updateFields: { phone: '+79160000001', phoneMode: 'replace' },
		});
		expect(phones(await contact(40_000_002))).toEqual(['+79160000001']);
	});

	test('gets contacts with their leads, and links a contact to a lead', async () => {
		const linked = await runAmo(world, {
			resource: 'contact',
			operation: 'linkToLead',
			contactId: '40000001',
			leadId: '30000003',
			isMain: false,
		});
		expect(linked.items('amoCRM')).toEqual([
			{ leadId: 30_000_003, contactId: 40_000_001, isMain: false },
		]);
		const got = await runAmo(world, {
			resource: 'contact',
			operation: 'get',
			contactId: '40000001',
			simplify: false,
		});
		const leads = (got.items('amoCRM')[0]._embedded as { leads: Array<{ id: number }> }).leads.map(
			(l) => l.id,
		);
		expect(leads).toEqual([30_000_001, 30_000_003]);
	});
});
