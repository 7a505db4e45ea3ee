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
});
