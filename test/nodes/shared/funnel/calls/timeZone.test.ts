import { DateTime } from 'luxon';

import { readTimeZone, steadyOffsetZone } from '../../../../../nodes/shared/funnel/calls/timeZone';

describe("a client's time zone as people write it", () => {
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
		expect(readTimeZone('Москва')).toEqual({
			ok: false,
			reason: '"Москва" is not a time zone (write Europe/Moscow, UTC+5 or МСК+2)',
		});
		expect(readTimeZone('UTC+15')).toMatchObject({ ok: false });
		expect(readTimeZone('')).toMatchObject({ ok: false, reason: 'no time zone given' });
		expect(readTimeZone(null)).toMatchObject({ ok: false });
	});
});

describe('a zone as a fixed offset while it keeps one (fast cadence arithmetic)', () => {
	const ms = (iso: string) => Date.parse(iso);

	test('Moscow is always UTC+3; Almaty UTC+5 since 2024-03-01', () => {
		expect(steadyOffsetZone('Europe/Moscow', ms('2024-03-30T12:00:00Z'))).toBe('UTC+3');
		expect(steadyOffsetZone('Asia/Almaty', ms('2025-06-01T12:00:00Z'))).toBe('UTC+5');
	});

	test('Berlin in summer is UTC+2, but not within two days before or sixteen days after a switch', () => {
		expect(steadyOffsetZone('Europe/Berlin', ms('2024-07-15T12:00:00Z'))).toBe('UTC+2');
		// Spring forward 2024-03-31: a week before and a day after are too close.
		expect(steadyOffsetZone('Europe/Berlin', ms('2024-03-24T12:00:00Z'))).toBeNull();
		expect(steadyOffsetZone('Europe/Berlin', ms('2024-04-01T12:00:00Z'))).toBeNull();
		expect(steadyOffsetZone('Europe/Berlin', ms('2024-04-03T12:00:00Z'))).toBe('UTC+2');
	});

	test('a fixed-offset zone and UTC stay what they are; a name that is no zone gives null', () => {
		expect(steadyOffsetZone('UTC+5', ms('2024-03-30T12:00:00Z'))).toBe('UTC+5');
		expect(steadyOffsetZone('UTC', ms('2024-03-30T12:00:00Z'))).toBe('UTC');
		expect(steadyOffsetZone('Mars/Olympus', ms('2024-03-30T12:00:00Z'))).toBeNull();
	});
});
