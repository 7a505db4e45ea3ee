import { unflattenBrackets } from '../../../../nodes/shared/n8n/brackets';

describe('unflattenBrackets (PHP bracket form keys)', () => {
	test('rebuilds an amoCRM status webhook into nested JSON with arrays', () => {
		expect(
			unflattenBrackets({
				'leads[status][0][id]': '10701093',
				'leads[status][0][status_id]': '142',
				'leads[status][0][custom_fields][0][values][0][value]': 'Сайт',
				'leads[status][1][id]': '2',
				'account[subdomain]': 'apfitness',
			}),
		).toEqual({
			leads: {
				status: [
					{ id: '10701093', status_id: '142', custom_fields: [{ values: [{ value: 'Сайт' }] }] },
					{ id: '2' },
				],
			},
			account: { subdomain: 'apfitness' },
		});
	});

	test('rebuilds a Bitrix24 event', () => {
		expect(
			unflattenBrackets({
				event: 'ONCRMLEADADD',
				'data[FIELDS][ID]': '1000983',
				'auth[application_token]': 't',
			}),
		).toEqual({
			event: 'ONCRMLEADADD',
			data: { FIELDS: { ID: '1000983' } },
			auth: { application_token: 't' },
		});
	});

	test('keeps sparse numeric keys as an object and appends empty brackets', () => {
		expect(unflattenBrackets({ 'a[0]': 'x', 'a[2]': 'y', 'b[]': '1' })).toEqual({
			a: { 0: 'x', 2: 'y' },
			b: ['1'],
		});
	});

	test('drops keys that would pollute Object.prototype', () => {
		const result = unflattenBrackets({
			'__proto__[polluted]': 'yes',
			'a[constructor][prototype][x]': '1',
			ok: '1',
		});
		expect(result).toEqual({ ok: '1' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('a key nesting thousands of levels keeps its value: the brackets past 32 levels stay one key, and the key is reported', () => {
		const key = `fields${'[a]'.repeat(5000)}`;
		const cut: string[] = [];
		const result = unflattenBrackets({ [key]: 'deep', name: 'Анна' }, { cut });
		expect(result.name).toBe('Анна');
		let node: unknown = result.fields;
		for (let level = 1; level < 31; level++) node = (node as Record<string, unknown>).a;
		expect(Object.keys(node as object)).toEqual(['[a]'.repeat(5000 - 30)]);
		expect(Object.values(node as object)).toEqual(['deep']);
		expect(cut).toEqual([
			`the key "${key.slice(0, 80)}…" nests deeper than 32 levels: the brackets past that were kept as one key`,
		]);
		expect(() => structuredClone(result)).not.toThrow();
	});

	test('thousands of appended values (`a[]=…`) keep their order without a quadratic count', () => {
		const flat: Record<string, unknown> = {};
		const many = Array.from({ length: 20_000 }, (_, i) => `v${i}`);
		// Object keys are unique, so each value gets its own path: a[][0], a[][1]… would collide; use a[i][].
		many.forEach((v, i) => (flat[`list[${i}][]`] = v));
		const result = unflattenBrackets(flat) as { list: string[][] };
		expect(result.list).toHaveLength(20_000);
		expect(result.list[19_999]).toEqual(['v19999']);
	});

	test('numeric keys at the top stay an object', () => {
		expect(unflattenBrackets({ '0[a]': '1', '1[a]': '2' })).toEqual({
			0: { a: '1' },
			1: { a: '2' },
		});
	});
});
