import { toIsoTimestamp } from '../../../../nodes/shared/funnel/timestamp';

describe('toIsoTimestamp', () => {
	test.each([
		[1763890200, '2025-11-23T09:30:00.000Z'],
		['1763890200', '2025-11-23T09:30:00.000Z'],
		[1763890200000, '2025-11-23T09:30:00.000Z'],
		['2025-11-23T12:30:00+03:00', '2025-11-23T09:30:00.000Z'],
		['2025-11-23T09:30:00Z', '2025-11-23T09:30:00.000Z'],
		['23.11.2025 12:30', '2025-11-23T09:30:00.000Z'],
		['23.11.2025 12:30:15', '2025-11-23T09:30:15.000Z'],
		['2025-11-23 12:30:00', '2025-11-23T09:30:00.000Z'],
		['23.11.2025', '2025-11-22T21:00:00.000Z'],
	])('%j → %s (zone-less values read in Europe/Moscow)', (input, iso) => {
		expect(toIsoTimestamp(input)).toEqual({ ok: true, iso });
	});

	test('reads zone-less values in the zone given', () => {
		expect(toIsoTimestamp('23.11.2025 12:30', 'Asia/Almaty')).toEqual({ ok: true, iso: '2025-11-23T07:30:00.000Z' });
	});

	test.each([[''], [null], ['вчера'], [-5], ['32.13.2025']])('rejects %j', (input) => {
		expect(toIsoTimestamp(input).ok).toBe(false);
	});
});
