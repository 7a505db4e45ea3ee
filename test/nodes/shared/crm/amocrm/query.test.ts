import {
	bracketQuery,
	ID_QUERY_CHARS,
	idGroups,
} from '../../../../../nodes/shared/crm/amocrm/query';

describe('amoCRM id filters in groups', () => {
	const ids = (n: number, from = 30_000_000) =>
		Array.from({ length: n }, (_, i) => String(from + i));

	test('2,000 eight-digit lead ids are 8 reads of 250: a page each, and the URL stays under the gateway limit', () => {
		const groups = idGroups(ids(2_000), 'filter[id]');
		expect(groups.map((g) => g.length)).toEqual([250, 250, 250, 250, 250, 250, 250, 250]);
		for (const g of groups)
			expect(bracketQuery({ filter: { id: g } }).length).toBeLessThanOrEqual(ID_QUERY_CHARS);
		expect(groups.flat()).toEqual(ids(2_000));
	});

	test('longer ids or a longer key make smaller groups, never a URL over the limit and never an id lost', () => {
		const long = ids(1_000, 1_000_000_000_000);
		const groups = idGroups(long, 'filter[entity_id]');
		expect(groups.length).toBeGreaterThan(4);
		for (const g of groups)
			expect(bracketQuery({ filter: { entity_id: g } }).length).toBeLessThanOrEqual(ID_QUERY_CHARS);
		expect(groups.flat()).toEqual(long);
	});

	test('no ids, no groups; one id, one group', () => {
		expect(idGroups([], 'filter[id]')).toEqual([]);
		expect(idGroups(['5'], 'filter[id]')).toEqual([['5']]);
	});
});
