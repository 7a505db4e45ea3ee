import {
	isoOf,
	localDate,
	parseMoment,
	webinarDateOf,
} from '../../../../../nodes/shared/funnel/webinar/reportTime';

describe('moments in webinar reports', () => {
	test.each([
		[1631548800000, '2021-09-13T16:00:00.000Z'],
		[1631548800, '2021-09-13T16:00:00.000Z'],
		['1631548800000', '2021-09-13T16:00:00.000Z'],
		['2021-09-13T16:00:00Z', '2021-09-13T16:00:00.000Z'],
		['2023-04-21T19:01:00+0300', '2023-04-21T16:01:00.000Z'],
		['2023-04-21T19:01:00+03:00', '2023-04-21T16:01:00.000Z'],
		['13.09.2021 19:00', '2021-09-13T16:00:00.000Z'],
		['2021-09-13 19:00:00', '2021-09-13T16:00:00.000Z'],
		['09/13/2021 07:01:10 PM', '2021-09-13T16:01:10.000Z'],
		['Sep 13, 2021 07:01 PM', '2021-09-13T16:01:00.000Z'],
	])('reads %p (zone-less text in Europe/Moscow)', (value, iso) => {
		expect(isoOf(parseMoment(value, 'Europe/Moscow'))).toBe(iso);
	});

	test.each([[''], ['--'], ['вчера'], [null], [{}], [0]])('%p is not a moment', (value) => {
		expect(parseMoment(value, 'Europe/Moscow')).toBeNull();
	});

	test('the webinar date is the local date in the chosen zone', () => {
		const lateEvening = Date.parse('2021-09-13T22:30:00Z');
		expect(localDate(lateEvening, 'Europe/Moscow')).toBe('2021-09-14');
		expect(localDate(lateEvening, 'America/New_York')).toBe('2021-09-13');
		expect(localDate(Date.parse('2024-03-31T00:59:59Z'), 'Europe/Berlin')).toBe('2024-03-31');
		expect(localDate(Date.parse('2024-03-30T22:59:59Z'), 'Europe/Berlin')).toBe('2024-03-30');
		expect(localDate(Date.parse('2024-10-26T18:29:00Z'), 'Asia/Kolkata')).toBe('2024-10-26');
		expect(localDate(Date.parse('2024-10-26T18:30:00Z'), 'Asia/Kolkata')).toBe('2024-10-27');
	});

	test('a typed webinar date in any common spelling', () => {
		expect(webinarDateOf('13.09.2021', 'Europe/Moscow')).toBe('2021-09-13');
		expect(webinarDateOf('2021-09-13', 'Europe/Moscow')).toBe('2021-09-13');
		expect(webinarDateOf('вчера', 'Europe/Moscow')).toBeNull();
	});

	test('isoOf writes exactly what Date#toISOString writes', () => {
		let ms = Date.UTC(1999, 11, 31, 23, 59, 59, 999);
		for (let i = 0; i < 20_000; i++) {
			expect(isoOf(ms)).toBe(new Date(ms).toISOString());
			ms += 7_919_993 + i;
		}
		expect(isoOf(Date.UTC(2021, 0, 1, 0, 0, 0, 5))).toBe('2021-01-01T00:00:00.005Z');
		expect(isoOf(null)).toBeNull();
	});
});
