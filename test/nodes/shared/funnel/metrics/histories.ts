/**
 * Hand-made deals and stage histories for the metrics tests: a week (16–23 Nov 2026, UTC), two pipelines, three
 * managers, and deals that skip, revisit, reopen and cross pipelines.
 */
import type {
	CrmCall,
	CrmDeal,
	CrmPipeline,
	SaleDetails,
	StageChange,
} from '../../../../../nodes/shared/crm/types';
import type { MetricsInput } from '../../../../../nodes/shared/funnel/metrics/funnelMetrics';

export const PERIOD = {
	from: '2026-11-16T00:00:00.000Z',
	to: '2026-11-23T00:00:00.000Z',
	timeZone: 'UTC',
};

const stage = (
	pipelineId: string,
	id: string,
	sort: number,
	semantics: 'open' | 'won' | 'lost' = 'open',
) => ({
	id,
	name: id.toUpperCase(),
	pipelineId,
	sort,
	semantics,
	isIncoming: false,
});

export const PIPELINES: CrmPipeline[] = [
	{
		id: 'A',
		name: 'Продажи',
		isMain: true,
		stages: [
			{ ...stage('A', 'inbox', 5), isIncoming: true },
			stage('A', 's1', 10),
			stage('A', 's2', 20),
			stage('A', 's3', 30),
			stage('A', 's4', 40),
			stage('A', '142', 1000, 'won'),
			stage('A', '143', 1001, 'lost'),
		],
	},
	{
		id: 'B',
		name: 'Вебинар',
		isMain: false,
		stages: [
			stage('B', 'b1', 10),
			stage('B', 'b2', 20),
			stage('B', '142', 1000, 'won'),
			stage('B', '143', 1001, 'lost'),
		],
	},
];

export function deal(id: string, facts: Partial<CrmDeal> & Pick<CrmDeal, 'createdAt'>): CrmDeal {
	return {
		id,
		name: `Сделка ${id}`,
		pipelineId: 'A',
		stageId: 's1',
		semantics: 'open',
		responsibleUserId: 'u1',
		price: null,
		updatedAt: facts.createdAt,
		closedAt: null,
		stageChangedAt: null,
		tags: [],
		contactIds: [],
		lossReasonId: null,
		url: null,
		...facts,
	};
}

let seq = 0;
/** A move as amoCRM tells it (the stage left and the stage entered). */
export function move(
	dealId: string,
	at: string,
	from: [string, string],
	to: [string, string],
): StageChange {
	return {
		id: String(++seq),
		dealId,
		at,
		pipelineId: to[0],
		stageId: to[1],
		fromPipelineId: from[0],
		fromStageId: from[1],
		kind: 'moved',
		userId: null,
	};
}

/** A Bitrix24-style row: the stage entered only (creation or a move). */
export function row(
	dealId: string,
	at: string,
	to: [string, string],
	kind: 'created' | 'moved' = 'moved',
): StageChange {
	return { ...move(dealId, at, ['', ''], to), fromPipelineId: null, fromStageId: null, kind };
}

export function call(
	dealId: string | null,
	at: string,
	minutes: number,
	user: string,
	direction: 'inbound' | 'outbound' = 'outbound',
): CrmCall {
	return {
		id: `c${++seq}`,
		dealId,
		direction,
		outcome: minutes > 0 ? 'answered' : 'no_answer',
		durationSeconds: Math.round(minutes * 60),
		at,
		phone: null,
		responsibleUserId: user,
		rawStatus: null,
	};
}

/** The week: which deals, what happened to them, and the calls. */
export function week(): MetricsInput {
	const deals: CrmDeal[] = [
		// Skips s3 on the way to a win; 3 units; cost 60,000.
		deal('d1', {
			createdAt: '2026-11-16T10:00:00.000Z',
			stageId: '142',
			semantics: 'won',
			price: 100_000,
		}),
		// Goes back to s1 and forward again, then lost «Дорого».
		deal('d2', {
			createdAt: '2026-11-17T09:00:00.000Z',
			stageId: '143',
			semantics: 'lost',
			responsibleUserId: 'u2',
			lossReasonId: 'r1',
		}),
		// Made and won before the week, reopened in it and won again: one win, cycle from its creation.
		deal('d3', {
			createdAt: '2026-11-01T00:00:00.000Z',
			stageId: '142',
			semantics: 'won',
			price: 50_000,
		}),
		// Made in s2 of A, moved to pipeline B.
		deal('d4', {
			createdAt: '2026-11-18T08:00:00.000Z',
			pipelineId: 'B',
			stageId: 'b2',
			responsibleUserId: 'u2',
		}),
		// Won in the week but reopened before it ended: not a win.
		deal('d5', { createdAt: '2026-11-10T00:00:00.000Z', stageId: 's2' }),
		// New, untouched, nobody called.
		deal('d6', { createdAt: '2026-11-19T12:00:00.000Z', responsibleUserId: 'u3' }),
		// Made late on Sunday, won after the week ended.
		deal('d7', {
			createdAt: '2026-11-22T23:00:00.000Z',
			stageId: '142',
			semantics: 'won',
			price: 70_000,
		}),
		// Old deal lost in the week without a reason.
		deal('d8', {
			createdAt: '2026-10-01T00:00:00.000Z',
			stageId: '143',
			semantics: 'lost',
			responsibleUserId: 'u3',
		}),
	];
	const changes: StageChange[] = [
		move('d1', '2026-11-16T12:00:00.000Z', ['A', 's1'], ['A', 's2']),
		move('d1', '2026-11-17T12:00:00.000Z', ['A', 's2'], ['A', 's4']),
		move('d1', '2026-11-18T10:00:00.000Z', ['A', 's4'], ['A', '142']),
		move('d2', '2026-11-17T10:00:00.000Z', ['A', 's1'], ['A', 's2']),
		move('d2', '2026-11-17T11:00:00.000Z', ['A', 's2'], ['A', 's1']),
		move('d2', '2026-11-18T11:00:00.000Z', ['A', 's1'], ['A', 's2']),
		move('d2', '2026-11-19T11:00:00.000Z', ['A', 's2'], ['A', '143']),
		move('d3', '2026-11-18T09:00:00.000Z', ['A', '142'], ['A', 's3']),
		move('d3', '2026-11-20T00:00:00.000Z', ['A', 's3'], ['A', '142']),
		move('d4', '2026-11-19T08:00:00.000Z', ['A', 's2'], ['B', 'b1']),
		move('d4', '2026-11-20T08:00:00.000Z', ['B', 'b1'], ['B', 'b2']),
		move('d5', '2026-11-20T08:00:00.000Z', ['A', 's2'], ['A', '142']),
		move('d5', '2026-11-21T08:00:00.000Z', ['A', '142'], ['A', 's2']),
		move('d7', '2026-11-23T01:00:00.000Z', ['A', 's1'], ['A', '142']),
		move('d8', '2026-11-20T15:00:00.000Z', ['A', 's3'], ['A', '143']),
	];
	const byDeal = new Map<string, StageChange[]>();
	for (const c of changes) byDeal.set(c.dealId, [...(byDeal.get(c.dealId) ?? []), c]);
	const calls: CrmCall[] = [
		call('d1', '2026-11-16T10:05:00.000Z', 1, 'u1'),
		call(null, '2026-11-17T09:00:00.000Z', 70, 'u1'),
		call(null, '2026-11-17T11:00:00.000Z', 70, 'u1'),
		call(null, '2026-11-17T14:00:00.000Z', 70, 'u1'),
		call(null, '2026-11-18T14:00:00.000Z', 30, 'u1'),
		call('d2', '2026-11-17T11:00:00.000Z', 0, 'u2'),
		call('d4', '2026-11-18T21:00:00.000Z', 5, 'u2'),
		// After the week: no talk time in it, but d7's first response.
		call('d7', '2026-11-23T00:30:00.000Z', 3, 'u1'),
	];
	const dealCalls = new Map<string, CrmCall[]>();
	for (const c of calls)
		if (c.dealId) dealCalls.set(c.dealId, [...(dealCalls.get(c.dealId) ?? []), c]);
	const sales = new Map<string, SaleDetails>([
		['d1', { units: 3, productLines: 2, cost: 60_000 }],
		['d3', { units: null, productLines: 0, cost: null }],
	]);
	return {
		period: PERIOD,
		pipelines: PIPELINES,
		users: [
			{ id: 'u1', name: 'Наталья', email: null, active: true },
			{ id: 'u2', name: 'Ирина', email: null, active: true },
			{ id: 'u3', name: 'Ольга', email: null, active: true },
		],
		lossReasons: [{ id: 'r1', name: 'Дорого' }],
		deals,
		changes: byDeal,
		calls,
		dealCalls,
		sales,
		talkLimitMinutes: 180,
		withCost: true,
	};
}
