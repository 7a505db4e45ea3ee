import { DateTime } from 'luxon';

import { readTimeZone } from '../../../../../nodes/shared/funnel/calls/timeZone';

describe('a client\'s time zone as people write it', () => {
	test.each([
		['Asia/Yekaterinburg', 'Asia/Yekaterinburg'],
		['МСК', 'UTC+3'],
		['МСК+2', 'UTC+5'],
		['msk-1', 'UTC+2'],
		['МСК +4', 'UTC+7'],
		['UTC+5', 'UTC+5'],
		['GMT+05:30', 'UTC+5:30'],
		['+3', 'UTC+3'],
		['UTC-3', 'UTC-3'],
		['UTC', 'UTC'],
		['МСК-3', 'UTC'],
	])('"%s" is %s', (text, zone) => {
		expect(readTimeZone(text)).toEqual({ ok: true, zone });
		expect(DateTime.now().setZone(zone).isValid).toBe(true);
	});

	test('anything else is refused with the forms it understands', () => {
		expect(readTimeZone('Москва')).toEqual({ ok: false, reason: '"Москва" is not a time zone (write Europe/Moscow, UTC+5 or МСК+2)' });
		expect(readTimeZone('UTC+15')).toMatchObject({ ok: false });
		expect(readTimeZone('')).toMatchObject({ ok: false, reason: 'no time zone given' });
		expect(readTimeZone(null)).toMatchObject({ ok: false });
	});
});
