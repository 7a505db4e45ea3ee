import { computeFunnelMetrics } from '../../../../../nodes/shared/funnel/metrics/funnelMetrics';
import { deal, move, PERIOD, PIPELINES, row, week } from './histories';

describe('Funnel Metrics on a hand-made week', () => {
	const result = computeFunnelMetrics(week());
	const manager = (id: string) => result.managers.find((m) => m.id === id)!;
	const pipeline = (id: string) => result.pipelines.find((p) => p.id === id)!;

	test('counts the deals made in the week, in the pipeline they were made in', () => {
		expect(result.total.sales.created).toBe(5);
		expect(pipeline('A').sales.created).toBe(5);
		expect(pipeline('B').sales.created).toBe(0);
		expect(manager('u1').sales.created).toBe(2);
		expect(manager('u2').sales.created).toBe(2);
		expect(manager('u3').sales.created).toBe(1);
	});

	test('a win counts once when reopened and won again; a win reopened before the end is no win; a win after the end waits', () => {
		expect(result.total.sales).toMatchObject({
			won: 2,
			lost: 2,
			closed: 4,
			wonOfClosedPercent: 50,
			wonOfCreatedPercent: 40,
		});
		expect(manager('u1').sales).toMatchObject({ won: 2, lost: 0, wonOfClosedPercent: 100 });
		expect(manager('u2').sales).toMatchObject({ won: 0, lost: 1, wonOfClosedPercent: 0 });
	});

	test('revenue, average check, cycle from creation to the last win, units where products are listed, margin where cost is', () => {
		expect(result.total.sales).toMatchObject({
			revenue: 150_000,
			averageCheck: 75_000,
			wonWithoutPrice: 0,
			// d1: 16 Nov 10:00 → 18 Nov 10:00 = 2 days; d3: 1 Nov → 20 Nov = 19 days.
			averageCycleDays: 10.5,
			unitsPerCheck: 3,
			wonWithProducts: 1,
			margin: { amount: 40_000, percent: 40, deals: 1 },
		});
	});

	test('loss reasons, a lost deal without one included', () => {
		expect(result.total.sales.lossReasons).toEqual([
			{ reasonId: 'r1', reason: 'Дорого', count: 1 },
			{ reasonId: null, reason: null, count: 1 },
		]);
	});

	test('stage funnel: skipped stages passed, a revisited stage once, a deal moved on to another pipeline counted in both', () => {
		const [a, b] = result.total.funnels;
		expect(a.pipelineId).toBe('A');
		expect(a.entered).toBe(5);
		expect(a.stages.map((s) => [s.stageId, s.reached, s.conversionPercent])).toEqual([
			['s1', 5, 100],
			['s2', 3, 60],
			['s3', 1, 33.33],
			['s4', 1, 100],
		]);
		expect(a).toMatchObject({
			won: 1,
			lost: 1,
			movedOut: 1,
			stillOpen: 2,
			wonConversionPercent: 100,
		});
		expect(b).toMatchObject({ pipelineId: 'B', entered: 1, won: 0, movedOut: 0, stillOpen: 1 });
		expect(b.stages.map((s) => s.reached)).toEqual([1, 1]);
		// The manager's own funnels.
		expect(manager('u2').funnels.map((f) => [f.pipelineId, f.entered])).toEqual([
			['A', 2],
			['B', 1],
		]);
	});

	test('first response of the new deals in the audit tiers, a call after the week included', () => {
		expect(result.total.firstResponse).toEqual({
			newDeals: 5,
			tiers: { ideal: 1, normal: 2, acceptable: 0, undesirable: 1 },
			notYet: 1,
			idealPercent: 20,
			medianMinutes: 105,
		});
	});

	test('talk minutes per manager per day, the days over 3 hours flagged', () => {
		expect(manager('u1').talk).toEqual({
			calls: 5,
			minutes: 241,
			activeDays: 3,
			averagePerDayMinutes: 80.3,
			maxDay: { date: '2026-11-17', minutes: 210 },
			daysOverLimit: [{ date: '2026-11-17', minutes: 210 }],
		});
		// A call without talk time is no talk; pipelines have no talk of their own.
		expect(manager('u2').talk).toMatchObject({ calls: 1, minutes: 5, daysOverLimit: [] });
		expect(pipeline('A').talk).toBeNull();
		expect(result.total.talk).toMatchObject({ minutes: 246, daysOverLimit: [] });
	});

	test('talk days are days of the company time zone', () => {
		const input = week();
		const moscow = computeFunnelMetrics({
			...input,
			period: { ...PERIOD, timeZone: 'Europe/Moscow' },
		});
		// 14:00 UTC is 17:00 in Moscow, 21:00 UTC already the next day there.
		expect(moscow.managers.find((m) => m.id === 'u2')!.talk!.maxDay!.date).toBe('2026-11-19');
	});

	test('only the chosen pipelines are reported', () => {
		const only = computeFunnelMetrics({ ...week(), pipelineIds: ['B'] });
		expect(only.pipelines.map((p) => p.id)).toEqual(['B']);
		expect(only.total.sales).toMatchObject({ created: 0, won: 0, lost: 0 });
		expect(only.total.funnels.map((f) => [f.pipelineId, f.entered])).toEqual([['B', 1]]);
	});

	test('Bitrix24-style rows (creation recorded, the stage left unknown) give the same funnel', () => {
		const input = week();
		const changes = new Map(input.changes);
		changes.set('d1', [
			row('d1', '2026-11-16T10:00:00.000Z', ['A', 's1'], 'created'),
			row('d1', '2026-11-16T12:00:00.000Z', ['A', 's2']),
			row('d1', '2026-11-17T12:00:00.000Z', ['A', 's4']),
			row('d1', '2026-11-18T10:00:00.000Z', ['A', '142']),
		]);
		changes.set('d3', [
			row('d3', '2026-11-18T09:00:00.000Z', ['A', 's3']),
			row('d3', '2026-11-20T00:00:00.000Z', ['A', '142']),
		]);
		const same = computeFunnelMetrics({ ...input, changes });
		expect(same.total.funnels).toEqual(result.total.funnels);
		expect(same.total.sales).toEqual(result.total.sales);
	});

	test('a deal closed before the window with no change since keeps its close time and is not in the week', () => {
		const input = week();
		const old = deal('d9', {
			createdAt: '2026-09-01T00:00:00.000Z',
			stageId: '142',
			semantics: 'won',
			price: 1,
			closedAt: '2026-10-01T00:00:00.000Z',
		});
		const made = deal('d10', {
			createdAt: '2026-11-20T00:00:00.000Z',
			stageId: '142',
			semantics: 'won',
			price: 10,
			closedAt: '2026-11-20T00:00:00.000Z',
		});
		const res = computeFunnelMetrics({ ...input, deals: [...(input.deals as never[]), old, made] });
		// d10 was made won (no move recorded): a win of the week, with no cycle.
		expect(res.total.sales).toMatchObject({ won: 3, created: 6, revenue: 150_010 });
	});

	test('pipelines without a deal in the week still get their row', () => {
		const empty = computeFunnelMetrics({
			...week(),
			deals: [],
			changes: new Map(),
			calls: [],
			dealCalls: new Map(),
		});
		expect(empty.pipelines.map((p) => [p.id, p.sales.created, p.funnels.length])).toEqual([
			['A', 0, 0],
			['B', 0, 0],
		]);
		expect(empty.managers).toEqual([]);
		expect(empty.total.sales.averageCheck).toBeNull();
	});

	test('the incoming stage is no funnel step', () => {
		const input = week();
		const d = deal('d11', { createdAt: '2026-11-20T00:00:00.000Z', stageId: 's1' });
		const changes = new Map(input.changes);
		changes.set('d11', [move('d11', '2026-11-20T01:00:00.000Z', ['A', 'inbox'], ['A', 's1'])]);
		const res = computeFunnelMetrics({ ...input, deals: [d], changes, pipelineIds: ['A'] });
		expect(res.total.funnels[0].stages.map((s) => s.stageId)).toEqual(['s1', 's2', 's3', 's4']);
		expect(res.total.funnels[0]).toMatchObject({ entered: 1, stillOpen: 1 });
		expect(res.total.funnels[0].stages[0].reached).toBe(1);
		expect(PIPELINES[0].stages[0].isIncoming).toBe(true);
	});
});
