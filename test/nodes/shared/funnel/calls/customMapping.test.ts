import {
	parseOutcomeTable,
	readCustomCall,
} from '../../../../../nodes/shared/funnel/calls/customMapping';

describe('a custom mapping for a telephony without a preset', () => {
	const { outcomes } = parseOutcomeTable(
		'ANSWERED = answered\nNO ANSWER = no answer\nАбонент занят = busy; OFF = unreachable',
	);

	test("reads the user's table of status = outcome lines", () => {
		expect(outcomes).toEqual({
			answered: 'answered',
			'no answer': 'no_answer',
			'абонент занят': 'busy',
			off: 'unreachable',
		});
		expect(parseOutcomeTable('X = maybe\nY').problems).toHaveLength(2);
	});

	test('maps a status case-insensitively and keeps the raw value', () => {
		const parsed = readCustomCall(
			{
				status: ' абонент ЗАНЯТ ',
				phone: '8 916 123-45-67',
				direction: 'исходящий',
				callId: 77,
				talkSeconds: '0',
			},
			{ outcomes },
		);
		expect(parsed).toMatchObject({
			ok: true,
			call: {
				source: 'custom',
				outcome: 'busy',
				rawStatus: 'абонент ЗАНЯТ',
				callId: '77',
				direction: 'outbound',
				clientPhone: '+79161234567',
				talkSeconds: 0,
			},
		});
	});

	test('an unlisted status is unknown, unless talk time is allowed to decide', () => {
		expect(readCustomCall({ status: 'WEIRD', talkSeconds: 30 }, { outcomes })).toMatchObject({
			call: { outcome: 'unknown', rawMeaning: '"WEIRD" is not in the mapping' },
		});
		expect(
			readCustomCall({ status: 'WEIRD', talkSeconds: 30 }, { outcomes, talkTimeDecides: true }),
		).toMatchObject({ call: { outcome: 'answered' } });
		expect(readCustomCall({ talkSeconds: 0 }, { outcomes, talkTimeDecides: true })).toMatchObject({
			call: { outcome: 'no_answer' },
		});
	});
});
