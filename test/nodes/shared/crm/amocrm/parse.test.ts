import {
	callOutcomeOf,
	phoneKeys,
	toContact,
	toPipeline,
} from '../../../../../nodes/shared/crm/amocrm/parse';
import { bracketQuery } from '../../../../../nodes/shared/crm/amocrm/query';

describe('amoCRM parsing', () => {
	test.each([
		[4, 'answered'],
		[2, 'answered'],
		[6, 'no_answer'],
		[1, 'no_answer'],
		[3, 'no_answer'],
		[7, 'busy'],
		[5, 'wrong_number'],
		[8, 'unknown'],
		[undefined, 'unknown'],
	])('call_status %s is %s', (status, outcome) => {
		expect(callOutcomeOf(status)).toBe(outcome);
	});

	test('a pipeline lists its stages by sort with won and lost last', () => {
		const pipeline = toPipeline({
			id: 1,
			name: 'P',
			sort: 1,
			is_main: true,
			_embedded: {
				statuses: [
					{ id: 143, name: 'Lost', sort: 11000, type: 0, pipeline_id: 1 },
					{ id: 12, name: 'B', sort: 30, type: 0, pipeline_id: 1 },
					{ id: 142, name: 'Won', sort: 10000, type: 0, pipeline_id: 1 },
					{ id: 10, name: 'Incoming', sort: 10, type: 1, pipeline_id: 1 },
					{ id: 11, name: 'A', sort: 20, type: 0, pipeline_id: 1 },
				],
			},
		});
		expect(
			pipeline.stages.map((s) => `${s.name}:${s.semantics}${s.isIncoming ? ':incoming' : ''}`),
		).toEqual(['Incoming:open:incoming', 'A:open', 'B:open', 'Won:won', 'Lost:lost']);
	});

	test('phones stored as free text become E.164 keys', () => {
		const contact = toContact({
			id: 1,
			name: 'X',
			responsible_user_id: 2,
			created_at: 1,
			updated_at: 1,
			custom_fields_values: [
				{
					field_id: 1,
					field_code: 'PHONE',
					values: [
						{ value: '8 (916) 123-45-67' },
						{ value: '+7 701 111 0004' },
						{ value: 'доб. 12' },
					],
				},
			],
		});
		expect(phoneKeys(contact)).toEqual(['+79161234567', '+77011110004']);
	});

	test('queries use PHP brackets, as amoCRM reads them', () => {
		expect(
			decodeURIComponent(
				bracketQuery({
					filter: { statuses: { 0: { pipeline_id: 1, status_id: 142 } }, id: [5, 6] },
					with: 'contacts',
					query: '+7 916',
				}),
			),
		).toBe(
			'filter[statuses][0][pipeline_id]=1&filter[statuses][0][status_id]=142&filter[id][]=5&filter[id][]=6&with=contacts&query=+7 916',
		);
	});
});
