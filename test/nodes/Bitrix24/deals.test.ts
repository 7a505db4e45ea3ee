import { controlCall } from '../../emulators/bitrix24/testClient';
import { runBitrix24 } from './nodeHarness';
import { requestCount, testPortal } from './portal';

const portal = testPortal();

const deals = () => [...portal.emu.emulator.state.entities.DEAL.values()];
const deal = (id: unknown) => portal.emu.emulator.state.entities.DEAL.get(Number(id))!;
const category = (id: string) => ({ __rl: true, mode: 'list', value: id });

describe('Bitrix24 node: deals', () => {
	test('creates a deal in a pipeline at a stage chosen by name, linked to a contact, with tags', async () => {
		const contactId = String([...portal.emu.emulator.state.entities.CONTACT.keys()][0]);
		const { out } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'create',
			title: 'ang5350@yandex.ru, Анжелика',
			category: category('3'),
			stage: 'Был на вебинаре более часа',
			contactId,
			responsible: { __rl: true, mode: 'list', value: '2' },
			tags: ['Вебинар', 'Наталья'],
			additionalFields: {
				opportunity: 39900,
				customFields: { field: [{ name: 'UF_CRM_WEBINAR_MINUTES', value: '75' }] },
			},
		});
		expect(deal(out[0].id)).toMatchObject({
			CATEGORY_ID: 3,
			STAGE_ID: 'C3:UC_MORE60',
			CONTACT_IDS: [Number(contactId)],
			ASSIGNED_BY_ID: 2,
			OPPORTUNITY: 39900,
			UF_CRM_WEBINAR_MINUTES: 75,
		});
	});

	test('creates 60 deals each with a new contact: 3 requests (contact and deal paired, 25 pairs a batch), every deal linked to its own contact', async () => {
		const people = Array.from({ length: 60 }, (_, i) => ({
			name: `Участник ${i}`,
			phone: `8 (916) 700-${String(1000 + i).slice(1)}`.replace(/(\d{3})$/, '$1-0'),
			email: `viewer${i}@example.ru`,
		}));
		const before = await requestCount(portal);
		const calls = () => ({ ...portal.emu.emulator.stats.byMethod });
		const callsBefore = calls();
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'deal',
				operation: 'create',
				title: '={{ "Вебинар: " + $json.name }}',
				category: category('3'),
				stage: 'Был на вебинаре более часа',
				contactMode: 'new',
				contactName: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				additionalFields: { externalId: '={{ "webinar-" + $json.email }}' },
			},
			people,
		);
		// The run's own reads (fields, funnels) plus three batches of 50, 50 and 20 commands.
		expect((await requestCount(portal)) - before).toBeLessThanOrEqual(3 + 2);
		const made = (method: string) => (calls()[method] ?? 0) - (callsBefore[method] ?? 0);
		expect([made('crm.contact.add'), made('crm.deal.add'), made('crm.deal.update')]).toEqual([
			60, 60, 0,
		]);
		expect(out).toHaveLength(60);
		const contacts = portal.emu.emulator.state.entities.CONTACT;
		for (const [i, item] of out.entries()) {
			const created = deal(item.id);
			expect(created).toMatchObject({
				TITLE: `Вебинар: Участник ${i}`,
				CATEGORY_ID: 3,
				STAGE_ID: 'C3:UC_MORE60',
				ORIGIN_ID: `webinar-viewer${i}@example.ru`,
			});
			expect(created.CONTACT_IDS).toEqual([Number(item.contactId)]);
			expect(contacts.get(Number(item.contactId))).toMatchObject({
				NAME: `Участник ${i}`,
				ORIGIN_ID: `webinar-viewer${i}@example.ru:contact`,
			});
		}
		expect(new Set(out.map((o) => o.contactId)).size).toBe(60);
	});

	test("a new contact with neither name, phone nor email is that item's error; the others are made", async () => {
		const { result } = await runBitrix24(
			portal.harness,
			{
				resource: 'deal',
				operation: 'create',
				title: 'Сделка',
				contactMode: 'new',
				contactName: '={{ $json.name }}',
				phone: '',
				email: '',
				options: {},
				additionalFields: {},
			},
			[{ name: 'Олег' }, { name: '' }],
			{ onError: 'continueRegularOutput' },
		);
		const items = result.items('Bitrix24', 0);
		expect(items).toHaveLength(2);
		expect(items[0].contactId).toBeDefined();
		expect(JSON.stringify(items[1])).toContain('no name, phone or email');
	});

	test('moves deals by stage name into other pipelines in one crm.item.update each; 1,000 moves ≤ 25 requests', async () => {
		const open = deals()
			.filter((d) => d.STAGE_SEMANTIC_ID === 'P')
			.slice(0, 100)
			.map((d) => String(d.ID));
		const items = Array.from({ length: 1000 }, (_, i) => ({ id: open[i % open.length] }));
		const before = await requestCount(portal);
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'deal',
				operation: 'moveToStage',
				id: '={{ $json.id }}',
				category: category('1'),
				stage: 'Согласование',
			},
			items,
		);
		expect((await requestCount(portal)) - before).toBeLessThanOrEqual(25);
		expect(out[0]).toEqual({
			id: open[0],
			stageId: 'C1:EXECUTING',
			stageName: 'Согласование',
			pipelineId: '1',
		});
		expect(
			open.every((id) => deal(id).CATEGORY_ID === 1 && deal(id).STAGE_ID === 'C1:EXECUTING'),
		).toBe(true);
		expect(portal.emu.emulator.stats.byMethod['crm.item.update']).toBe(1000);
		expect((await controlCall(portal.emu.url, 'GET', 'stats')).body.rateLimited).toBe(0);
	});

	test('a stage name in several pipelines is taken from the default pipeline', async () => {
		const id = String(deals()[0].ID);
		const { result } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'moveToStage',
			id,
			stage: 'Сделка успешна',
		});
		// «Сделка успешна» is in the default and the repeat pipelines: the default one is taken
		expect(result.status).toBe('success');
		expect(deal(id).STAGE_ID).toBe('WON');
	});

	test('close lost with a failure stage as the reason, and a comment in the timeline', async () => {
		const target = deals().find((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')!;
		const { out } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'closeLost',
			id: String(target.ID),
			reason: 'Не дозвонились более 3 раз',
			comment: 'Три недозвона',
		});
		expect(out).toEqual([
			{
				id: String(target.ID),
				lost: true,
				reasonId: 'C3:UC_REASON5',
				reason: 'Не дозвонились более 3 раз',
			},
		]);
		expect(deal(target.ID)).toMatchObject({
			STAGE_ID: 'C3:UC_REASON5',
			STAGE_SEMANTIC_ID: 'F',
			CLOSED: 'Y',
		});
		expect(
			[...portal.emu.emulator.state.comments.values()].some(
				(c) => c.ENTITY_ID === target.ID && c.COMMENT === 'Три недозвона',
			),
		).toBe(true);
	});

	test("close lost with a reason name that several pipelines share reads the deal's own pipeline", async () => {
		const repeat = deals().find((d) => d.CATEGORY_ID === 1 && d.STAGE_SEMANTIC_ID === 'P')!;
		const general = deals().find((d) => d.CATEGORY_ID === 0 && d.STAGE_SEMANTIC_ID === 'P')!;
		await runBitrix24(
			portal.harness,
			{
				resource: 'deal',
				operation: 'closeLost',
				id: '={{ $json.id }}',
				reason: 'Сделка провалена',
			},
			[{ id: String(repeat.ID) }, { id: String(general.ID) }],
		);
		expect(deal(repeat.ID)).toMatchObject({ CATEGORY_ID: 1, STAGE_ID: 'C1:LOSE' });
		expect(deal(general.ID)).toMatchObject({ CATEGORY_ID: 0, STAGE_ID: 'LOSE' });
	});

	test("close lost with a list-field reason fills the required field and uses the pipeline's lost stage", async () => {
		const target = deals().find((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')!;
		const reasonId = String(
			portal.emu.emulator.state.userFields
				.find((f) => f.FIELD_NAME === 'UF_CRM_LOSS_REASON')!
				.LIST.find((i) => i.VALUE === 'Без причины')!.ID,
		);
		const { out } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'closeLost',
			id: String(target.ID),
			category: category('3'),
			reason: reasonId,
		});
		expect(out[0]).toMatchObject({ lost: true, reason: 'Без причины' });
		expect(deal(target.ID)).toMatchObject({
			STAGE_ID: 'C3:LOSE',
			UF_CRM_LOSS_REASON: Number(reasonId),
		});
	});

	test('close won reads the pipeline and takes its success stage', async () => {
		const target = deals().find((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')!;
		await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'closeWon',
			id: String(target.ID),
		});
		expect(deal(target.ID)).toMatchObject({ STAGE_ID: 'C3:WON', STAGE_SEMANTIC_ID: 'S' });
	});

	test('get many: open deals of a pipeline; tags; update; delete', async () => {
		const { out } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'getMany',
			returnAll: true,
			filters: { categoryId: '3', openOnly: true },
		});
		expect(out.map((d) => d.ID)).toEqual(
			deals()
				.filter((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')
				.map((d) => String(d.ID)),
		);
		const id = String(out[0].ID);
		await runBitrix24(portal.harness, { resource: 'deal', operation: 'addTags', id, tags: ['КК'] });
		await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'update',
			id,
			updateFields: { title: 'Переименована', opportunity: 1000 },
		});
		expect(deal(id)).toMatchObject({ TITLE: 'Переименована', OPPORTUNITY: 1000 });
		await runBitrix24(portal.harness, { resource: 'deal', operation: 'delete', id });
		expect(portal.emu.emulator.state.entities.DEAL.has(Number(id))).toBe(false);
	});

	test('tags need a known value unless creating missing tags is allowed', async () => {
		const id = String(deals()[0].ID);
		const refused = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'addTags',
			id,
			tags: '=От Антона',
		});
		expect(refused.result.status).toBe('error');
		expect(refused.result.error?.message).toContain('No tag "От Антона"');
		await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'addTags',
			id,
			tags: '=От Антона',
			options: { createMissingTags: true },
		});
		const field = portal.emu.emulator.state.userFields.find(
			(f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS',
		)!;
		const tagId = field.LIST.find((i) => i.VALUE === 'От Антона')!.ID;
		expect(deal(id).UF_CRM_TAGS).toContain(tagId);
	});

	test("crm.item.update refusals (a required field) come back with the CRM's message and advice", async () => {
		const target = deals().find((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')!;
		const { result } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'moveToStage',
			id: String(target.ID),
			stage: 'C3:LOSE',
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Bitrix24: crm.item.update: The field "Причина отказа" is required.',
		);
		expect(result.error?.description).toContain('fill it');
	});

	test('get, assign and remove tags on deals', async () => {
		const target = deals().find((d) => (d.UF_CRM_TAGS as number[]).length > 0)!;
		const id = String(target.ID);
		const got = await runBitrix24(portal.harness, { resource: 'deal', operation: 'get', id });
		expect(got.out[0]).toMatchObject({
			ID: id,
			CATEGORY_ID: String(target.CATEGORY_ID),
			STAGE_ID: target.STAGE_ID,
		});
		await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'assign',
			id,
			responsible: { __rl: true, mode: 'list', value: '5' },
		});
		expect(deal(id).ASSIGNED_BY_ID).toBe(5);
		const field = portal.emu.emulator.state.userFields.find(
			(f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS',
		)!;
		const first = field.LIST.find((i) => i.ID === (target.UF_CRM_TAGS as number[])[0])!.VALUE;
		const { out } = await runBitrix24(portal.harness, {
			resource: 'deal',
			operation: 'removeTags',
			id,
			tags: [first],
		});
		expect(out).toEqual([{ id, removed: [first] }]);
		expect(deal(id).UF_CRM_TAGS).not.toContain(field.LIST.find((i) => i.VALUE === first)!.ID);
	});
});
