import { amoWorld, byId, byName, fromList, runAmo, type AmoWorld } from './helpers';

const WEBINAR = 7_100_002;

describe('amoCRM node: leads', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const lead = async (id: number) =>
		(await world.api.state()).leads.find((l: { id: number }) => l.id === id);
	const log = async () =>
		(await world.api.control('GET', '/requests')).requests.map(
			(r: { method: string; path: string }) => `${r.method} ${r.path}`,
		);

	test('creates leads with new contacts by stage and manager names: lists read once, one write for all', async () => {
		const run = await runAmo(
			world,
			{
				resource: 'lead',
				operation: 'create',
				name: '={{ "Заявка: " + $json.name }}',
				contactMode: 'new',
				contactName: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				pipeline: byName('Вебинар'),
				stage: byName('Был на вебинаре более часа'),
				responsible: byName('natalia@salesfunnel.example'),
				additionalFields: {
					tags: 'вебинар, A',
					price: 29900,
					utmSource: 'bizon',
					note: 'Смотрел 75 минут',
					customFields: { field: [{ fieldId: '1200107', value: 'Высокий' }] },
				},
			},
			[
				{ name: 'Ольга', phone: '8 (903) 555-12-34', email: ' Olga@Mail.RU ' },
				{ name: 'Павел', phone: '+7 916 000-11-22', email: '' },
			],
		);
		expect(run.status).toBe('success');
		const [first, second] = run.items('amoCRM');
		expect(first).toMatchObject({
			name: 'Заявка: Ольга',
			pipelineId: WEBINAR,
			stageId: 58_200_002,
			url: expect.stringMatching(/\/leads\/detail\/\d+$/),
		});
		expect(await log()).toEqual([
			'GET /api/v4/leads/pipelines',
			'GET /api/v4/users',
			'POST /api/v4/leads/complex',
			'POST /api/v4/leads/notes',
		]);
		const stored = await lead(first.id as number);
		expect(stored).toMatchObject({
			pipeline_id: WEBINAR,
			status_id: 58_200_002,
			responsible_user_id: 1_000_002,
			price: 29900,
		});
		expect(stored.custom_fields_values.map((f: { field_id: number }) => f.field_id).sort()).toEqual(
			[1_200_102, 1_200_107],
		);
		const contact = (await world.api.state()).contacts.find(
			(c: { id: number }) => c.id === first.contactId,
		);
		expect(
			contact.custom_fields_values.map(
				(f: { values: Array<{ value: string }> }) => f.values[0].value,
			),
		).toEqual(['+79035551234', 'olga@mail.ru']);
		expect(second.contactId).not.toBe(first.contactId);
	});

	test('links an existing contact, or creates a lead without one, in the main pipeline by default', async () => {
		const run = await runAmo(
			world,
			{
				resource: 'lead',
				operation: 'create',
				name: '={{ $json.name }}',
				contactMode: 'existing',
				contactId: '={{ $json.contactId }}',
			},
			[{ name: 'К Анжелике', contactId: 40_000_001 }],
		);
		const created = await lead(run.items('amoCRM')[0].id as number);
		expect(created).toMatchObject({
			pipeline_id: 7_100_001,
			contacts: [{ id: 40_000_001, is_main: true }],
		});
		const none = await runAmo(world, {
			resource: 'lead',
			operation: 'create',
			name: 'Без контакта',
			contactMode: 'none',
		});
		expect((await lead(none.items('amoCRM')[0].id as number)).contacts).toEqual([]);
	});

	test('gets leads by id (also from a pasted card URL) with contacts; a missing one fails alone', async () => {
		const run = await runAmo(
			world,
			{ resource: 'lead', operation: 'get', leadId: '={{ $json.id }}', simplify: false },
			[
				{ id: 30_000_001 },
				{ id: 'https://salesfunnel.amocrm.ru/leads/detail/30000002' },
				{ id: 39_999_999 },
			],
			{
				onError: 'continueErrorOutput',
			},
		);
		const [ok, failed] = run.outputs('amoCRM');
		expect(ok.map((l) => l.id)).toEqual([30_000_001, 30_000_002]);
		expect((ok[0]._embedded as { contacts: unknown[] }).contacts).toHaveLength(1);
		expect(failed).toEqual([expect.objectContaining({ error: 'No lead 39999999 in amoCRM' })]);
		expect((await log()).filter((l: string) => l.startsWith('GET /api/v4/leads'))).toHaveLength(1);
	});

	test('gets many leads by stage, manager and tag, up to a limit', async () => {
		const run = await runAmo(world, {
			resource: 'lead',
			operation: 'getMany',
			returnAll: true,
			simplify: false,
			filters: {
				stages: [`${WEBINAR}:58200004`, `${WEBINAR}:58200005`],
				responsibleIds: ['1000002', '1000003'],
				tag: 'вебинар',
			},
		});
		const found = run.items('amoCRM');
		const expected = (await world.api.state()).leads.filter(
			(l: {
				pipeline_id: number;
				status_id: number;
				responsible_user_id: number;
				tagIds: number[];
			}) =>
				l.pipeline_id === WEBINAR &&
				[58_200_004, 58_200_005].includes(l.status_id) &&
				[1_000_002, 1_000_003].includes(l.responsible_user_id),
		);
		expect(found.length).toBeGreaterThan(0);
		expect(found.length).toBeLessThanOrEqual(expected.length);
		expect(
			found.every((l) =>
				(l._embedded as { tags: Array<{ name: string }> }).tags.some((t) => t.name === 'вебинар'),
			),
		).toBe(true);
		const limited = await runAmo(world, {
			resource: 'lead',
			operation: 'getMany',
			returnAll: false,
			limit: 7,
		});
		expect(limited.items('amoCRM')).toHaveLength(7);
	});

	test('updates name, price and a custom field', async () => {
		await runAmo(world, {
			resource: 'lead',
			operation: 'update',
			leadId: '30000001',
			updateFields: {
				name: 'Новое имя',
				price: 1500,
				customFields: { field: [{ fieldId: '1200107', value: 'Низкий' }] },
			},
		});
		const updated = await lead(30_000_001);
		expect(updated).toMatchObject({ name: 'Новое имя', price: 1500 });
		expect(updated.custom_fields_values[0]).toMatchObject({
			field_name: 'Приоритет',
			values: [{ value: 'Низкий' }],
		});
	});

	test('moves to a stage by name; a wrong name fails with the valid stages listed', async () => {
		const run = await runAmo(
			world,
			{
				resource: 'lead',
				operation: 'moveToStage',
				leadId: '={{ $json.id }}',
				pipeline: byName('вебинар'),
				stage: '={{ { "__rl": true, "mode": "name", "value": $json.stage } }}',
			},
			[
				{ id: 30_000_001, stage: 'думает(поговорили)' },
				{ id: 30_000_003, stage: 'Думает' },
			],
			{ onError: 'continueErrorOutput' },
		);
		const [moved, failed] = run.outputs('amoCRM');
		expect(moved).toEqual([
			{ id: 30_000_001, stageId: 58_200_005, pipelineId: WEBINAR, stageName: 'Думает(поговорили)' },
		]);
		expect(String(failed[0].error)).toContain(
			'no stage "Думает" in pipeline "Вебинар"; the stages are: Неразобранное, Был на вебинаре более часа',
		);
		expect((await lead(30_000_003)).status_id).toBe(58_200_006);
	});

	test("moves by ids from the list, and closes as won in the lead's own pipeline when no pipeline is given", async () => {
		await runAmo(world, {
			resource: 'lead',
			operation: 'moveToStage',
			leadId: '30000003',
			pipeline: fromList(WEBINAR),
			stage: fromList(58_200_008),
		});
		expect((await lead(30_000_003)).status_id).toBe(58_200_008);
		await runAmo(world, {
			resource: 'lead',
			operation: 'moveToStage',
			leadId: '30000003',
			stage: byName('Успешно реализовано'),
		});
		expect(await lead(30_000_003)).toMatchObject({ status_id: 142, pipeline_id: WEBINAR });
		await runAmo(world, {
			resource: 'lead',
			operation: 'moveToStage',
			leadId: '30000001',
			stage: fromList(`${WEBINAR}:58200003`),
		});
		expect((await lead(30_000_001)).status_id).toBe(58_200_003);
	});

	test('adds and removes tags without wiping the others', async () => {
		await runAmo(world, {
			resource: 'lead',
			operation: 'addTags',
			leadId: '30000001',
			tags: 'КК, Дубль',
		});
		await runAmo(world, {
			resource: 'lead',
			operation: 'removeTags',
			leadId: '30000001',
			tags: 'Дубль',
		});
		const state = await world.api.state();
		const names = (await lead(30_000_001)).tagIds.map(
			(id: number) => state.tags.leads.find((t: { id: number }) => t.id === id).name,
		);
		expect(names).toEqual(['Наталья', 'вебинар', 'КК']);
	});

	test('closes as won, and as lost with a reason given by name', async () => {
		await runAmo(world, { resource: 'lead', operation: 'closeWon', leadId: '30000001' });
		expect(await lead(30_000_001)).toMatchObject({
			status_id: 142,
			pipeline_id: WEBINAR,
			closed_at: expect.any(Number),
		});
		const lost = await runAmo(world, {
			resource: 'lead',
			operation: 'closeLost',
			leadId: '30000003',
			lossReason: byName('не дозвонились более 3-х раз'),
		});
		expect(lost.items('amoCRM')[0]).toEqual({
			id: 30_000_003,
			stageId: 143,
			closed: 'lost',
			lossReasonId: 21_400_005,
		});
		expect(await lead(30_000_003)).toMatchObject({
			status_id: 143,
			pipeline_id: WEBINAR,
			loss_reason_id: 21_400_005,
		});
	});

	test("a loss reason that does not exist fails with the account's reasons listed", async () => {
		const run = await runAmo(
			world,
			{
				resource: 'lead',
				operation: 'closeLost',
				leadId: '30000003',
				lossReason: byName('Передумал'),
			},
			[{}],
			{ onError: 'continueRegularOutput' },
		);
		expect(String(run.items('amoCRM')[0].error)).toContain(
			'no loss reason "Передумал"; the reasons are: Дорого, Пропала потребность',
		);
		expect((await lead(30_000_003)).status_id).not.toBe(143);
	});

	test('assigns a responsible manager by name, email or id', async () => {
		const run = await runAmo(
			world,
			{
				resource: 'lead',
				operation: 'assign',
				leadId: '={{ $json.id }}',
				responsible: '={{ { "__rl": true, "mode": $json.mode, "value": $json.who } }}',
			},
			[
				{ id: 30_000_001, mode: 'name', who: 'Ольга Попова' },
				{ id: 30_000_002, mode: 'name', who: 'anna@salesfunnel.example' },
				{ id: 30_000_003, mode: 'id', who: '1000005' },
			],
		);
		expect(run.items('amoCRM').map((i) => i.responsibleUserId)).toEqual([
			1_000_004, 1_000_006, 1_000_005,
		]);
		expect((await lead(30_000_002)).responsible_user_id).toBe(1_000_006);
	});

	test('an id in By ID mode costs no lookup request', async () => {
		await world.api.control('DELETE', '/requests');
		await runAmo(world, {
			resource: 'lead',
			operation: 'moveToStage',
			leadId: '30000001',
			pipeline: byId(WEBINAR),
			stage: byId(58_200_009),
		});
		expect(await log()).toEqual(['PATCH /api/v4/leads']);
	});
});
