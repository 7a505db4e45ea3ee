import type { NodeOperationError } from 'n8n-workflow';

import { amoWorld, byName, runAmo, type AmoWorld } from './helpers';

const THINKS = 58_200_005;

/**
 * One batch with good and bad items: a stage that is not in the pipeline, a lead ID that is not a number. The
 * bad ones are found before anything is sent; what happens next is the node's continue-on-fail setting.
 */
describe('amoCRM node: valid and invalid items in one batch', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const move = {
		resource: 'lead',
		operation: 'moveToStage',
		leadId: '={{ $json.id }}',
		pipeline: byName('Вебинар'),
		stage: '={{ { "__rl": true, "mode": "name", "value": $json.stage } }}',
	};
	const items = [
		{ id: 30_000_001, stage: 'Думает(поговорили)' },
		{ id: 30_000_002, stage: 'Нет такого этапа' },
		{ id: 'abc', stage: 'Думает(поговорили)' },
		{ id: 30_000_003, stage: 'ДУМАЕТ(поговорили)' },
	];

	const stages = async () => {
		const leads = (await world.api.state()).leads as Array<{ id: number; status_id: number }>;
		return Object.fromEntries(
			[30_000_001, 30_000_002, 30_000_003].map((id) => [
				id,
				leads.find((l) => l.id === id)!.status_id,
			]),
		);
	};
	const writes = async () =>
		(await world.api.control('GET', '/requests')).requests.filter(
			(r: { method: string }) => r.method !== 'GET',
		) as Array<{ method: string; path: string; body: Array<{ id: number }> }>;

	test('without continue-on-fail the first bad item stops the node, and nothing is written', async () => {
		const before = await stages();
		expect([before[30_000_001], before[30_000_003]]).not.toContain(THINKS);
		const run = await runAmo(world, move, items);
		expect(run.status).toBe('error');
		const error = run.nodeError('amoCRM') as NodeOperationError & {
			context: { itemIndex: number };
		};
		expect(error.message).toContain('no stage "Нет такого этапа" in pipeline "Вебинар"');
		expect(error.context.itemIndex).toBe(1);
		expect(await writes()).toEqual([]);
		expect(await stages()).toEqual(before);
	});

	test('with the error output exactly the valid items are written, in one PATCH; each bad one leaves with its reason', async () => {
		const before = await stages();
		const run = await runAmo(world, move, items, { onError: 'continueErrorOutput' });
		const [moved, failed] = run.outputs('amoCRM');
		expect(moved.map((m) => [m.id, m.stageId])).toEqual([
			[30_000_001, THINKS],
			[30_000_003, THINKS],
		]);
		expect(run.rawItems('amoCRM', 0).map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(failed.map((f) => [f.id, String(f.error)])).toEqual([
			[30_000_002, expect.stringContaining('no stage "Нет такого этапа"')],
			['abc', '"abc" is not a lead ID'],
		]);
		expect(failed[1].details).toContain('/leads/detail/12345678');
		expect(run.rawItems('amoCRM', 1).map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		const sent = await writes();
		expect(sent.map((w) => `${w.method} ${w.path}`)).toEqual(['PATCH /api/v4/leads']);
		expect(sent[0].body.map((lead) => lead.id)).toEqual([30_000_001, 30_000_003]);
		expect(await stages()).toEqual({ ...before, 30_000_001: THINKS, 30_000_003: THINKS });
	});

	test('with Continue every item stays in place: results and error items in input order', async () => {
		const run = await runAmo(world, move, items, { onError: 'continueRegularOutput' });
		const out = run.items('amoCRM');
		expect(out.map((o) => (o.error ? 'error' : o.stageId))).toEqual([
			THINKS,
			'error',
			'error',
			THINKS,
		]);
		expect(run.rawItems('amoCRM').map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
	});
});
