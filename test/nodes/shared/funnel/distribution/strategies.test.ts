import {
	parseManagers,
	type ManagerRow,
} from '../../../../../nodes/shared/funnel/distribution/managers';
import {
	pickManager,
	pruneRotation,
	rotationFrom,
	type DistributionSettings,
	type RotationState,
} from '../../../../../nodes/shared/funnel/distribution/strategies';

function team(rows: ManagerRow[]) {
	const parsed = parseManagers(rows);
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.managers;
}

/** Gives `count` leads in one run and returns who got each, plus the rotation to carry over. */
function distribute(
	rows: ManagerRow[],
	count: number,
	settings: Partial<DistributionSettings> = {},
	rotation: RotationState = { current: {} },
) {
	const managers = team(rows);
	const given = new Map<string, number>();
	const names: string[] = [];
	const reasons: string[] = [];
	for (let i = 0; i < count; i++) {
		const pick = pickManager(managers, given, rotation, {
			strategy: 'roundRobin',
			loadCap: null,
			minConversion: null,
			...settings,
		});
		if (!pick.ok) throw new Error(pick.reason);
		rotation = pick.rotation;
		given.set(pick.decision.manager.key, (given.get(pick.decision.manager.key) ?? 0) + 1);
		names.push(pick.decision.manager.name);
		reasons.push(pick.decision.reason);
	}
	return { names, reasons, rotation };
}

const four = [{ name: 'Анна' }, { name: 'Борис' }, { name: 'Вера' }, { name: 'Глеб' }];
const countOf = (names: string[]) =>
	names.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {});

describe('round robin', () => {
	test('takes turns in list order and explains each turn', () => {
		const { names, reasons } = distribute(four, 5);
		expect(names).toEqual(['Анна', 'Борис', 'Вера', 'Глеб', 'Анна']);
		expect(reasons[1]).toBe("round robin: Борис's turn among 4");
	});

	test('continues where the last run stopped: 4 runs of 25 leads split 25/25/25/25', () => {
		let rotation: RotationState = { current: {} };
		const all: string[] = [];
		for (let run = 0; run < 4; run++) {
			const result = distribute(four, 25, {}, rotationFrom(JSON.parse(JSON.stringify(rotation))));
			rotation = result.rotation;
			all.push(...result.names);
		}
		expect(countOf(all)).toEqual({ Анна: 25, Борис: 25, Вера: 25, Глеб: 25 });
	});

	test('skips an absent manager and says so; their turn is kept for their return', () => {
		const { names, reasons } = distribute(
			[{ name: 'Анна' }, { name: 'Борис', absent: 'отпуск' }, { name: 'Вера' }],
			4,
		);
		expect(names).toEqual(['Анна', 'Вера', 'Анна', 'Вера']);
		expect(reasons[0]).toContain('absent: Борис');
	});

	test('weights interleave: 2:1 gives A, B, A — not A, A, B', () => {
		expect(
			distribute(
				[
					{ name: 'A', weight: 2 },
					{ name: 'B', weight: 1 },
				],
				6,
			).names,
		).toEqual(['A', 'B', 'A', 'A', 'B', 'A']);
	});

	test('a weight of 0 takes no leads', () => {
		expect(countOf(distribute([{ name: 'A', weight: 0 }, { name: 'B' }], 3).names)).toEqual({
			B: 3,
		});
	});

	test('keys managers by CRM user id so renaming keeps the turn', () => {
		const first = distribute(
			[
				{ name: 'Анна', id: '11' },
				{ name: 'Борис', id: '12' },
			],
			1,
		);
		expect(first.rotation.current).toHaveProperty('11');
		const next = distribute(
			[
				{ name: 'Анна Петрова', id: '11' },
				{ name: 'Борис', id: '12' },
			],
			1,
			{},
			first.rotation,
		);
		expect(next.names).toEqual(['Борис']);
	});

	test('forgets turns of managers who left the team', () => {
		const managers = team([{ name: 'A' }]);
		expect(pruneRotation({ current: { A: 1, Z: -3 } }, managers)).toEqual({ current: { A: 1 } });
	});

	test('reads saved state defensively', () => {
		expect(rotationFrom(undefined)).toEqual({ current: {} });
		expect(rotationFrom({ current: { A: 1, B: 'x', C: null } })).toEqual({ current: { A: 1 } });
	});
});

describe('least open leads', () => {
	test('gives each lead to whoever has the fewest in work, counting what this run gave', () => {
		const rows = [
			{ name: 'Анна', openLeads: 5 },
			{ name: 'Борис', openLeads: 2 },
			{ name: 'Вера', openLeads: 3 },
		];
		const { names, reasons } = distribute(rows, 5, { strategy: 'leastOpenLeads' });
		expect(names).toEqual(['Борис', 'Борис', 'Вера', 'Борис', 'Вера']);
		expect(reasons[0]).toBe('fewest leads in work: Борис has 2 (Анна 5, Вера 3)');
	});
});

describe('by conversion with a load cap and a minimum conversion (seed 003)', () => {
	const rows = [
		{ name: 'Анна', conversion: 30, openLeads: 0 },
		{ name: 'Борис', conversion: 10, openLeads: 0 },
		{ name: 'Вера', conversion: 2, openLeads: 0 },
	];

	test('better conversion gets proportionally more leads', () => {
		// Conversions 30:10:2 — over 84 leads exactly 60:20:4.
		expect(countOf(distribute(rows, 84, { strategy: 'byConversion' }).names)).toEqual({
			Анна: 60,
			Борис: 20,
			Вера: 4,
		});
	});

	test('below the minimum conversion a manager gets nothing', () => {
		const { names, reasons } = distribute(rows, 8, { strategy: 'byConversion', minConversion: 5 });
		expect(countOf(names)).toEqual({ Анна: 6, Борис: 2 });
		expect(reasons[0]).toContain('skipped below 5% conversion: Вера');
	});

	test('a manager at the load cap gets no more until the others catch up', () => {
		const loaded = [
			{ name: 'Анна', conversion: 30, openLeads: 9 },
			{ name: 'Борис', conversion: 10, openLeads: 0 },
		];
		const { names, reasons } = distribute(loaded, 4, { strategy: 'byConversion', loadCap: 10 });
		expect(names).toEqual(['Анна', 'Борис', 'Борис', 'Борис']);
		expect(reasons[1]).toContain('at the cap of 10: Анна');
	});

	test('when everyone is at the cap the lead still goes somewhere: the least loaded', () => {
		const full = [
			{ name: 'Анна', conversion: 30, openLeads: 12 },
			{ name: 'Борис', conversion: 10, openLeads: 10 },
		];
		const { names, reasons } = distribute(full, 1, { strategy: 'byConversion', loadCap: 10 });
		expect(names).toEqual(['Борис']);
		expect(reasons[0]).toBe(
			'everyone is at the load cap of 10: gave it to the least loaded, Борис (10 in work)',
		);
	});

	test('refuses when a present manager has no conversion', () => {
		const pick = pickManager(
			team([{ name: 'Анна', conversion: 30 }, { name: 'Борис' }]),
			new Map(),
			{ current: {} },
			{ strategy: 'byConversion', loadCap: null, minConversion: null },
		);
		expect(pick).toEqual({
			ok: false,
			reason:
				'conversion is not given for Борис; distribution by conversion needs it for every present manager',
		});
	});
});

describe('nobody available', () => {
	test('every manager absent is an error with the names', () => {
		const pick = pickManager(
			team([{ name: 'Анна', absent: true }]),
			new Map(),
			{ current: {} },
			{ strategy: 'roundRobin', loadCap: null, minConversion: null },
		);
		expect(pick).toEqual({ ok: false, reason: 'every manager is marked absent (Анна)' });
	});
});

describe('the team table', () => {
	test.each([
		[[], 'no managers given'],
		[[{ name: '' }], 'has neither a name nor a CRM user id'],
		[[{ name: 'A' }, { name: 'a' }], '"a" is listed twice'],
		[[{ name: 'A', weight: -1 }], 'must be a number, 0 or more'],
		[[{ name: 'A', conversion: 140 }], 'must be between 0 and 100'],
		[[{ name: 'A', conversion: 'high' }], 'is not a percentage'],
		[[{ name: 'A', openLeads: 'lots' }], 'must be a number, 0 or more'],
	])('refuses %j', (rows, reason) => {
		const parsed = parseManagers(rows as ManagerRow[]);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.reason).toContain(reason);
	});

	test('reads "30%", "да" and an absent list by name or id', () => {
		const parsed = parseManagers(
			[
				{ name: 'Анна', id: '11', conversion: '30%', absent: 'да' },
				{ name: 'Борис', id: '12' },
				{ name: 'Вера' },
			],
			['12'],
		);
		expect(parsed.ok && parsed.managers.map((m) => [m.key, m.conversion, m.absent])).toEqual([
			['11', 30, true],
			['12', null, true],
			['Вера', null, false],
		]);
	});
});

describe("round robin balanced by the CRM's recent leads", () => {
	const ids = [
		{ name: 'Анна', id: '1' },
		{ name: 'Борис', id: '2' },
		{ name: 'Вера', id: '3' },
		{ name: 'Глеб', id: '4' },
	];

	test('gives the next leads to whoever received the fewest lately, then takes turns', () => {
		const received = new Map([
			['1', 3],
			['2', 1],
			['3', 2],
			['4', 1],
		]);
		const { names, reasons } = distribute(ids, 6, { received });
		// Борис and Глеб catch up with Вера, then everyone with Анна; a tie goes to whoever waited longest.
		expect(names).toEqual(['Борис', 'Глеб', 'Вера', 'Борис', 'Глеб', 'Анна']);
		expect(reasons[0]).toBe(
			'round robin by the CRM: Борис is furthest behind (recent leads: Анна 3, Борис 1, Вера 2, Глеб 1)',
		);
	});

	test('an extra lead given by two executions at once is made up by the next one', () => {
		// Two executions read the same counts and both gave Анна a lead: the CRM now shows her two ahead.
		const { names } = distribute(ids, 7, { received: new Map([['1', 2]]) });
		expect(countOf(names)).toEqual({ Борис: 2, Вера: 2, Глеб: 2, Анна: 1 });
	});

	test('weights still hold: weight 2 ends with twice the leads', () => {
		const weighted = [
			{ name: 'Анна', id: '1', weight: 2 },
			{ name: 'Борис', id: '2', weight: 1 },
		];
		const { names } = distribute(weighted, 9, { received: new Map() });
		expect(countOf(names)).toEqual({ Анна: 6, Борис: 3 });
	});

	test('equal counts keep rotating across executions when the CRM does not change between them', () => {
		let rotation: RotationState = { current: {} };
		const firsts: string[] = [];
		for (let run = 0; run < 4; run++) {
			const result = distribute(ids, 1, { received: new Map() }, rotation);
			rotation = result.rotation;
			firsts.push(result.names[0]);
		}
		expect(firsts).toEqual(['Анна', 'Борис', 'Вера', 'Глеб']);
	});

	test('absent managers and the load cap still apply', () => {
		const rows = [...ids.slice(0, 3), { ...ids[3], absent: true }];
		const { names } = distribute(rows, 3, { received: new Map([['2', 5]]), loadCap: 1 });
		expect(names).toEqual(['Анна', 'Вера', 'Борис']);
	});
});
