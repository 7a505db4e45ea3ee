import { amoWorld, runAmo, type AmoWorld } from './helpers';

describe('amoCRM node: Simplify on reads (on by default)', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	test("a lead comes out with its stage, pipeline and manager by name, and its main contact's phone and email", async () => {
		const state = await world.api.state();
		const raw = state.leads.find((l: { id: number }) => l.id === 30_000_001);
		const pipeline = state.pipelines.find((p: { id: number }) => p.id === raw.pipeline_id);
		const stage = pipeline.statuses.find((s: { id: number }) => s.id === raw.status_id);
		const user = state.users.find((u: { id: number }) => u.id === raw.responsible_user_id);
		const main = raw.contacts.find((c: { is_main: boolean }) => c.is_main) ?? raw.contacts[0];
		const contact = state.contacts.find((c: { id: number }) => c.id === main.id);
		const value = (code: string) =>
			contact.custom_fields_values?.find((f: { field_code: string }) => f.field_code === code)
				?.values[0].value ?? null;
		const run = await runAmo(world, { resource: 'lead', operation: 'get', leadId: '30000001' });
		const [lead] = run.items('amoCRM');
		expect(lead).toEqual({
			id: 30_000_001,
			name: raw.name,
			stage: stage.name,
			stageId: raw.status_id,
			pipeline: pipeline.name,
			pipelineId: raw.pipeline_id,
			responsible: user.name,
			responsibleUserId: raw.responsible_user_id,
			price: raw.price,
			tags: expect.any(Array),
			contactId: contact.id,
			contactName: contact.name,
			phone: value('PHONE'),
			email: value('EMAIL'),
			createdAt: new Date(raw.created_at * 1000).toISOString(),
			updatedAt: new Date(raw.updated_at * 1000).toISOString(),
			url: expect.stringMatching(/\/leads\/detail\/30000001$/),
		});
	});

	test('Get Many simplified: the page of leads, their main contacts in one more request', async () => {
		const run = await runAmo(world, {
			resource: 'lead',
			operation: 'getMany',
			returnAll: false,
			limit: 20,
		});
		const leads = run.items('amoCRM');
		expect(leads).toHaveLength(20);
		expect(leads.every((l) => typeof l.stage === 'string' && typeof l.pipeline === 'string')).toBe(
			true,
		);
		const log = (await world.api.control('GET', '/requests')).requests as Array<{ path: string }>;
		expect(log.filter((r) => r.path === '/api/v4/contacts')).toHaveLength(1);
	});

	test("a contact comes out with its phones, emails, manager by name, leads and card link; off gives amoCRM's record", async () => {
		const state = await world.api.state();
		const raw = state.contacts.find((c: { id: number }) => c.id === 40_000_001);
		const values = (code: string): string[] =>
			(raw.custom_fields_values ?? [])
				.filter((f: { field_code: string }) => f.field_code === code)
				.flatMap((f: { values: Array<{ value: string }> }) => f.values.map((v) => v.value));
		const user = state.users.find((u: { id: number }) => u.id === raw.responsible_user_id);
		const leadIds = state.leads
			.filter((l: { contacts: Array<{ id: number }> }) => l.contacts.some((c) => c.id === raw.id))
			.map((l: { id: number }) => l.id)
			.sort();
		const run = await runAmo(world, {
			resource: 'contact',
			operation: 'get',
			contactId: '40000001',
		});
		const [contact] = run.items('amoCRM');
		expect({ ...contact, leadIds: [...(contact.leadIds as number[])].sort() }).toMatchObject({
			id: 40_000_001,
			name: raw.name,
			responsible: user?.name ?? null,
			responsibleUserId: raw.responsible_user_id,
			phone: values('PHONE')[0] ?? null,
			phones: values('PHONE'),
			email: values('EMAIL')[0] ?? null,
			emails: values('EMAIL'),
			leadIds,
			createdAt: new Date(raw.created_at * 1000).toISOString(),
		});
		expect(String(contact.url)).toMatch(/\/contacts\/detail\/40000001$/);
		expect(contact.custom_fields_values).toBeUndefined();
		const off = await runAmo(world, {
			resource: 'contact',
			operation: 'get',
			contactId: '40000001',
			simplify: false,
		});
		expect(off.items('amoCRM')[0].custom_fields_values).toEqual(raw.custom_fields_values);
	});
});
