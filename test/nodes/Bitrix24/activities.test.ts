import { funnelHarness, withFunnel } from '../shared/crm/bitrix24/funnelProbe';
import { runBitrix24 } from './nodeHarness';
import { testPortal } from './portal';

const portal = testPortal({ limits: false });

const activities = () => [...portal.emu.emulator.state.activities.values()];

describe('Bitrix24 node: activities and comments', () => {
	test('logs calls with their result; the FunnelCrm reads the result back as the call outcome', async () => {
		const dealId = String([...portal.emu.emulator.state.entities.DEAL.keys()][0]);
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'activity',
				operation: 'createCall',
				ownerType: 'deal',
				ownerId: dealId,
				phone: '={{ $json.phone }}',
				result: '={{ $json.result }}',
				duration: '={{ $json.seconds }}',
				startedAt: '2030-01-10T10:00:00Z',
				responsible: { __rl: true, mode: 'id', value: '2' },
			},
			[
				{ phone: '8 916 555-00-11', result: 'no_answer', seconds: 0 },
				{ phone: '8 916 555-00-11', result: 'busy', seconds: 0 },
				{ phone: '8 916 555-00-11', result: 'answered', seconds: 95 },
			],
		);
		expect(out).toHaveLength(3);
		const logged = activities().filter((a) => out.some((o) => Number(o.id) === a.ID));
		expect(
			logged.map((a) => [a.TYPE_ID, a.DIRECTION, a.COMPLETED, a.COMMUNICATIONS[0].VALUE]),
		).toEqual(Array(3).fill([2, 2, 'Y', '+79165550011']));
		const calls = await withFunnel(funnelHarness(portal.emu.webhook), (crm) =>
			crm.listCalls([dealId]),
		);
		const mine = calls.get(dealId)!.filter((c) => out.some((o) => o.id === c.id));
		expect(mine.map((c) => [c.outcome, c.rawStatus, c.durationSeconds])).toEqual([
			['no_answer', '304', 0],
			['busy', '486', 0],
			['answered', '200', 95],
		]);
	});

	test('creates to-dos with a deadline, lists open ones, completes them', async () => {
		const dealId = String([...portal.emu.emulator.state.entities.DEAL.keys()][1]);
		const created = await runBitrix24(portal.harness, {
			resource: 'activity',
			operation: 'createTodo',
			ownerType: 'deal',
			ownerId: dealId,
			title: 'Первый звонок',
			deadline: '2030-02-01T09:20:00+03:00',
			responsible: { __rl: true, mode: 'id', value: '3' },
		});
		const todo = portal.emu.emulator.state.activities.get(Number(created.out[0].id))!;
		expect(todo).toMatchObject({
			PROVIDER_ID: 'CRM_TODO',
			SUBJECT: 'Первый звонок',
			RESPONSIBLE_ID: 3,
			DEADLINE: Date.parse('2030-02-01T06:20:00Z'),
		});
		const open = await runBitrix24(portal.harness, {
			resource: 'activity',
			operation: 'getMany',
			ownerType: 'deal',
			ownerId: dealId,
			kind: 'todos',
			openOnly: true,
		});
		expect(open.out.map((a) => a.ID)).toContain(created.out[0].id);
		await runBitrix24(portal.harness, {
			resource: 'activity',
			operation: 'complete',
			activityId: created.out[0].id as string,
		});
		expect(portal.emu.emulator.state.activities.get(Number(created.out[0].id))!.COMPLETED).toBe(
			'Y',
		);
	});

	test('a to-do without a valid deadline is refused for that item only', async () => {
		const dealId = String([...portal.emu.emulator.state.entities.DEAL.keys()][1]);
		const { out } = await runBitrix24(
			portal.harness,
			{
				resource: 'activity',
				operation: 'createTodo',
				ownerType: 'deal',
				ownerId: dealId,
				title: 'X',
				deadline: '={{ $json.deadline }}',
			},
			[{ deadline: 'завтра' }, { deadline: '2030-01-01T10:00:00Z' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(out[0].error).toBe('"завтра" is not a date and time');
		expect(out[1].id).toEqual(expect.any(String));
	});

	test('adds timeline comments', async () => {
		const leadId = String([...portal.emu.emulator.state.entities.LEAD.keys()][0]);
		const { out } = await runBitrix24(portal.harness, {
			resource: 'comment',
			operation: 'create',
			ownerType: 'lead',
			ownerId: leadId,
			text: 'Клиент просил перезвонить после 18:00',
		});
		expect(portal.emu.emulator.state.comments.get(Number(out[0].id))).toMatchObject({
			ENTITY_TYPE: 'lead',
			ENTITY_ID: Number(leadId),
			COMMENT: 'Клиент просил перезвонить после 18:00',
		});
	});
});
