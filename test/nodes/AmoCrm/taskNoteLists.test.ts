import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { loadOptions } from '../../../nodes/AmoCrm/methods/loadOptions';
import { listSearch } from '../../../nodes/AmoCrm/methods/listSearch';
import { amoWorkflow, amoWorld, byName, fromList, runAmo, type AmoWorld } from './helpers';

describe('amoCRM node: tasks, notes, reference lists, custom calls, dropdowns', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const state = () => world.api.state();

	test("creates a first-call task due in 20 minutes with the account's call type, then completes it", async () => {
		const before = Date.now();
		const run = await runAmo(world, {
			resource: 'task',
			operation: 'create',
			leadId: '30000001',
			text: 'Первый звонок',
			taskType: 'call',
			dueMode: 'inMinutes',
			dueInMinutes: 20,
			responsible: byName('Наталья Смирнова'),
		});
		const created = run.items('amoCRM')[0];
		const task = (await state()).tasks.find((t: { id: number }) => t.id === created.id);
		expect(task).toMatchObject({
			entity_id: 30_000_001,
			entity_type: 'leads',
			task_type_id: 2_925_001,
			responsible_user_id: 1_000_002,
			is_completed: false,
		});
		expect(task.complete_till * 1000).toBeGreaterThanOrEqual(before + 19 * 60_000);
		expect(task.complete_till * 1000).toBeLessThanOrEqual(Date.now() + 20 * 60_000);
		await runAmo(world, {
			resource: 'task',
			operation: 'complete',
			taskId: String(created.id),
			result: 'Дозвонились',
		});
		expect((await state()).tasks.find((t: { id: number }) => t.id === created.id)).toMatchObject({
			is_completed: true,
			result: { text: 'Дозвонились' },
		});
	});

	test("a task at a given time is read in the workflow's time zone", async () => {
		const run = await runAmo(world, {
			resource: 'task',
			operation: 'create',
			leadId: '30000001',
			text: 'Встреча',
			taskType: 'meeting',
			dueMode: 'at',
			dueAt: '2030-03-01T10:00:00',
		});
		const task = (await state()).tasks.find(
			(t: { id: number }) => t.id === run.items('amoCRM')[0].id,
		);
		expect(task.task_type_id).toBe(2);
		// The harness's workflows run in America/New_York (n8n's default): 10:00 there is 15:00 UTC.
		expect(new Date(task.complete_till * 1000).toISOString()).toBe('2030-03-01T15:00:00.000Z');
	});

	test('lists the open tasks of a lead', async () => {
		const run = await runAmo(world, {
			resource: 'task',
			operation: 'getMany',
			returnAll: true,
			filters: { leadId: '30000002', status: 'open' },
		});
		expect(run.items('amoCRM').map((t) => [t.text, t.responsible_user_id])).toEqual([
			['Перезвонить: думает до завтра', 1_000_003],
		]);
	});

	test('records an outgoing call with its result and reads the call history back', async () => {
		const made = await runAmo(world, {
			resource: 'note',
			operation: 'create',
			entity: 'leads',
			entityId: '30000011',
			noteType: 'call_out',
			phone: '8 916 111 00 11',
			callStatus: 6,
			duration: 0,
			callOptions: { source: 'onlinePBX' },
		});
		expect(made.items('amoCRM')[0]).toMatchObject({
			entity: 'leads',
			entityId: 30_000_011,
			noteType: 'call_out',
		});
		await runAmo(world, {
			resource: 'note',
			operation: 'create',
			entity: 'contacts',
			entityId: '40000011',
			noteType: 'common',
			text: 'Просил писать в WhatsApp',
		});
		const calls = await runAmo(world, {
			resource: 'note',
			operation: 'getMany',
			entity: 'leads',
			entityId: '30000011',
			noteTypes: ['call_out'],
			returnAll: true,
		});
		expect(
			calls
				.items('amoCRM')
				.map((n) => n.params as { call_status: number; phone: string; source: string }),
		).toEqual([
			expect.objectContaining({ call_status: 6, phone: '+79161110011', source: 'onlinePBX' }),
		]);
		expect((await state()).notes.at(-1)).toMatchObject({
			entity_type: 'contacts',
			entity_id: 40_000_011,
			params: { text: 'Просил писать в WhatsApp' },
		});
	});

	test('lists pipelines (or one item per stage), users and loss reasons once, however many items come in', async () => {
		const stages = await runAmo(
			world,
			{ resource: 'pipeline', operation: 'getMany', output: 'stages' },
			[{}, {}],
		);
		const all = stages.items('amoCRM');
		expect(all.find((s) => s.label === 'Вебинар > Думает(поговорили)')).toMatchObject({
			pipelineId: 7_100_002,
			id: 58_200_005,
			status: 'open',
		});
		expect(all.filter((s) => s.id === 142)).toHaveLength(2);
		const users = await runAmo(world, { resource: 'user', operation: 'getMany' });
		expect(users.items('amoCRM')).toHaveLength(8);
		const reasons = await runAmo(world, { resource: 'lossReason', operation: 'getMany' });
		expect(reasons.items('amoCRM').map((r) => r.name)).toContain('Недозвон. Европа');
	});

	test('a custom API call goes through the same transport, pages included; other hosts are refused', async () => {
		const pages = await runAmo(world, {
			resource: 'request',
			operation: 'custom',
			method: 'GET',
			path: '/api/v4/leads',
			query: '{"filter": {"pipeline_id": [7100002]}}',
			allPages: true,
		});
		const leads = pages.items('amoCRM');
		expect(leads.length).toBe(
			(await state()).leads.filter((l: { pipeline_id: number }) => l.pipeline_id === 7_100_002)
				.length,
		);
		const posted = await runAmo(world, {
			resource: 'request',
			operation: 'custom',
			method: 'POST',
			path: '/api/v4/leads/tags',
			body: '[{"name": "Из API"}]',
		});
		expect(
			(posted.items('amoCRM')[0]._embedded as { tags: Array<{ name: string }> }).tags[0].name,
		).toBe('Из API');
		const refused = await runAmo(
			world,
			{
				resource: 'request',
				operation: 'custom',
				method: 'GET',
				path: 'https://evil.example/api/v4/leads',
			},
			[{}],
			{ onError: 'continueRegularOutput' },
		);
		expect(String(refused.items('amoCRM')[0].error)).toContain('is not an amoCRM API path');
	});

	describe('dropdowns', () => {
		function context(parameters: Record<string, unknown>): ILoadOptionsFunctions {
			const workflow = world.harness.makeWorkflow(
				amoWorkflow({ resource: 'lead', operation: 'moveToStage', ...parameters }),
			);
			const node = workflow.getNode('amoCRM')!;
			// The editor sends the node's current parameters with every dropdown request.
			const additionalData = world.harness.additionalData('lo', workflow.id, undefined, {
				currentNodeParameters: node.parameters,
			});
			return new LoadOptionsContext(workflow, node, additionalData, 'parameters.stage');
		}

		test('stages depend on the chosen pipeline; without one they read "Pipeline > Stage"', async () => {
			const within = await listSearch.searchStages.call(context({ pipeline: fromList('7100002') }));
			expect(within.results[0]).toEqual({ name: 'Был на вебинаре более часа', value: '58200002' });
			expect(within.results.some((r) => r.name === 'Неразобранное')).toBe(false);
			const byNamedPipeline = await listSearch.searchStages.call(
				context({ pipeline: byName('Воронка агентства') }),
				'счет в',
			);
			expect(byNamedPipeline.results.map((r) => r.name)).toEqual(['Счет в оплате']);
			const everywhere = await listSearch.searchStages.call(context({}), 'реализовано');
			expect(everywhere.results.map((r) => r.name)).toEqual([
				'Воронка агентства > Успешно реализовано',
				'Воронка агентства > Закрыто и не реализовано',
				'Вебинар > Успешно реализовано',
				'Вебинар > Закрыто и не реализовано',
			]);
			expect(everywhere.results[2].value).toBe('7100002:142');
		});

		test('pipelines, users, loss reasons and fields come from the account', async () => {
			const ctx = context({});
			expect((await loadOptions.getPipelines.call(ctx)).map((o) => o.name)).toEqual([
				'Воронка агентства (main)',
				'Вебинар',
			]);
			expect((await listSearch.searchUsers.call(ctx, 'натал')).results).toEqual([
				{ name: 'Наталья Смирнова (natalia@salesfunnel.example)', value: '1000002' },
			]);
			expect((await listSearch.searchLossReasons.call(ctx, 'европа')).results).toEqual([
				{ name: 'Недозвон. Европа', value: '21400007' },
			]);
			const fields = await loadOptions.getLeadFields.call(ctx);
			expect(fields.find((f) => f.value === '1200107')).toMatchObject({
				name: 'Приоритет',
				description: 'Type: select; options: Высокий, Средний, Низкий',
			});
			expect(
				(await loadOptions.getAllStages.call(ctx)).find((o) => o.value === '7100002:58200005')
					?.name,
			).toBe('Вебинар > Думает(поговорили)');
		});
	});
});
