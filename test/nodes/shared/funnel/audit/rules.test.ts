import {
	DEFAULT_AUDIT_RULES,
	type AuditRules,
	type DealFacts,
} from '../../../../../nodes/shared/funnel/audit/findings';
import { PipelineAudit } from '../../../../../nodes/shared/funnel/audit/pipelineAudit';
import { formatMinutes, responseTier } from '../../../../../nodes/shared/funnel/audit/responseTime';
import { auditContext, auditDeal } from '../../../../../nodes/shared/funnel/audit/rules';
import { SwampStages } from '../../../../../nodes/shared/funnel/audit/swampStages';
import { agencyFunnel, daysAgo, deal, NOW, task, users, webinarFunnel } from './account';

const context = (rules: Partial<AuditRules> = {}) =>
	auditContext({
		now: NOW,
		rules: { ...DEFAULT_AUDIT_RULES, ...rules },
		pipelines: [webinarFunnel, agencyFunnel],
		users,
	});
const audit = (facts: DealFacts, rules: Partial<AuditRules> = {}) =>
	auditDeal(facts, context(rules));
const types = (facts: DealFacts, rules: Partial<AuditRules> = {}) =>
	audit(facts, rules).map((f) => f.type);

describe('deal rules', () => {
	test('a healthy open deal with a future task has no findings', () => {
		expect(
			audit({
				deal: deal({ id: '1' }),
				openTasks: [task({ id: 't1', dealId: '1' })],
				firstResponseAt: daysAgo(3 - 0.005),
			}),
		).toEqual([]);
	});

	test('an open deal without an open task: "No next step planned", with who and what to do', () => {
		const [finding] = audit({ deal: deal({ id: '2', updatedAt: daysAgo(4) }), openTasks: [] });
		expect(finding).toEqual({
			type: 'noOpenTask',
			title: 'No next step planned',
			dealId: '2',
			dealName: 'Сделка 2',
			dealUrl: 'https://school.amocrm.ru/leads/detail/2',
			pipelineId: '7001',
			pipelineName: 'Вебинар',
			stageId: '7001-1',
			stageName: 'Проявил активность на вебинаре',
			responsibleUserId: '11',
			responsibleName: 'Наталья',
			ageDays: 4,
			detail: 'no open task on the deal in "Проявил активность на вебинаре"',
			whatToDo: 'Plan the next step: set a task with a date (call, meeting, send the offer)',
		});
	});

	test('no task is not a finding in amoCRM\'s "Incoming leads", for closed deals, or when tasks were not loaded', () => {
		expect(types({ deal: deal({ id: '3', stageId: '7001-0' }), openTasks: [] })).toEqual([]);
		expect(
			types({ deal: deal({ id: '4', stageId: '142', semantics: 'won' }), openTasks: [] }),
		).toEqual([]);
		expect(types({ deal: deal({ id: '5' }) })).toEqual([]);
	});

	test("each overdue task is one finding, owned by the task's manager, aged in days overdue", () => {
		const findings = audit({
			deal: deal({ id: '6' }),
			openTasks: [
				task({
					id: 't6a',
					dealId: '6',
					dueAt: daysAgo(2.5),
					responsibleUserId: '12',
					text: 'Перезвонить после обеда',
				}),
				task({ id: 't6b', dealId: '6', dueAt: daysAgo(0.5) }),
				task({ id: 't6c', dealId: '6', dueAt: daysAgo(-2) }),
			],
		});
		expect(findings.map((f) => [f.type, f.taskId, f.responsibleName, f.ageDays])).toEqual([
			['overdueTask', 't6a', 'Ольга', 2.5],
			['overdueTask', 't6b', 'Наталья', 0.5],
		]);
		expect(findings[0].detail).toBe(`"Перезвонить после обеда" was due ${daysAgo(2.5)}`);
	});

	test('stuck: more than N days in the stage, by the stage-change time, or else by the last update', () => {
		const stuck = audit(
			{ deal: deal({ id: '7', stageChangedAt: daysAgo(20), updatedAt: daysAgo(2) }) },
			{ stuckAfterDays: 14 },
		);
		expect(stuck).toEqual([
			expect.objectContaining({
				type: 'stuckInStage',
				ageDays: 20,
				detail: '20 days in "Проявил активность на вебинаре" since it entered the stage (limit 14)',
			}),
		]);
		const byUpdate = audit(
			{ deal: deal({ id: '8', updatedAt: daysAgo(15) }) },
			{ stuckAfterDays: 14 },
		);
		expect(byUpdate[0].detail).toContain('since its last change');
		expect(
			types({ deal: deal({ id: '9', updatedAt: daysAgo(14) }) }, { stuckAfterDays: 14 }),
		).toEqual([]);
		expect(
			types({ deal: deal({ id: '9', updatedAt: daysAgo(40) }) }, { stuckAfterDays: null }),
		).toEqual([]);
	});

	test('swamp stages from the editable list: "Думает(поговорили)" and "В работе" are swamps', () => {
		expect(types({ deal: deal({ id: '10', stageId: '7001-2' }) })).toEqual(['swampStage']);
		expect(
			audit({ deal: deal({ id: '11', stageId: '7001-6', updatedAt: daysAgo(5) }) })[0],
		).toMatchObject({ type: 'swampStage', stageName: 'В работе', ageDays: 5 });
		expect(
			types({ deal: deal({ id: '10', stageId: '7001-2' }) }, { swampStages: ['В работе'] }),
		).toEqual([]);
		expect(types({ deal: deal({ id: '10', stageId: '7001-2' }) }, { swampStages: [] })).toEqual([]);
	});

	test('lost without a reason; lost with one is fine', () => {
		expect(
			audit({ deal: deal({ id: '12', stageId: '143', semantics: 'lost', closedAt: daysAgo(2) }) }),
		).toEqual([
			expect.objectContaining({
				type: 'lostWithoutReason',
				stageName: 'Закрыто и не реализовано',
				ageDays: 2,
			}),
		]);
		expect(
			types({ deal: deal({ id: '13', stageId: '143', semantics: 'lost', lossReasonId: '555' }) }),
		).toEqual([]);
	});

	test('a weekly report checks only recent losses when asked: older ones were reported in their week', () => {
		const lostLongAgo = {
			deal: deal({ id: '14', stageId: '143', semantics: 'lost' as const, closedAt: daysAgo(40) }),
		};
		expect(types(lostLongAgo, { lostWithinDays: 30 })).toEqual([]);
		expect(types(lostLongAgo, { lostWithinDays: null })).toEqual(['lostWithoutReason']);
		expect(
			types(
				{ deal: deal({ id: '15', stageId: '143', semantics: 'lost', closedAt: daysAgo(29.9) }) },
				{ lostWithinDays: 30 },
			),
		).toEqual(['lostWithoutReason']);
	});

	test("first response later than the SLA, with seed 003's tier", () => {
		const created = '2024-03-14T09:00:00.000Z';
		const after = (minutes: number) =>
			new Date(Date.parse(created) + minutes * 60_000).toISOString();
		const check = (minutes: number) =>
			audit({ deal: deal({ id: '14', createdAt: created }), firstResponseAt: after(minutes) });
		expect(check(20)).toEqual([]);
		expect(check(35)[0]).toMatchObject({
			type: 'slowFirstResponse',
			firstResponseMinutes: 35,
			responseTier: 'normal',
			detail: 'first response after 35 min (≤ 3 h: +10% to conversion)',
		});
		expect(check(181)[0]).toMatchObject({ responseTier: 'acceptable' });
		expect(check(13 * 60)[0]).toMatchObject({
			responseTier: 'undesirable',
			detail: expect.stringContaining('−30%'),
		});
		expect(
			audit(
				{ deal: deal({ id: '14', createdAt: created }), firstResponseAt: after(90) },
				{ firstResponseMinutes: 180 },
			),
		).toEqual([]);
	});

	test('a lead nobody answered yet is a finding once it waited longer than the SLA', () => {
		expect(
			audit({ deal: deal({ id: '15', createdAt: daysAgo(1) }), firstResponseAt: null })[0],
		).toMatchObject({
			type: 'slowFirstResponse',
			title: 'No first response yet',
			responseTier: 'undesirable',
			firstResponseMinutes: null,
		});
		expect(
			types({ deal: deal({ id: '16', createdAt: daysAgo(10 / 1440) }), firstResponseAt: null }),
		).toEqual([]);
		expect(
			types({
				deal: deal({
					id: '17',
					createdAt: daysAgo(1),
					stageId: '143',
					semantics: 'lost',
					lossReasonId: '1',
				}),
				firstResponseAt: null,
			}),
		).toEqual([]);
	});
});

describe('seed 003 response tiers', () => {
	test.each([
		[0, 'ideal', '+30%'],
		[20, 'ideal', '+30%'],
		[21, 'normal', '+10%'],
		[180, 'normal', '+10%'],
		[181, 'acceptable', '+0%'],
		[720, 'acceptable', '+0%'],
		[721, 'undesirable', '−30%'],
	])('%i min → %s (%s)', (minutes, tier, conversion) => {
		expect(responseTier(minutes)).toMatchObject({ tier, conversion });
	});

	test('response times read as people say them', () => {
		expect([35, 125, 180, 1500, 2880].map(formatMinutes)).toEqual([
			'35 min',
			'2 h 5 min',
			'3 h',
			'1 d 1 h',
			'2 d',
		]);
	});
});

describe('swamp stage names', () => {
	const swamp = new SwampStages([
		'Думает',
		'В работе',
		'На рассмотрении',
		'Отложено',
		'Сделка отложена',
	]);
	test.each([
		['Думает(поговорили)', 'думает'],
		['ДУМАЕТ', 'думает'],
		['В работе у менеджера', 'в работе'],
		['На  рассмотрении', 'на рассмотрении'],
		['Отложено до весны', 'отложено'],
		['Сделка отложена', 'сделка отложена'],
	])('"%s" is a swamp (%s)', (stage, listed) => {
		expect(swamp.match(stage)).toBe(listed);
	});

	test.each([['Работа с возражениями'], ['Отправлено КП'], ['Думаем над КП'], ['Встреча']])(
		'"%s" is not',
		(stage) => {
			expect(swamp.match(stage)).toBeNull();
		},
	);
});

describe('a whole audit, page by page', () => {
	const account: DealFacts[] = [
		{
			deal: deal({ id: 'a1' }),
			openTasks: [task({ id: 'x1', dealId: 'a1' })],
			firstResponseAt: daysAgo(2.99),
		},
		{
			deal: deal({ id: 'a2', responsibleUserId: '12', updatedAt: daysAgo(30) }),
			openTasks: [],
			firstResponseAt: daysAgo(2),
		},
		{
			deal: deal({ id: 'a3', responsibleUserId: '12', stageId: '7001-6', updatedAt: daysAgo(3) }),
			openTasks: [task({ id: 'x3', dealId: 'a3', dueAt: daysAgo(1) })],
		},
		{
			deal: deal({ id: 'a4', pipelineId: '7002', stageId: '7002-3', responsibleUserId: '13' }),
			openTasks: [task({ id: 'x4', dealId: 'a4' })],
		},
		{
			deal: deal({
				id: 'a5',
				stageId: '143',
				semantics: 'lost',
				responsibleUserId: '13',
				closedAt: daysAgo(1),
			}),
			openTasks: [],
		},
		{ deal: deal({ id: 'a6', responsibleUserId: null }), openTasks: [] },
	];

	const run = (pageSize: number) => {
		const auditRun = new PipelineAudit({
			now: NOW,
			rules: DEFAULT_AUDIT_RULES,
			pipelines: [webinarFunnel, agencyFunnel],
			users,
		});
		const findings = auditRun.auditPipelines(['7001', '7002']);
		for (let i = 0; i < account.length; i += pageSize)
			findings.push(...auditRun.auditPage(account.slice(i, i + pageSize)));
		return { findings, summary: auditRun.summary() };
	};

	test('finds every problem of the seeded account once', () => {
		const { findings } = run(2);
		expect(findings.map((f) => [f.type, f.dealId ?? f.pipelineName])).toEqual([
			['tooManyStages', 'Агентство'],
			['noOpenTask', 'a2'],
			['stuckInStage', 'a2'],
			['slowFirstResponse', 'a2'],
			['overdueTask', 'a3'],
			['swampStage', 'a3'],
			['lostWithoutReason', 'a5'],
			['noOpenTask', 'a6'],
		]);
		expect(findings[0]).toMatchObject({
			stageCount: 10,
			detail: expect.stringContaining('10 working stages (at most 8)'),
		});
	});

	test('summarises per manager and per pipeline, the same whatever the page size', () => {
		const { summary } = run(2);
		expect(run(1).summary).toEqual(summary);
		expect(run(100).summary).toEqual(summary);
		expect(
			summary.managers.map((m) => [
				m.responsibleName,
				m.deals,
				m.openDeals,
				m.findings,
				m.oldestStuckDays,
			]),
		).toEqual([
			['Ольга', 2, 2, 4, 30],
			['Денис', 2, 1, 1, null],
			// a3's overdue task is Наталья's although the deal is Ольга's: the task's owner must act.
			['Наталья', 1, 1, 1, null],
			[null, 1, 1, 1, null],
		]);
		const webinar = summary.pipelines.find((p) => p.pipelineId === '7001')!;
		expect(webinar).toMatchObject({
			pipelineName: 'Вебинар',
			workingStages: 6,
			deals: 5,
			openDeals: 4,
			findings: 7,
			swampStages: { 'В работе': 1 },
		});
		expect(webinar.byType).toEqual({
			noOpenTask: 2,
			overdueTask: 1,
			stuckInStage: 1,
			swampStage: 1,
			lostWithoutReason: 1,
			tooManyStages: 0,
			slowFirstResponse: 1,
		});
		expect(summary.pipelines.find((p) => p.pipelineId === '7002')).toMatchObject({
			deals: 1,
			findings: 1,
			byType: expect.objectContaining({ tooManyStages: 1 }),
		});
	});

	test('a bad "now" is refused', () => {
		expect(
			() => new PipelineAudit({ now: 'сегодня', rules: DEFAULT_AUDIT_RULES, pipelines: [] }),
		).toThrow('"сегодня"');
	});
});
