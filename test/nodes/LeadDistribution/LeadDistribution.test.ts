import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { startRedis } from '../../../scripts/lib/services';
import workflow from './leadDistribution.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function withParameters(parameters: INodeParameters, id = fixture.id): WorkflowJson {
	const copy = structuredClone(fixture);
	copy.id = id;
	const node = copy.nodes.find((n) => n.name === 'Lead Distribution')!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

const leads = (count: number, from = 0) =>
	Array.from({ length: count }, (_, i) => ({
		name: `Клиент ${from + i}`,
		phone: `+7916${String(1_000_000 + from + i)}`,
	}));
const assigneeNames = (items: IDataObject[]) =>
	items.map((l) => (l.assignee as IDataObject).name as string);
const countOf = (names: string[]) =>
	names.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {});

describe('Lead Distribution node (executed by n8n-core WorkflowExecute)', () => {
	test('100 leads round-robin over 4 managers split 25/25/25/25 across 4 separate executions', async () => {
		const harness = new WorkflowHarness();
		const all: string[] = [];
		for (let run = 0; run < 4; run++) {
			const result = await harness.run(fixture, { trigger: { items: leads(25, run * 25) } });
			expect(result.status).toBe('success');
			expect(result.items('Lead Distribution', 1)).toEqual([]);
			all.push(...assigneeNames(result.items('Lead Distribution', 0)));
		}
		expect(all).toHaveLength(100);
		expect(countOf(all)).toEqual({ Анна: 25, Борис: 25, Вера: 25, Глеб: 25 });
		// The turn continues across executions: the second run starts with Борис, after the first run's 25th lead (Анна).
		expect(all.slice(24, 27)).toEqual(['Анна', 'Борис', 'Вера']);
		expect(harness.getStaticData('lead-distribution-test')).toEqual({
			'node:Lead Distribution': { rotation: { roundRobin: { current: expect.any(Object) } } },
		});
	});

	test.each([
		['Redis', 'redis'],
		['this n8n process', 'process'],
	])(
		'four executions at once with the turn in a claim store (%s): 20 leads go 5/5/5/5, consecutive turns',
		async (_name, store) => {
			const harness = new WorkflowHarness();
			const redis = store === 'redis' ? await startRedis() : null;
			try {
				if (redis)
					harness.setCredentials('redis', { host: redis.host, port: redis.port }, 'redis-turns');
				const flow = withParameters({ claimStore: store, claimOptions: {} }, `turns-${store}`);
				if (redis)
					flow.nodes.find((n) => n.name === 'Lead Distribution')!.credentials = {
						redis: { id: 'redis-turns', name: 'Redis' },
					};
				const runs = await Promise.all(
					[0, 1, 2, 3].map((k) => harness.run(flow, { trigger: { items: leads(5, k * 5) } })),
				);
				const given = runs.flatMap((r) => assigneeNames(r.items('Lead Distribution', 0)));
				expect(countOf(given)).toEqual({ Анна: 5, Борис: 5, Вера: 5, Глеб: 5 });
				const reasons = runs.flatMap((r) =>
					r.items('Lead Distribution', 0).map((l) => String((l.assignee as IDataObject).reason)),
				);
				const turns = reasons.map((r) => Number(/turn (\d+)/.exec(r)?.[1])).sort((a, b) => a - b);
				expect(turns).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
			} finally {
				await redis?.stop();
			}
		},
	);

	test('without a claim store, four executions at once read the same saved turn: the split is uneven', async () => {
		const harness = new WorkflowHarness();
		const flow = withParameters({}, 'turns-none');
		const runs = await Promise.all(
			[0, 1, 2, 3].map((k) => harness.run(flow, { trigger: { items: leads(5, k * 5) } })),
		);
		const given = countOf(runs.flatMap((r) => assigneeNames(r.items('Lead Distribution', 0))));
		expect(given).not.toEqual({ Анна: 5, Борис: 5, Вера: 5, Глеб: 5 });
	});

	test('an assigned lead carries the responsible user ID, the manager and why', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(fixture, { trigger: { items: leads(2) } });
		expect(result.items('Lead Distribution', 0)[1]).toMatchObject({
			name: 'Клиент 1',
			responsibleUserId: '8512302',
			assignee: {
				id: '8512302',
				name: 'Борис',
				strategy: 'roundRobin',
				reason: "round robin: Борис's turn among 4",
			},
		});
		expect(result.rawItems('Lead Distribution', 0).map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	test('the ownership guard sends clients who already have a manager to "Owned by Someone Else", and they take no turn', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(fixture, {
			trigger: {
				items: [
					{ name: 'Новый' },
					{
						name: 'С открытой сделкой',
						duplicateOf: { where: 'crm', responsibleUserId: '8512303', stageSemantics: 'open' },
					},
					{
						name: 'Закрыт и не реализован',
						duplicateOf: { where: 'crm', responsibleUserId: '8512303', stageSemantics: 'lost' },
					},
					{ name: 'С задачей', openTaskOwners: ['8512304'] },
					{ name: 'Задача администратора', openTaskOwners: '8500000' },
					{
						name: 'Купивший',
						duplicateOf: { where: 'crm', responsibleUserId: '8512301', stageSemantics: 'won' },
					},
				],
			},
		});
		const [assigned, owned] = result.outputs('Lead Distribution');
		expect(assigned.map((l) => [l.name, (l.assignee as IDataObject).name])).toEqual([
			['Новый', 'Анна'],
			['Закрыт и не реализован', 'Борис'],
			['Задача администратора', 'Вера'],
		]);
		expect(owned).toEqual([
			expect.objectContaining({
				name: 'С открытой сделкой',
				owner: {
					userId: '8512303',
					name: 'Вера',
					rule: 'responsible',
					reason: expect.stringContaining('an open deal'),
				},
			}),
			expect.objectContaining({
				name: 'С задачей',
				owner: {
					userId: '8512304',
					name: 'Глеб',
					rule: 'openTask',
					reason: 'has an open task of manager 8512304',
				},
			}),
			expect.objectContaining({
				name: 'Купивший',
				owner: expect.objectContaining({
					userId: '8512301',
					name: 'Анна',
					reason: expect.stringContaining('a won deal'),
				}),
			}),
		]);
		expect(result.rawItems('Lead Distribution', 1).map((i) => i.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 3 },
			{ item: 5 },
		]);
	});

	test('skips managers absent today by name or ID', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(withParameters({ absentManagers: 'Борис, 8512304' }), {
			trigger: { items: leads(4) },
		});
		expect(assigneeNames(result.items('Lead Distribution', 0))).toEqual([
			'Анна',
			'Вера',
			'Анна',
			'Вера',
		]);
	});

	test('fewest open leads counts the leads given in this run', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(withParameters({ strategy: 'leastOpenLeads' }), {
			trigger: { items: leads(4) },
		});
		// Open: Анна 4, Борис 2, Вера 6, Глеб 1.
		expect(assigneeNames(result.items('Lead Distribution', 0))).toEqual([
			'Глеб',
			'Борис',
			'Глеб',
			'Борис',
		]);
	});

	test('by conversion with a minimum: Борис (10%) below 12% gets nothing; the rest share by conversion', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(
			withParameters({ strategy: 'byConversion', minConversion: 12 }),
			{ trigger: { items: leads(65) } },
		);
		expect(countOf(assigneeNames(result.items('Lead Distribution', 0)))).toEqual({
			Анна: 30,
			Вера: 20,
			Глеб: 15,
		});
	});

	test('the team may come as JSON from an expression', async () => {
		const harness = new WorkflowHarness();
		const json = withParameters({ managersSource: 'json', managersJson: '={{ $json.team }}' });
		const team = [
			{ name: 'Ира', id: '1' },
			{ name: 'Кирилл', id: '2', absent: 'отпуск' },
			{ name: 'Лена', id: '3' },
		];
		const result = await harness.run(json, { trigger: { items: [{ team }, { team }, { team }] } });
		expect(assigneeNames(result.items('Lead Distribution', 0))).toEqual(['Ира', 'Лена', 'Ира']);
	});

	test('nobody present stops the node with the reason, or passes the lead on with the error when continuing on fail', async () => {
		const harness = new WorkflowHarness();
		const allAway = withParameters({ absentManagers: 'Анна, Борис, Вера, Глеб' });
		const failed = await harness.run(allAway, { trigger: { items: leads(1) } });
		expect(failed.nodeError('Lead Distribution')?.message).toBe(
			'No manager can take this lead: every manager is marked absent (Анна, Борис, Вера, Глеб)',
		);
		allAway.nodes.find((n) => n.name === 'Lead Distribution')!.onError = 'continueRegularOutput';
		const passed = await harness.run(allAway, { trigger: { items: leads(1) } });
		expect(passed.items('Lead Distribution', 0)).toEqual([
			expect.objectContaining({
				name: 'Клиент 0',
				error: expect.stringContaining('every manager is marked absent'),
			}),
		]);
	});

	test('a broken team is reported with what to fix', async () => {
		const harness = new WorkflowHarness();
		const broken = withParameters({
			managers: {
				manager: [
					{ name: 'Анна', id: '1' },
					{ name: 'Анна 2', id: '1' },
				],
			},
		});
		const failed = await harness.run(broken, { trigger: { items: leads(1) } });
		expect(failed.nodeError('Lead Distribution')?.message).toBe(
			'The team is not usable: manager 2 (Анна 2): "1" is listed twice',
		);
	});

	test('test runs in the editor do not move the turn (n8n saves static data only for production executions)', async () => {
		const harness = new WorkflowHarness();
		await harness.run(fixture, { mode: 'manual' });
		const again = await harness.run(fixture, { mode: 'manual' });
		expect(assigneeNames(again.items('Lead Distribution', 0))).toEqual(['Анна']);
	});
});
