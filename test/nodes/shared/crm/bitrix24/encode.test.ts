import { toQueryString } from '../../../../../nodes/shared/crm/bitrix24/encode';
import { parseStr } from '../../../../emulators/bitrix24/batch';

describe('batch command encoding', () => {
	test('survives PHP parse_str with +, &, #, %, spaces and non-Latin text intact', () => {
		const fields = { TITLE: 'Tom & Jerry #1 — 100% +7 (916)', NAME: 'Анжелика', COMMENTS: 'a=b?c' };
		expect(parseStr(toQueryString({ fields }))).toEqual({ fields });
	});

	test('writes nested objects and lists as PHP brackets', () => {
		const params = {
			fields: { PHONE: [{ VALUE: '+79161234567', VALUE_TYPE: 'WORK' }], UF_CRM_TAGS: [45, 46] },
			filter: { '>ID': 10, '@ASSIGNED_BY_ID': [1, 6] },
		};
		const query = toQueryString(params);
		expect(query).toContain('fields[PHONE][0][VALUE]=%2B79161234567');
		expect(query).toContain('filter[%3EID]=10');
		expect(parseStr(query)).toEqual({
			fields: { PHONE: [{ VALUE: '+79161234567', VALUE_TYPE: 'WORK' }], UF_CRM_TAGS: ['45', '46'] },
			filter: { '>ID': '10', '@ASSIGNED_BY_ID': ['1', '6'] },
		});
	});

	test('sends an empty list as an empty value (it clears a multiple field) and skips null', () => {
		expect(toQueryString({ fields: { UF_CRM_TAGS: [], TITLE: null, OPENED: true } })).toBe(
			'fields[UF_CRM_TAGS]=&fields[OPENED]=1',
		);
	});

	test('leaves batch references readable after decoding', () => {
		expect(parseStr(toQueryString({ id: '$result[c0][ID]' }))).toEqual({ id: '$result[c0][ID]' });
	});
});
