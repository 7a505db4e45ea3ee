import { runBitrix24 } from './nodeHarness';
import { testPortal } from './portal';
import { listSearch, loadOptions } from './loadOptions';

const portal = testPortal({ limits: false }, { resetEach: false });

describe('Bitrix24 node: pipelines and users', () => {
	test('lists deal pipelines with their stages, and lead statuses', async () => {
		const { out } = await runBitrix24(portal.harness, {
			resource: 'pipeline',
			operation: 'getMany',
			funnelOf: 'deal',
		});
		expect(out.map((p) => p.name)).toEqual([
			'Вебинар «Больше чем игрушка»',
			'Повторные продажи',
			'Общая',
		]);
		const stages = await runBitrix24(portal.harness, {
			resource: 'pipeline',
			operation: 'getStages',
			funnelOf: 'lead',
		});
		expect(stages.out.map((s) => s.id)).toEqual([
			'NEW',
			'IN_PROCESS',
			'PROCESSED',
			'CONVERTED',
			'JUNK',
			'UC_SPAM',
			'UC_TEST',
			'UC_JOBSEEKER',
			'UC_NOREACH',
		]);
		const one = await runBitrix24(portal.harness, {
			resource: 'pipeline',
			operation: 'getStages',
			funnelOf: 'deal',
			categoryId: '1',
		});
		expect(one.out.map((s) => s.id)).toEqual([
			'C1:NEW',
			'C1:PREPARATION',
			'C1:EXECUTING',
			'C1:WON',
			'C1:LOSE',
		]);
	});

	test('lists users, active ones by default', async () => {
		const active = await runBitrix24(portal.harness, { resource: 'user', operation: 'getMany' });
		// User 7 is an extranet partner the portal lists with its staff (USER_TYPE "extranet").
		expect(active.out.map((u) => u.ID)).toEqual(['1', '2', '3', '4', '5', '7']);
		const all = await runBitrix24(portal.harness, {
			resource: 'user',
			operation: 'getMany',
			activeOnly: false,
		});
		expect(all.out).toHaveLength(7);
	});
});

describe('Bitrix24 node: dropdowns', () => {
	test('stages depend on the pipeline chosen; without one, every pipeline is listed as "Pipeline > Stage"', async () => {
		const chosen = await loadOptions(portal.harness, 'getDealStages', {
			resource: 'deal',
			operation: 'moveToStage',
			category: { __rl: true, mode: 'list', value: '3' },
		});
		expect(chosen[0]).toEqual({
			name: 'Проявил активность на вебинаре',
			value: 'C3:NEW',
			description: 'C3:NEW · in progress',
		});
		const all = await loadOptions(portal.harness, 'getDealStages', {
			resource: 'deal',
			operation: 'moveToStage',
		});
		expect(all.map((o) => o.name)).toContain('Повторные продажи > Согласование');
	});

	test('lead statuses, sources, tags, loss reasons and list fields come from the portal', async () => {
		expect(
			(await loadOptions(portal.harness, 'getLeadStatuses', { resource: 'lead' })).map(
				(o) => o.value,
			),
		).toContain('UC_SPAM');
		expect(
			(await loadOptions(portal.harness, 'getSources', { resource: 'lead' })).map((o) => o.value),
		).toContain('UC_WEBINAR');
		expect(
			(await loadOptions(portal.harness, 'getTags', { resource: 'deal' })).map((o) => o.name),
		).toContain('Вебинар');
		const reasons = await loadOptions(portal.harness, 'getLossReasons', {
			resource: 'deal',
			category: { __rl: true, mode: 'list', value: '3' },
		});
		expect(reasons.map((o) => o.name)).toEqual(
			expect.arrayContaining(['Не дозвонились более 3 раз', 'Причина отказа: Дорого']),
		);
		expect(reasons.every((o) => !String(o.value).startsWith('C1:'))).toBe(true);
		expect(
			(await loadOptions(portal.harness, 'getListFields', { resource: 'deal' })).map(
				(o) => o.value,
			),
		).toEqual(['UF_CRM_TAGS', 'UF_CRM_LOSS_REASON']);
		expect(
			(await loadOptions(portal.harness, 'getFields', { resource: 'contact' })).map((o) => o.value),
		).toContain('PHONE');
		expect(
			(await loadOptions(portal.harness, 'getCategories', { resource: 'deal' })).map(
				(o) => o.value,
			),
		).toEqual(['3', '1', '0']);
	});

	test('user and pipeline pickers search by name', async () => {
		expect(
			(await listSearch(portal.harness, 'searchUsers', { resource: 'lead' }, 'натал')).results,
		).toEqual([{ name: 'Наталья Смирнова (natalya@sales-funnel.example)', value: '2' }]);
		expect(
			(await listSearch(portal.harness, 'searchUsers', { resource: 'lead' })).results.map(
				(r) => r.value,
			),
		).not.toContain('6');
		expect(
			(await listSearch(portal.harness, 'searchCategories', { resource: 'deal' }, 'вебинар'))
				.results,
		).toEqual([{ name: 'Вебинар «Больше чем игрушка»', value: '3' }]);
	});
});
