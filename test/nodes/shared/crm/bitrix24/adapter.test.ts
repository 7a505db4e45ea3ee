import { start, type RunningEmulator } from '../../../../emulators/bitrix24';
import { controlCall } from '../../../../emulators/bitrix24/testClient';
import { funnelHarness, withFunnel } from './funnelProbe';
import type { WorkflowHarness } from '../../../../harness/runWorkflow';

let emu: RunningEmulator;
let harness: WorkflowHarness;
beforeAll(async () => {
	emu = await start();
	harness = funnelHarness(emu.webhook);
});
afterAll(() => emu.close());
beforeEach(() => controlCall(emu.url, 'POST', 'reset'));

const requests = async () => (await controlCall(emu.url, 'GET', 'requests')).body.count as number;
const state = () => emu.emulator.state;

describe('Bitrix24 FunnelCrm: reference data', () => {
	test('lists the deal pipelines with their stages in funnel order and the webinar funnel of seed 001', async () => {
		const pipelines = await withFunnel(harness, (crm) => crm.listPipelines());
		expect(pipelines.map((p) => [p.id, p.name, p.isMain])).toEqual([
			['3', 'Вебинар «Больше чем игрушка»', false],
			['1', 'Повторные продажи', false],
			['0', 'Общая', true],
		]);
		const webinar = pipelines[0];
		expect(webinar.stages.slice(0, 3).map((s) => s.name)).toEqual([
			'Проявил активность на вебинаре',
			'Был на вебинаре более часа',
			'Был на вебинаре менее часа',
		]);
		expect(webinar.stages.find((s) => s.name === 'Успешно реализовано')).toMatchObject({
			id: 'C3:WON',
			semantics: 'won',
			pipelineId: '3',
		});
		expect(webinar.stages.at(-1)?.semantics).toBe('lost');
	});

	test('lists the lead statuses as one funnel in lead mode', async () => {
		const [leads] = await withFunnel(harness, (crm) => crm.listPipelines(), { entity: 'lead' });
		expect(leads.stages.filter((s) => s.semantics === 'lost').map((s) => s.name)).toEqual([
			'Некачественный лид',
			'Спам',
			'Тестовый лид',
			'Соискатель',
			'Не дозвонились более 3 раз',
		]);
	});

	test('loss reasons are the failure stages plus the values of the loss-reason list field', async () => {
		const reasons = await withFunnel(harness, (crm) => crm.listLossReasons());
		expect(reasons).toEqual(
			expect.arrayContaining([
				{
					id: 'C3:UC_REASON5',
					name: 'Не дозвонились более 3 раз',
					stageId: 'C3:UC_REASON5',
					pipelineId: '3',
				},
				{ id: 'APOLOGY', name: 'Анализ причины провала', stageId: 'APOLOGY', pipelineId: '0' },
			]),
		);
		const fromField = reasons.filter((r) => !r.stageId);
		expect(fromField.map((r) => r.name)).toContain('Дорого');
		expect(fromField.every((r) => /^\d+$/.test(r.id))).toBe(true);
	});

	test('lists users with their active flag, who sells and who does not', async () => {
		const users = await withFunnel(harness, (crm) => crm.listUsers());
		expect(users).toHaveLength(7);
		expect(users.find((u) => u.id === '6')).toEqual({
			id: '6',
			name: 'Дмитрий Соколов',
			email: 'dmitry@sales-funnel.example',
			active: false,
			isOwner: false,
			isTechnical: false,
			kind: 'employee',
		});
		// The webhook's owner (user 1, the portal's first user): `profile` in the same batch says it is an admin.
		expect(users.find((u) => u.id === '1')).toMatchObject({
			isAdmin: true,
			isOwner: true,
			isTechnical: true,
		});
		expect(users.find((u) => u.id === '7')).toMatchObject({ active: true, kind: 'extranet' });
		expect(users.find((u) => u.id === '2')).toMatchObject({
			isOwner: false,
			isTechnical: false,
			kind: 'employee',
		});
		expect(users.find((u) => u.id === '2')!.isAdmin).toBeUndefined();
	});
});

describe('Bitrix24 FunnelCrm: reference data in one request', () => {
	test('pipelines with their stages, the fields, the users and the profile come in one batch, whichever is asked first', async () => {
		await controlCall(emu.url, 'DELETE', 'requests');
		const read = await withFunnel(harness, async (crm) => {
			const users = await crm.listUsers();
			const pipelines = await crm.listPipelines();
			const context = await crm.parseContext();
			return { users, pipelines, context };
		});
		expect(read.users).toHaveLength(7);
		// `profile` in the same batch says whose webhook this is (the portal's administrator, user 1).
		expect(read.users.find((u) => u.id === '1')).toMatchObject({
			isTechnical: true,
			isAdmin: true,
		});
		expect(read.users.filter((u) => u.isTechnical).map((u) => u.id)).toEqual(['1']);
		expect(read.pipelines.map((p) => p.stages.length)).toEqual([19, 5, 8]);
		expect(read.context.tagsField?.name).toBe('UF_CRM_TAGS');
		const log = (await controlCall(emu.url, 'GET', 'requests')).body.requests;
		expect(log.map((r: { restMethod: string }) => r.restMethod)).toEqual(['batch']);
		await controlCall(emu.url, 'DELETE', 'requests');
		const [leads] = await withFunnel(harness, (crm) => crm.listPipelines(), { entity: 'lead' });
		expect(leads.stages).toHaveLength(9);
		expect(await requests()).toBe(1);
	});

	test('a portal with more funnels than the batch guesses, and more than 50 users, takes one more read for each', async () => {
		for (let i = 0; i < 14; i++) {
			const id = 100 + i;
			state().categories.push({
				id,
				name: `Воронка ${i}`,
				sort: 400 + i,
				entityTypeId: 2,
				isDefault: 'N',
				originId: '',
				originatorId: '',
			});
			state().statuses.push({
				ID: 90_000 + i,
				ENTITY_ID: `DEAL_STAGE_${id}`,
				STATUS_ID: `C${id}:NEW`,
				NAME: `Новая ${i}`,
				NAME_INIT: '',
				SORT: 10,
				SYSTEM: 'Y',
				CATEGORY_ID: id,
				COLOR: '#39A8EF',
				SEMANTICS: null,
				EXTRA_SEMANTICS: 'process',
			});
		}
		const model = state().users[1];
		for (let i = 0; i < 60; i++)
			state().users.push({ ...model, ID: 1000 + i, NAME: `Сотрудник ${i}` });
		await controlCall(emu.url, 'DELETE', 'requests');
		const { pipelines, users } = await withFunnel(harness, async (crm) => ({
			pipelines: await crm.listPipelines(),
			users: await crm.listUsers(),
		}));
		expect(pipelines).toHaveLength(17);
		for (let i = 0; i < 14; i++)
			expect(pipelines.find((p) => p.id === String(100 + i))?.stages.map((s) => s.name)).toEqual([
				`Новая ${i}`,
			]);
		expect(users).toHaveLength(67);
		// The batch, the stages of the funnels past the guess, the users past the first page.
		expect(await requests()).toBe(3);
	});
});

describe('Bitrix24 FunnelCrm: contacts', () => {
	test('finds contacts by E.164 phone whatever format the portal stored, with their deals, open first', async () => {
		const matches = await withFunnel(harness, (crm) =>
			crm.findContacts({ phones: ['+79035550101', '+79035550102', '+79990000000'] }),
		);
		const maria = matches.find((m) => m.key === '+79035550101')!;
		expect(maria).toMatchObject({
			keyType: 'phone',
			entity: 'contact',
			contact: { name: 'Мария Гусева', responsibleUserId: '3', phones: ['+7 903 555-01-01'] },
		});
		expect(maria.deals[0]).toMatchObject({
			pipelineId: '3',
			semantics: 'open',
			responsibleUserId: '3',
			tags: ['Вебинар'],
		});
		const pavel = matches.find((m) => m.key === '+79035550102')!;
		expect(pavel.deals[0]).toMatchObject({ semantics: 'lost', stageId: 'C3:LOSE' });
		expect(matches.some((m) => m.key === '+79990000000')).toBe(false);
	});

	test('finds by e-mail and reports leads as well as contacts', async () => {
		const lead = [...state().entities.LEAD.values()].find(
			(l) => (l.EMAIL as unknown[]).length > 0 && !l.CONTACT_ID,
		)!;
		const email = (lead.EMAIL as Array<{ VALUE: string }>)[0].VALUE;
		const matches = await withFunnel(harness, (crm) =>
			crm.findContacts({ emails: [email.toUpperCase()] }),
		);
		expect(matches.some((m) => m.entity === 'lead' && m.contact.id === String(lead.ID))).toBe(true);
	});

	test('a number typed without the country code is found too: Bitrix24 compares 9161234567 and +79161234567 as different numbers', async () => {
		const national = [...state().entities.CONTACT.values()].find((c) =>
			(c.PHONE as Array<{ VALUE: string }>).some((p) => /^9\d{9}$/.test(p.VALUE)),
		)!;
		const stored = (national.PHONE as Array<{ VALUE: string }>).find((p) =>
			/^9\d{9}$/.test(p.VALUE),
		)!.VALUE;
		const found = await withFunnel(harness, (crm) => crm.findContacts({ phones: [`+7${stored}`] }));
		expect(found.map((m) => m.contact.id)).toContain(String(national.ID));
		const without = await withFunnel(
			harness,
			(crm) => crm.findContacts({ phones: [`+7${stored}`] }),
			{ nationalPhoneLookups: false },
		);
		expect(without.map((m) => m.contact.id)).not.toContain(String(national.ID));
	});

	test('940 lookup values cost two requests: the lookups with the deal fields and the funnel list, then the records found, their deals and the stage lists', async () => {
		const phones = Array.from(
			{ length: 468 },
			(_, i) => `+7999${String(i).padStart(7, '0')}`,
		).concat(['+79035550101', '+79035550103']);
		const before = await requests();
		const { matches, pipelines } = await withFunnel(harness, async (crm) => ({
			matches: await crm.findContacts({ phones }),
			pipelines: await crm.listPipelines(),
		}));
		expect(matches.map((m) => m.contact.name).sort()).toEqual(['Елена Белова', 'Мария Гусева']);
		// The funnels came with the search: naming the deals' stages costs nothing more.
		expect(
			pipelines
				.find((p) => p.id === matches[0].deals[0].pipelineId)
				?.stages.some((s) => s.id === matches[0].deals[0].stageId),
		).toBe(true);
		expect((await requests()) - before).toBe(2);
	});

	test('without the national forms 940 numbers fit the same two requests', async () => {
		const phones = Array.from(
			{ length: 938 },
			(_, i) => `+7999${String(i).padStart(7, '0')}`,
		).concat(['+79035550101', '+79035550103']);
		const before = await requests();
		const matches = await withFunnel(harness, (crm) => crm.findContacts({ phones }), {
			nationalPhoneLookups: false,
		});
		expect(matches).toHaveLength(2);
		expect((await requests()) - before).toBe(2);
	});

	test('1,000 values spill three lookups into a second batch; what those find is read in a third', async () => {
		const phones = Array.from(
			{ length: 998 },
			(_, i) => `+7999${String(i).padStart(7, '0')}`,
		).concat(['+79035550101', '+79035550103']);
		const before = await requests();
		const matches = await withFunnel(harness, (crm) => crm.findContacts({ phones }), {
			nationalPhoneLookups: false,
		});
		expect(matches).toHaveLength(2);
		expect((await requests()) - before).toBe(3);
	});

	test('a search that finds nothing costs its lookups only', async () => {
		const phones = Array.from({ length: 240 }, (_, i) => `+7999${String(i).padStart(7, '0')}`);
		const before = await requests();
		expect(
			await withFunnel(harness, (crm) =>
				crm.findContacts({ phones, emails: ['nobody@nowhere.example'] }),
			),
		).toEqual([]);
		expect((await requests()) - before).toBe(1);
	});

	test('merges duplicate contacts: the first survives; differing names are a conflict', async () => {
		const byPhone = (tail: string) =>
			[...state().entities.CONTACT.values()]
				.filter((c) =>
					(c.PHONE as Array<{ VALUE: string }>).some((p) =>
						p.VALUE.replace(/\D/g, '').endsWith(tail),
					),
				)
				.map((c) => String(c.ID));
		const [keep, drop] = byPhone('5550106');
		const [a, b] = byPhone('5550107');
		const results = await withFunnel(harness, (crm) =>
			crm.mergeContacts!([
				{ keepId: keep, mergeIds: [drop] },
				{ keepId: a, mergeIds: [b] },
			]),
		);
		expect(results).toEqual([
			{ ok: true, value: { status: 'merged' } },
			{ ok: true, value: { status: 'conflict' } },
		]);
		expect(state().entities.CONTACT.has(Number(drop))).toBe(false);
	});
});

describe('Bitrix24 FunnelCrm: deals', () => {
	test('creates deals with a new contact, tags, UTM, a note, in the stage named, and finds them again', async () => {
		const results = await withFunnel(harness, (crm) =>
			crm.createDeals([
				{
					name: 'Анна, вебинар',
					pipelineId: 'Вебинар «Больше чем игрушка»',
					stageId: 'Был на вебинаре более часа',
					responsibleUserId: '2',
					price: 39900,
					tags: ['Вебинар', 'A'],
					contact: { name: 'Анна Смирнова', phone: '+79161112233', email: 'anna@example.ru' },
					note: 'Смотрела 75 минут',
					externalId: 'bizon-1',
					utm: { source: 'vk', campaign: 'toy' },
				},
				{ name: 'Bad stage', stageId: 'Нет такой стадии' },
				{ name: 'Bad tag', tags: ['Несуществующий'] },
			]),
		);
		expect(results[0]).toEqual({
			ok: true,
			value: { dealId: expect.any(String), contactId: expect.any(String) },
		});
		expect(results[1]).toMatchObject({
			ok: false,
			error: {
				code: 'STAGE_NOT_FOUND',
				message: expect.stringContaining('no stage "Нет такой стадии"'),
			},
		});
		expect(results[2]).toMatchObject({ ok: false, error: { code: 'TAG_NOT_FOUND' } });
		const { dealId, contactId } = (results[0] as { value: { dealId: string; contactId: string } })
			.value;
		const deal = state().entities.DEAL.get(Number(dealId))!;
		expect(deal).toMatchObject({
			CATEGORY_ID: 3,
			STAGE_ID: 'C3:UC_MORE60',
			ASSIGNED_BY_ID: 2,
			OPPORTUNITY: 39900,
			CONTACT_IDS: [Number(contactId)],
			ORIGIN_ID: 'bizon-1',
			ORIGINATOR_ID: 'n8n-sales-funnel',
			UTM_SOURCE: 'vk',
			UTM_CAMPAIGN: 'toy',
		});
		expect(
			[...state().comments.values()].some(
				(c) => c.ENTITY_ID === Number(dealId) && c.COMMENT === 'Смотрела 75 минут',
			),
		).toBe(true);
		const got = await withFunnel(harness, (crm) => crm.getDeals([dealId]));
		expect(got.get(dealId)).toMatchObject({
			name: 'Анна, вебинар',
			pipelineId: '3',
			stageId: 'C3:UC_MORE60',
			semantics: 'open',
			contactIds: [contactId],
			price: 39900,
		});
		expect(got.get(dealId)!.tags.sort()).toEqual(['A', 'Вебинар']);
	});

	test('creating missing tags happens only when allowed', async () => {
		const refused = await withFunnel(harness, (crm) =>
			crm.createDeals([{ name: 'X', tags: ['От Антона'] }]),
		);
		expect(refused[0].ok).toBe(false);
		const allowed = await withFunnel(
			harness,
			(crm) => crm.createDeals([{ name: 'X', tags: ['От Антона'] }]),
			{ createMissingTags: true },
		);
		expect(allowed[0].ok).toBe(true);
		const tags = state().userFields.find(
			(f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS',
		)!;
		expect(tags.LIST.map((i) => i.VALUE)).toContain('От Антона');
	});

	test('moves deals by stage name across pipelines in one call each; a lost reason picks the failure stage', async () => {
		const deals = [...state().entities.DEAL.values()]
			.filter((d) => d.CATEGORY_ID === 0 && d.STAGE_SEMANTIC_ID === 'P')
			.slice(0, 2)
			.map((d) => String(d.ID));
		const results = await withFunnel(harness, (crm) =>
			crm.updateDeals([
				{ id: deals[0], pipelineId: '1', stageId: 'Согласование', responsibleUserId: '4' },
				{ id: deals[1], lossReasonId: 'C3:UC_REASON5' },
			]),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect(state().entities.DEAL.get(Number(deals[0]))).toMatchObject({
			CATEGORY_ID: 1,
			STAGE_ID: 'C1:EXECUTING',
			ASSIGNED_BY_ID: 4,
		});
		expect(state().entities.DEAL.get(Number(deals[1]))).toMatchObject({
			CATEGORY_ID: 3,
			STAGE_ID: 'C3:UC_REASON5',
			STAGE_SEMANTIC_ID: 'F',
		});
	});

	test('250 stage moves cost 6 requests: the pipelines with the fields and users (1), then 5 batches of 50 crm.item.update', async () => {
		const deals = [...state().entities.DEAL.values()].slice(0, 100).map((d) => String(d.ID));
		const before = await requests();
		const results = await withFunnel(harness, (crm) =>
			crm.updateDeals(
				Array.from({ length: 250 }, (_, i) => ({
					id: deals[i % deals.length],
					pipelineId: '3',
					stageId: 'Отправлен на повтор вебинара',
				})),
			),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect((await requests()) - before).toBe(6);
		// The fields come along in the pipelines' batch (no request of their own).
		expect(emu.emulator.stats.byMethod['crm.deal.fields']).toBe(1);
		expect(state().entities.DEAL.get(Number(deals[0]))).toMatchObject({
			CATEGORY_ID: 3,
			STAGE_ID: 'C3:UC_REPEAT',
		});
	});

	test("a list-field loss reason sets the field and the deal's own lost stage, which requires it", async () => {
		const deal = [...state().entities.DEAL.values()].find(
			(d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P',
		)!;
		const reasons = await withFunnel(harness, (crm) => crm.listLossReasons());
		const dear = reasons.find((r) => r.name === 'Дорого' && !r.stageId)!;
		const [result] = await withFunnel(harness, (crm) =>
			crm.updateDeals([{ id: String(deal.ID), lossReasonId: dear.id }]),
		);
		expect(result.ok).toBe(true);
		expect(state().entities.DEAL.get(deal.ID as number)).toMatchObject({
			STAGE_ID: 'C3:LOSE',
			UF_CRM_LOSS_REASON: Number(dear.id),
		});
		const got = await withFunnel(harness, (crm) => crm.getDeals([String(deal.ID)]));
		expect(got.get(String(deal.ID))).toMatchObject({ semantics: 'lost', lossReasonId: dear.id });
	});

	test('a deal lost in a custom failure stage has that reason; in the built-in lost stage without the field, none', async () => {
		const webinarOpen = [...state().entities.DEAL.values()]
			.filter((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')
			.slice(0, 2);
		const general = [...state().entities.DEAL.values()].find(
			(d) => d.CATEGORY_ID === 0 && d.STAGE_SEMANTIC_ID === 'P',
		)!;
		const ids = [...webinarOpen, general].map((d) => String(d.ID));
		const results = await withFunnel(harness, (crm) =>
			crm.updateDeals([
				{ id: ids[0], lossReasonId: 'C3:UC_REASON9' },
				{ id: ids[2], stageId: 'LOSE' },
			]),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const deals = await withFunnel(harness, (crm) => crm.getDeals(ids));
		expect(deals.get(ids[0])).toMatchObject({
			semantics: 'lost',
			stageId: 'C3:UC_REASON9',
			lossReasonId: 'C3:UC_REASON9',
		});
		expect(deals.get(ids[2])).toMatchObject({
			semantics: 'lost',
			stageId: 'LOSE',
			lossReasonId: null,
		});
		expect(deals.get(ids[1])).toMatchObject({ semantics: 'open', lossReasonId: null });
	});

	test('tags: add and remove touch only the tags asked for; unchanged deals are not written', async () => {
		const deal = [...state().entities.DEAL.values()].find(
			(d) => (d.UF_CRM_TAGS as number[]).length === 1,
		)!;
		const id = String(deal.ID);
		const before = [...(deal.UF_CRM_TAGS as number[])];
		const added = await withFunnel(harness, (crm) =>
			crm.addTags([
				{ dealId: id, tags: ['КК', 'Дубль'] },
				{ dealId: id, tags: ['A'] },
			]),
		);
		expect(added.every((r) => r.ok)).toBe(true);
		const names = (ids: number[]) =>
			ids.map(
				(v) =>
					state()
						.userFields.find((f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS')!
						.LIST.find((i) => i.ID === v)!.VALUE,
			);
		expect(names(state().entities.DEAL.get(Number(id))!.UF_CRM_TAGS as number[]).sort()).toEqual(
			[...names(before), 'A', 'КК', 'Дубль'].sort(),
		);
		const beforeWrites = emu.emulator.stats.byMethod['crm.deal.update'] ?? 0;
		await withFunnel(harness, (crm) => crm.addTags([{ dealId: id, tags: ['КК'] }]));
		expect(emu.emulator.stats.byMethod['crm.deal.update'] ?? 0).toBe(beforeWrites);
		await withFunnel(harness, (crm) => crm.removeTags([{ dealId: id, tags: ['КК', 'Дубль'] }]));
		expect(names(state().entities.DEAL.get(Number(id))!.UF_CRM_TAGS as number[]).sort()).toEqual(
			[...names(before), 'A'].sort(),
		);
	});

	test('tags: when the portal keeps failing after the tag field was read, every item answers a failure and no deal is written', async () => {
		const deal = [...state().entities.DEAL.values()][0];
		const id = String(deal.ID);
		const before = [...(deal.UF_CRM_TAGS as number[])];
		const answers = await withFunnel(
			harness,
			async (crm) => {
				await crm.addTags([{ dealId: id, tags: ['Вебинар'] }]);
				await controlCall(emu.url, 'POST', 'faults', { seed: 5, error5xxRate: 1 });
				const writes = emu.emulator.stats.byMethod['crm.deal.update'] ?? 0;
				const results = await crm.addTags([
					{ dealId: id, tags: ['Совсем новый тег'] },
					{ dealId: id, tags: ['КК'] },
				]);
				await controlCall(emu.url, 'DELETE', 'faults');
				return { results, writes: (emu.emulator.stats.byMethod['crm.deal.update'] ?? 0) - writes };
			},
			{ createMissingTags: true },
		);
		expect(answers.results.map((r) => r.ok)).toEqual([false, false]);
		expect(answers.writes).toBe(0);
		expect(state().entities.DEAL.get(Number(id))!.UF_CRM_TAGS).toEqual(
			expect.arrayContaining(before),
		);
	}, 120_000);

	test('listDeals pages by ID through open deals of a pipeline', async () => {
		const pages: number[] = [];
		const ids: string[] = [];
		await withFunnel(harness, async (crm) => {
			for await (const page of crm.listDeals({ pipelineIds: ['3'], openOnly: true })) {
				pages.push(page.length);
				ids.push(...page.map((d) => d.id));
			}
		});
		const expected = [...state().entities.DEAL.values()]
			.filter((d) => d.CATEGORY_ID === 3 && d.STAGE_SEMANTIC_ID === 'P')
			.map((d) => String(d.ID));
		expect(ids).toEqual(expected);
	});

	test('lead mode: creates leads holding the person, moves them by status name', async () => {
		const [created] = await withFunnel(
			harness,
			(crm) =>
				crm.createDeals([
					{
						name: 'Заявка с сайта',
						contact: { name: 'Пётр Иванов', phone: '+79165554433' },
						stageId: 'Взят в обработку',
					},
				]),
			{ entity: 'lead' },
		);
		expect(created.ok).toBe(true);
		const id = (created as { value: { dealId: string } }).value.dealId;
		expect(state().entities.LEAD.get(Number(id))).toMatchObject({
			NAME: 'Пётр',
			LAST_NAME: 'Иванов',
			STATUS_ID: 'IN_PROCESS',
			PHONE: [expect.objectContaining({ VALUE: '+79165554433' })],
		});
		const [moved] = await withFunnel(
			harness,
			(crm) => crm.updateDeals([{ id, lossReasonId: 'UC_NOREACH' }]),
			{ entity: 'lead' },
		);
		expect(moved.ok).toBe(true);
		expect(state().entities.LEAD.get(Number(id))).toMatchObject({
			STATUS_ID: 'UC_NOREACH',
			STATUS_SEMANTIC_ID: 'F',
		});
	});

	test('lead mode: a lead found by phone is its own deal, with its status, responsible and tags', async () => {
		const [created] = await withFunnel(
			harness,
			(crm) =>
				crm.createDeals([
					{
						name: 'Повторный',
						contact: { name: 'Ольга Лидова', phone: '8 (916) 555-77-66' },
						tags: ['Вебинар'],
						responsibleUserId: '4',
					},
				]),
			{ entity: 'lead' },
		);
		const id = (created as { value: { dealId: string } }).value.dealId;
		const matches = await withFunnel(
			harness,
			(crm) => crm.findContacts({ phones: ['+79165557766'] }),
			{ entity: 'lead' },
		);
		expect(matches).toEqual([
			expect.objectContaining({
				entity: 'lead',
				keyType: 'phone',
				contact: expect.objectContaining({ id, name: 'Ольга Лидова' }),
				deals: [
					expect.objectContaining({
						id,
						pipelineId: 'LEAD',
						semantics: 'open',
						responsibleUserId: '4',
						tags: ['Вебинар'],
					}),
				],
			}),
		]);
	});
});

describe('Bitrix24 FunnelCrm under faults', () => {
	test('200 deals with new contacts, tags and notes under 5% 5xx (half after the write): each made once', async () => {
		await controlCall(emu.url, 'POST', 'faults', {
			seed: 21,
			error5xxRate: 0.05,
			applyBeforeFailRate: 0.5,
			partialBatchFailureRate: 0.03,
			burst429: 2,
		});
		const items = Array.from({ length: 200 }, (_, i) => ({
			name: `Faulty deal ${i}`,
			pipelineId: '3',
			stageId: 'Был на вебинаре менее часа',
			tags: ['Вебинар'],
			contact: { name: `Клиент ${i}`, phone: `+7918${String(i).padStart(7, '0')}` },
			note: `Смотрел ${i} минут`,
		}));
		const results = await withFunnel(harness, (crm) => crm.createDeals(items));
		expect(results.filter((r) => !r.ok)).toEqual([]);
		const made = [...state().entities.DEAL.values()].filter((d) =>
			String(d.TITLE).startsWith('Faulty deal '),
		);
		expect(made).toHaveLength(200);
		const contacts = [...state().entities.CONTACT.values()].filter((c) =>
			(c.PHONE as Array<{ VALUE: string }>).some((p) => p.VALUE.startsWith('+7918')),
		);
		expect(contacts).toHaveLength(200);
		const notes = [...state().comments.values()].filter((c) =>
			/^Смотрел \d+ минут$/.test(c.COMMENT),
		);
		expect(notes).toHaveLength(200);
		results.forEach((r, i) => {
			const { dealId, contactId } = (r as { value: { dealId: string; contactId: string } }).value;
			expect(state().entities.DEAL.get(Number(dealId))).toMatchObject({
				TITLE: `Faulty deal ${i}`,
				CONTACT_IDS: [Number(contactId)],
				STAGE_ID: 'C3:UC_LESS60',
			});
		});
	}, 120_000);
});

describe('Bitrix24 FunnelCrm: tasks, calls, notes', () => {
	test('creates to-dos and reads them back; completed calls are history, not tasks', async () => {
		const deal = [...state().entities.DEAL.values()].find((d) => d.STAGE_SEMANTIC_ID === 'P')!;
		const due = '2031-05-06T07:00:00.000Z';
		const [task] = await withFunnel(harness, (crm) =>
			crm.createTasks([
				{
					dealId: String(deal.ID),
					text: 'Перезвонить после обеда',
					dueAt: due,
					responsibleUserId: '2',
					kind: 'call',
				},
			]),
		);
		expect(task.ok).toBe(true);
		const tasks = await withFunnel(harness, (crm) => crm.listTasks({ dealIds: [String(deal.ID)] }));
		expect(
			tasks.find((t) => t.id === (task as { value: { taskId: string } }).value.taskId),
		).toMatchObject({
			dueAt: due,
			responsibleUserId: '2',
			completed: false,
			text: expect.stringContaining('Перезвонить после обеда'),
		});
	});

	test('call history per deal, oldest first, with outcomes from talk time', async () => {
		const calls = [...state().activities.values()].filter(
			(a) => a.TYPE_ID === 2 && a.OWNER_TYPE_ID === 2,
		);
		const dealId = String(calls[0].OWNER_ID);
		const history = await withFunnel(harness, (crm) => crm.listCalls([dealId, '999999']));
		const mine = history.get(dealId)!;
		expect(mine.length).toBe(calls.filter((c) => String(c.OWNER_ID) === dealId).length);
		expect(
			mine.every(
				(c) => c.direction === 'outbound' && ['answered', 'no_answer'].includes(c.outcome),
			),
		).toBe(true);
		expect(mine.map((c) => c.at)).toEqual([...mine.map((c) => c.at)].sort());
		expect(history.get('999999')).toEqual([]);
	});

	test('a deal with more calls than a page holds: every call, page after page by ID, and no counted list', async () => {
		const deals = [...state().entities.DEAL.values()].slice(0, 2).map((d) => d.ID as number);
		await withFunnel(harness, async (crm) => {
			const runner = await (
				crm as unknown as {
					commandRunner(): Promise<{ run(c: unknown[]): Promise<Array<{ ok: boolean }>> }>;
				}
			).commandRunner();
			const call = (owner: number, i: number) => ({
				method: 'crm.activity.add',
				params: {
					fields: {
						OWNER_TYPE_ID: 2,
						OWNER_ID: owner,
						TYPE_ID: 2,
						SUBJECT: `Звонок ${i}`,
						RESPONSIBLE_ID: 2,
						COMPLETED: 'Y',
						DIRECTION: 2,
						START_TIME: new Date(Date.UTC(2026, 0, 1, 9, i)).toISOString(),
						COMMUNICATIONS: [{ VALUE: '+79161234567', ENTITY_ID: 0, ENTITY_TYPE_ID: 3 }],
					},
				},
			});
			const answers = await runner.run(
				deals.flatMap((owner) => Array.from({ length: 70 }, (_, i) => call(owner, i))),
			);
			expect(answers.every((a) => a.ok)).toBe(true);
		});
		const expected = deals.map(
			(id) =>
				[...state().activities.values()].filter(
					(a) => a.OWNER_ID === id && a.TYPE_ID === 2 && a.COMPLETED === 'Y',
				).length,
		);
		const before = await requests();
		const history = await withFunnel(harness, (crm) => crm.listCalls(deals.map(String)));
		expect(deals.map((id) => history.get(String(id))!.length)).toEqual(expected);
		const total = expected.reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThan(100);
		// One command of 50 rows a request for this one chunk of owners, until a page comes back short.
		expect(await requests()).toBe(before + Math.floor(total / 50) + 1);
		expect(emu.emulator.stats.countedLists['crm.activity.list']).toBeUndefined();
	});

	test('the calls of 180 deals: 4 chunks of owners in one request, the chunks with more read on, every call once', async () => {
		const deals = [...state().entities.DEAL.values()].map((d) => d.ID as number).slice(0, 180);
		expect(deals).toHaveLength(180);
		// Two chunks with more than a page: deals 3 and 130 get 60 more calls each.
		await withFunnel(harness, async (crm) => {
			const runner = await (
				crm as unknown as {
					commandRunner(): Promise<{ run(c: unknown[]): Promise<Array<{ ok: boolean }>> }>;
				}
			).commandRunner();
			const call = (owner: number, i: number) => ({
				method: 'crm.activity.add',
				params: {
					fields: {
						OWNER_TYPE_ID: 2,
						OWNER_ID: owner,
						TYPE_ID: 2,
						SUBJECT: `Звонок ${i}`,
						RESPONSIBLE_ID: 2,
						COMPLETED: 'Y',
						DIRECTION: 2,
						START_TIME: new Date(Date.UTC(2026, 0, 2, 9, i)).toISOString(),
						COMMUNICATIONS: [{ VALUE: '+79161234567', ENTITY_ID: 0, ENTITY_TYPE_ID: 3 }],
					},
				},
			});
			const answers = await runner.run(
				[deals[3], deals[130]].flatMap((owner) =>
					Array.from({ length: 60 }, (_, i) => call(owner, i)),
				),
			);
			expect(answers.every((a) => a.ok)).toBe(true);
		});
		const made = (id: number) =>
			[...state().activities.values()]
				.filter(
					(a) =>
						a.OWNER_TYPE_ID === 2 && a.OWNER_ID === id && a.TYPE_ID === 2 && a.COMPLETED === 'Y',
				)
				.map((a) => a.ID)
				.sort((a, b) => a - b);
		const byChunk = [0, 1, 2, 3].map((c) =>
			deals.slice(c * 50, c * 50 + 50).reduce((n, id) => n + made(id).length, 0),
		);
		expect(byChunk[0]).toBeGreaterThan(50);
		expect(byChunk[2]).toBeGreaterThan(50);
		await controlCall(emu.url, 'DELETE', 'requests');
		const history = await withFunnel(harness, (crm) => crm.listCalls(deals.map(String)));
		for (const id of deals)
			expect([...history.get(String(id))!.map((c) => Number(c.id))].sort((a, b) => a - b)).toEqual(
				made(id),
			);
		expect(emu.emulator.stats.countedLists['crm.activity.list']).toBeUndefined();
		// Each chunk's pages follow one another, the pages of all chunks share requests: one command per chunk that
		// still goes on, as many requests as the deepest chunk has pages.
		const deepest = Math.max(...byChunk.map((n) => Math.floor(n / 50) + 1));
		const log = (await controlCall(emu.url, 'GET', 'requests')).body.requests as Array<{
			restMethod: string;
			batchCommands?: number;
		}>;
		const rounds = Array.from(
			{ length: deepest },
			(_, round) => byChunk.filter((n) => Math.floor(n / 50) + 1 > round).length,
		);
		expect(log.map((r) => r.batchCommands)).toEqual(rounds);
		expect(rounds[0]).toBe(4);
	});

	test('a planned call (a call activity not completed) is not a call made', async () => {
		const deal = [...state().entities.DEAL.values()].find((d) => d.STAGE_SEMANTIC_ID === 'P')!;
		const made = [...state().activities.values()].filter(
			(a) => a.TYPE_ID === 2 && a.OWNER_ID === deal.ID && a.COMPLETED === 'Y',
		).length;
		await withFunnel(harness, async (crm) => {
			const runner = await (
				crm as unknown as {
					commandRunner(): Promise<{ run(c: unknown[]): Promise<Array<{ ok: boolean }>> }>;
				}
			).commandRunner();
			const [answer] = await runner.run([
				{
					method: 'crm.activity.add',
					params: {
						fields: {
							OWNER_TYPE_ID: 2,
							OWNER_ID: deal.ID,
							TYPE_ID: 2,
							SUBJECT: 'Позвонить завтра',
							RESPONSIBLE_ID: 2,
							COMPLETED: 'N',
							DIRECTION: 2,
							START_TIME: '2031-05-06T10:00:00+03:00',
							COMMUNICATIONS: [{ VALUE: '+79161234567', ENTITY_ID: 0, ENTITY_TYPE_ID: 3 }],
						},
					},
				},
			]);
			expect(answer.ok).toBe(true);
		});
		const history = await withFunnel(harness, (crm) => crm.listCalls([String(deal.ID)]));
		expect(history.get(String(deal.ID))).toHaveLength(made);
		const tasks = await withFunnel(harness, (crm) =>
			crm.listTasks({ dealIds: [String(deal.ID)], completed: false }),
		);
		expect(tasks.map((t) => t.text)).toContain('Позвонить завтра');
	});

	test('a call-back to-do keeps its own words when they already say "call"', async () => {
		const deal = [...state().entities.DEAL.values()].find((d) => d.STAGE_SEMANTIC_ID === 'P')!;
		const [task] = await withFunnel(harness, (crm) =>
			crm.createTasks([
				{
					dealId: String(deal.ID),
					text: 'Перезвонить клиенту (попытка 2 из 3)',
					dueAt: '2031-05-06T07:00:00.000Z',
					kind: 'call',
				},
			]),
		);
		const stored = state().activities.get(
			Number((task as { value: { taskId: string } }).value.taskId),
		)!;
		expect(stored.SUBJECT).toBe('Перезвонить клиенту (попытка 2 из 3)');
	});

	test('overdue open tasks are visible to the audit', async () => {
		const tasks = await withFunnel(harness, (crm) => crm.listTasks({ completed: false }));
		expect(tasks.some((t) => Date.parse(t.dueAt) < Date.now())).toBe(true);
		expect(tasks.every((t) => !t.completed)).toBe(true);
	});

	test('notes land in the timeline', async () => {
		const [note] = await withFunnel(harness, (crm) =>
			crm.addNotes([{ dealId: '1', text: 'Клиент просил перезвонить' }]),
		);
		expect(note).toEqual({ ok: true, value: { noteId: expect.any(String) } });
	});
});
