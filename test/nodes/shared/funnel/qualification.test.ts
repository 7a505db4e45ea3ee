import {
	classifyByBudgetAndUrgency,
	DEFAULT_THRESHOLDS,
	parseAnswer,
	scoreLead,
	QUALIFICATION_CRITERIA,
} from '../../../../nodes/shared/funnel/qualification';

const seed = (points: unknown[]) =>
	QUALIFICATION_CRITERIA.map((name, i) => ({ name, points: points[i] }));

describe('qualification scoring of seed 003 (criteria 1–5, summed, thresholds → A/B/C)', () => {
	test.each([
		[[5, 5, 4, 4], 18, 'A'],
		[[4, 4, 4, 4], 16, 'A'],
		[[4, 4, 4, 3], 15, 'B'],
		[[3, 3, 3, 2], 11, 'B'],
		[[3, 3, 2, 2], 10, 'C'],
		[[1, 1, 1, 1], 4, 'C'],
	])('points %j sum to %d → %s', (points, score, leadClass) => {
		const result = scoreLead(seed(points), DEFAULT_THRESHOLDS);
		expect(result).toMatchObject({ ok: true, score, class: leadClass, maxScore: 20 });
	});

	test('weights multiply a criterion and the maximum', () => {
		const result = scoreLead(
			[
				{ name: 'Fit', points: 5, weight: 2 },
				{ name: 'Channel', points: '3', weight: 1 },
			],
			{ a: 12, b: 8 },
		);
		expect(result).toMatchObject({ ok: true, score: 13, maxScore: 15, class: 'A' });
		if (result.ok) expect(result.reason).toBe('score 13 of 15 (Fit 5×2, Channel 3) → A (≥ 12)');
	});

	test('a criterion nobody could judge adds nothing and is named in the reason', () => {
		const result = scoreLead(seed([5, 5, '', null]));
		expect(result).toMatchObject({
			ok: true,
			score: 10,
			class: 'C',
			missing: [QUALIFICATION_CRITERIA[2], QUALIFICATION_CRITERIA[3]],
		});
		if (result.ok) expect(result.reason).toContain('not scored: Real need');
	});

	test.each([
		[[0, 3, 3, 3], 'not a score from 1 to 5'],
		[[6, 3, 3, 3], 'not a score from 1 to 5'],
		[['много', 3, 3, 3], 'not a score from 1 to 5'],
	])('refuses points outside 1–5: %j', (points, reason) => {
		const result = scoreLead(seed(points));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.reason).toContain(reason);
	});

	test('refuses a B threshold above the A threshold', () => {
		expect(scoreLead(seed([3, 3, 3, 3]), { a: 10, b: 12 })).toEqual({
			ok: false,
			reason: 'the B threshold (12) must not be above the A threshold (10)',
		});
	});
});

describe('A/B/C by budget and urgency (seed 000)', () => {
	test.each([
		['yes', 'yes', 'A'],
		['yes', 'no', 'B'],
		['yes', 'unknown', 'B'],
		['likely', 'yes', 'B'],
		['likely', 'no', 'C'],
		['no', 'yes', 'C'],
		['unknown', 'unknown', 'C'],
	] as const)('budget %s, urgent %s → %s', (budget, urgency, leadClass) => {
		expect(classifyByBudgetAndUrgency(budget, urgency).class).toBe(leadClass);
	});

	test.each([
		[true, 'yes'],
		['Да', 'yes'],
		['есть', 'yes'],
		['150 000 ₽', 'yes'],
		['Срочно', 'yes'],
		['возможно', 'likely'],
		['Скорее да', 'likely'],
		['нет', 'no'],
		[false, 'no'],
		['0', 'no'],
		['', 'unknown'],
		['не знаю', 'unknown'],
		[undefined, 'unknown'],
	])('reads %j as %s', (value, answer) => {
		expect(parseAnswer(value)).toBe(answer);
	});
});
