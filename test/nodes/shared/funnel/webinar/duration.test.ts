import { formatWatched, parseDuration } from '../../../../../nodes/shared/funnel/webinar/duration';

describe('parseDuration: every way a viewing time is written', () => {
	test.each([
		['30 мин', 1800],
		['30 минут', 1800],
		['1 ч 15 мин', 4500],
		['1ч15м', 4500],
		['1 час 15 минут', 4500],
		['1 ч. 15 мин.', 4500],
		['2 часа', 7200],
		['1,5 часа', 5400],
		['1:15', 4500],
		['01:15:00', 4500],
		['0:59:59', 3599],
		['12:00', 43200],
		['45:30', 2730],
		['90:00', 5400],
		['75', 4500],
		['75.5', 4530],
		['75,5', 4530],
		['4500 сек', 4500],
		['4500 s', 4500],
		['75 min', 4500],
		['75 minutes', 4500],
		['1h 15m', 4500],
		['1 hr 15 mins', 4500],
		['PT1H15M', 4500],
		['  45   мин ', 2700],
	])('reads "%s" as %i seconds', (text, seconds) => {
		expect(parseDuration(text)).toEqual({ ok: true, seconds });
	});

	test('takes numbers in the unit the column names, minutes by default', () => {
		expect(parseDuration(75)).toEqual({ ok: true, seconds: 4500 });
		expect(parseDuration(4500, 'seconds')).toEqual({ ok: true, seconds: 4500 });
		expect(parseDuration('1.25', 'hours')).toEqual({ ok: true, seconds: 4500 });
		expect(parseDuration('4500', 'seconds')).toEqual({ ok: true, seconds: 4500 });
	});

	test.each([[''], ['-'], ['--'], ['—'], [null], [undefined], ['нет']])(
		'treats %p as no time given',
		(value) => {
			expect(parseDuration(value)).toMatchObject({ ok: false, empty: true });
		},
	);

	test.each([
		['полтора часа'],
		['1:75'],
		['12:30:99'],
		['abc мин'],
		['5 лет'],
		['-10'],
		[true],
		[{ minutes: 5 }],
		['1 ч и ещё'],
	])('refuses %p with a reason that shows how to write it', (value) => {
		const result = parseDuration(value);
		expect(result).toMatchObject({ ok: false, empty: false });
		expect((result as { reason: string }).reason).toContain('1 ч 15 мин');
	});
});

describe('formatWatched: the card\'s "30 мин"', () => {
	test.each([
		[1800, '30 мин'],
		[4500, '1 ч 15 мин'],
		[7200, '2 ч'],
		[3599, '59 мин'],
		[45, '45 сек'],
	])('%i seconds → "%s"', (seconds, text) => {
		expect(formatWatched(seconds)).toBe(text);
	});
});
