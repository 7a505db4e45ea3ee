import { controlCall } from '../../emulators/bitrix24/testClient';
import { runBitrix24 } from './nodeHarness';
import { requestCount, testPortal } from './portal';

const portal = testPortal();

const leads = () => [...portal.emu.emulator.state.entities.LEAD.values()];

describe('Bitrix24 node: leads', () => {
	test('creates leads from form items: phone stored in E.164, status by name, tags, source, UTM', async () => {
		const { out, result } = await runBitrix24(
			portal.harness,
			{
				resource: 'lead',
				operation: 'create',
				title: '={{ "Заявка: " + $json.name }}',
				name: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				stage: 'Взят в обработку',
				responsible: { __rl: true, mode: 'id', value: '2' },
				tags: '={{ $json.tags }}',
				additionalFields: {
					sourceId: 'WEB',
					utmSource: '={{ $json.utm }}',
					externalId: '={{ $json.tranid }}',
				},
			},
			[
				{
					name: 'Анжелика',
					phone: '8 (916) 123-45-67',
					email: 'ang5350@yandex.ru',
					tags: 'A, Вебинар',
					utm: 'vk',
					tranid: 'tilda-1',
				},
				{
					name: 'Иван',
					phone: '+7 903 111 22 33',
					email: '',
					tags: [],
					utm: '',
					tranid: 'tilda-2',
				},
			],
		);
		expect(result.status).toBe('success');
		expect(out).toEqual([
			{
				id: expect.any(String),
				entity: 'lead',
				url: expect.stringMatching(/\/crm\/lead\/details\/\d+\/$/),
				externalId: 'tilda-1',
			},
			{ id: expect.any(String), entity: 'lead', url: expect.any(String), externalId: 'tilda-2' },
		]);
		const first = portal.emu.emulator.state.entities.LEAD.get(Number(out[0].id))!;
		expect(first).toMatchObject({
			TITLE: 'Заявка: Анжелика',
			NAME: 'Анжелика',
			STATUS_ID: 'IN_PROCESS',
			ASSIGNED_BY_ID: 2,
			SOURCE_ID: 'WEB',
			UTM_SOURCE: 'vk',
			ORIGIN_ID: 'tilda-1',
		});
		expect((first.PHONE as Array<{ VALUE: string }>)[0].VALUE).toBe('+79161234567');
		expect((first.UF_CRM_TAGS as number[]).length).toBe(2);
	});

	test('1,000 leads created in at most 25 requests, none rate-limited, exactly as asked', async () => {
		const items = Array.from({ length: 1000 }, (_, i) => ({
			name: `Клиент ${i}`,
			phone: `+7916${String(i).padStart(7, '0')}`,
		}));
		const before = await requestCount(portal);
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'lead',
				operation: 'create',
				title: '={{ "Bulk " + $json.name }}',
				name: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				stage: 'Не обработан',
				tags: ['A'],
			},
			items,
		);
		const used = (await requestCount(portal)) - before;
		expect(out).toHaveLength(1000);
		expect(used).toBeLessThanOrEqual(25);
		const stats = (await controlCall(portal.emu.url, 'GET', 'stats')).body;
		expect(stats.rateLimited).toBe(0);
		const made = leads().filter((l) => String(l.TITLE).startsWith('Bulk '));
		expect(made).toHaveLength(1000);
		expect(new Set(made.map((l) => (l.PHONE as Array<{ VALUE: string }>)[0].VALUE)).size).toBe(
			1000,
		);
		expect(made.every((l) => l.STATUS_ID === 'NEW')).toBe(true);
	});

	test('1,000 leads under 503 bursts, 5% 5xx and 8% dropped connections (half after the write): nothing lost, nothing doubled', async () => {
		await controlCall(portal.emu.url, 'POST', 'faults', {
			seed: 5,
			burst429: 3,
			error5xxRate: 0.05,
			resetRate: 0.08,
			applyBeforeFailRate: 0.5,
			partialBatchFailureRate: 0.03,
		});
		const items = Array.from({ length: 1000 }, (_, i) => ({ n: i }));
		const { out, result } = await runBitrix24(
			portal.harness,
			{
				resource: 'lead',
				operation: 'create',
				title: '={{ "Faulty " + $json.n }}',
				phone: '={{ "+7917" + String($json.n).padStart(7, "0") }}',
			},
			items,
		);
		expect(result.status).toBe('success');
		expect(out).toHaveLength(1000);
		const made = leads().filter((l) => String(l.TITLE).startsWith('Faulty '));
		expect(made).toHaveLength(1000);
		expect(new Set(made.map((l) => l.TITLE)).size).toBe(1000);
		// each output item names the lead made for its input item
		out.forEach((o, i) =>
			expect(portal.emu.emulator.state.entities.LEAD.get(Number(o.id))?.TITLE).toBe(`Faulty ${i}`),
		);
		const log = (await controlCall(portal.emu.url, 'GET', 'requests')).body.requests as Array<{
			fault?: string;
			status: number;
		}>;
		const faults = log.map((r) => r.fault).filter(Boolean);
		expect(faults).toEqual(expect.arrayContaining(['burst', '5xx', 'reset']));
	}, 120_000);

	test('1,000 status moves by name in at most 25 requests', async () => {
		const ids = leads()
			.slice(0, 200)
			.map((l) => String(l.ID));
		const items = Array.from({ length: 1000 }, (_, i) => ({
			id: ids[i % ids.length],
			stage: i % 2 ? 'Квалифицирован' : 'Взят в обработку',
		}));
		const before = await requestCount(portal);
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'lead',
				operation: 'moveToStage',
				id: '={{ $json.id }}',
				stage: '={{ $json.stage }}',
			},
			items,
		);
		expect((await requestCount(portal)) - before).toBeLessThanOrEqual(25);
		expect(out[1]).toEqual({ id: ids[1], stageId: 'PROCESSED', stageName: 'Квалифицирован' });
		// The last move of each lead wins, as the items were in that order.
		expect(portal.emu.emulator.state.entities.LEAD.get(Number(ids[1]))!.STATUS_ID).toBe(
			'PROCESSED',
		);
		expect(portal.emu.emulator.state.entities.LEAD.get(Number(ids[0]))!.STATUS_ID).toBe(
			'IN_PROCESS',
		);
		expect((await controlCall(portal.emu.url, 'GET', 'stats')).body.rateLimited).toBe(0);
	});

	test('closes a lead as lost with a junk status and the reason text in the status details', async () => {
		const id = String(leads()[0].ID);
		const { out } = await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'closeLost',
			id,
			reason: 'Спам',
			comment: 'Реклама курсов',
		});
		expect(out).toEqual([{ id, lost: true, reasonId: 'UC_SPAM', reason: 'Спам' }]);
		expect(portal.emu.emulator.state.entities.LEAD.get(Number(id))).toMatchObject({
			STATUS_ID: 'UC_SPAM',
			STATUS_SEMANTIC_ID: 'F',
			STATUS_DESCRIPTION: 'Реклама курсов',
		});
	});

	test('an unknown status stops the node with a message naming the statuses, unless Continue On Fail', async () => {
		const id = String(leads()[0].ID);
		const failed = await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'moveToStage',
			id,
			stage: 'Думает',
		});
		expect(failed.result.status).toBe('error');
		expect(failed.result.error?.message).toContain('no stage "Думает"');
		const kept = await runBitrix24(
			portal.harness,
			{
				resource: 'lead',
				operation: 'moveToStage',
				id: '={{ $json.id }}',
				stage: '={{ $json.stage }}',
			},
			[
				{ id, stage: 'Думает' },
				{ id, stage: 'Квалифицирован' },
			],
			{ onError: 'continueRegularOutput' },
		);
		expect(kept.out).toHaveLength(2);
		expect(kept.out[0].error).toContain('no stage "Думает"');
		expect(kept.out[1]).toMatchObject({ stageId: 'PROCESSED' });
		expect(kept.raw.map((r) => r.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test("gets leads by id, with the API's error for one that does not exist", async () => {
		const id = String(leads()[3].ID);
		const { out } = await runBitrix24(
			portal.harness,
			{ resource: 'lead', operation: 'get', id: '={{ $json.id }}' },
			[{ id }, { id: '999999' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(out[0]).toMatchObject({ ID: id, TITLE: expect.any(String) });
		expect(out[1].error).toBe('Bitrix24: crm.lead.get: Not found');
	});

	test('get many: returns all leads of a status by ID paging, or up to a limit', async () => {
		const all = await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'getMany',
			returnAll: true,
			filters: { stages: ['NEW'] },
		});
		const expected = leads()
			.filter((l) => l.STATUS_ID === 'NEW')
			.map((l) => String(l.ID));
		expect(all.out.map((l) => l.ID)).toEqual(expected);
		const some = await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'getMany',
			returnAll: false,
			limit: 3,
			select: ['TITLE'],
		});
		expect(some.out).toHaveLength(3);
		expect(Object.keys(some.out[0]).sort()).toEqual(['ID', 'TITLE']);
	});

	test('update adds a phone without touching the others; assign and delete', async () => {
		const lead = leads().find((l) => (l.PHONE as unknown[]).length === 1)!;
		const id = String(lead.ID);
		await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'update',
			id,
			updateFields: { addPhone: '8 999 000-11-22', comments: 'Второй номер' },
		});
		expect(
			(
				portal.emu.emulator.state.entities.LEAD.get(Number(id))!.PHONE as Array<{ VALUE: string }>
			).map((p) => p.VALUE),
		).toEqual([(lead.PHONE as Array<{ VALUE: string }>)[0].VALUE, '+79990001122']);
		await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'assign',
			id,
			responsible: { __rl: true, mode: 'list', value: '5' },
		});
		expect(portal.emu.emulator.state.entities.LEAD.get(Number(id))!.ASSIGNED_BY_ID).toBe(5);
		const { out } = await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'delete',
			id,
		});
		expect(out).toEqual([{ id, deleted: true }]);
		expect(portal.emu.emulator.state.entities.LEAD.has(Number(id))).toBe(false);
	});

	test('tags: add and remove by name keep the other tags; close won moves to the success status', async () => {
		const id = String(leads()[5].ID);
		await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'addTags',
			id,
			tags: ['КК', 'Дубль'],
		});
		const { out } = await runBitrix24(portal.harness, {
			resource: 'lead',
			operation: 'removeTags',
			id,
			tags: '=КК',
		});
		expect(out).toEqual([{ id, removed: ['КК'] }]);
		const field = portal.emu.emulator.state.userFields.find(
			(f) => f.ENTITY_ID === 'CRM_LEAD' && f.FIELD_NAME === 'UF_CRM_TAGS',
		)!;
		const names = (
			portal.emu.emulator.state.entities.LEAD.get(Number(id))!.UF_CRM_TAGS as number[]
		).map((v) => field.LIST.find((i) => i.ID === v)!.VALUE);
		expect(names).toContain('Дубль');
		expect(names).not.toContain('КК');
		await runBitrix24(portal.harness, { resource: 'lead', operation: 'closeWon', id });
		expect(portal.emu.emulator.state.entities.LEAD.get(Number(id))!.STATUS_ID).toBe('CONVERTED');
	});
});
