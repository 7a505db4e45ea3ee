import {
	closedByUser,
	conversions,
	openLeadsByUser,
	receivedByUser,
	type DealFact,
} from '../../../../../nodes/shared/funnel/distribution/crmHistory';

const deal = (
	responsibleUserId: string | null,
	semantics: DealFact['semantics'],
	createdAt: string,
	closedAt: string | null = null,
	updatedAt = createdAt,
): DealFact => ({
	responsibleUserId,
	semantics,
	createdAt,
	updatedAt,
	closedAt,
});

describe("what the CRM's deals say about each manager", () => {
	const deals = [
		deal('1', 'open', '2026-05-01'),
		deal('1', 'open', '2026-05-10'),
		deal('2', 'open', '2026-04-01'),
		deal(null, 'open', '2026-05-10'),
		deal('1', 'won', '2026-03-01', '2026-05-02'),
		deal('1', 'lost', '2026-03-01', '2026-05-03'),
		deal('1', 'lost', '2026-01-01', '2026-02-01'),
		deal('2', 'won', '2026-04-01', null, '2026-05-05'),
	];

	test('leads in work: open deals per responsible, unassigned ones aside', () => {
		expect(openLeadsByUser(deals)).toEqual(
			new Map([
				['1', 2],
				['2', 1],
			]),
		);
	});

	test('leads received since a moment', () => {
		expect(receivedByUser(deals, '2026-05-01')).toEqual(new Map([['1', 2]]));
	});

	test('conversion over a window: won of closed, by close time (else the last update); the team pooled', () => {
		const records = closedByUser(deals, '2026-04-15');
		expect(records).toEqual(
			new Map([
				['1', { won: 1, lost: 1 }],
				['2', { won: 1, lost: 0 }],
			]),
		);
		const { byUser, team } = conversions(records, ['1', '2', '3']);
		expect(byUser.get('1')).toEqual({ percent: 50, won: 1, closed: 2 });
		expect(byUser.get('2')).toEqual({ percent: 100, won: 1, closed: 1 });
		expect(byUser.get('3')).toEqual({ percent: null, won: 0, closed: 0 });
		expect(team).toEqual({ percent: 66.67, won: 2, closed: 3 });
	});
});
