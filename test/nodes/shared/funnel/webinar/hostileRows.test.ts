import { isoOf } from '../../../../../nodes/shared/funnel/webinar/reportTime';
import { routeWebinarAttendance } from '../../../../../nodes/shared/funnel/webinar/route';
import { seedRouting } from './helpers';

/** Cases the fuzz suite (test/reliability/fuzz) found: each pinned here as behaviour. */
describe('Webinar Router core: rows nobody can read are still accounted for', () => {
	test('a person merged from three items who cannot be routed names all three items, not only the first', () => {
		const rows = [
			// Buttons that are not activity buttons, and no viewing time: the person cannot be placed in a funnel.
			{ Имя: 'Анна', Email: 'anna@yandex.ru', Кнопки: 'Чат' },
			{ Имя: 'Анна', Email: 'Anna@Yandex.RU ', Кнопки: 'Чат' },
			{ Имя: 'Анна', Email: 'anna@yandex.ru', Кнопки: 'Отзывы' },
		];
		const result = routeWebinarAttendance(
			rows.map((json, itemIndex) => ({ itemIndex, json })),
			seedRouting,
		);
		expect(result.attendees).toEqual([]);
		expect(result.unreadable).toEqual([
			expect.objectContaining({ itemIndex: 0, itemIndexes: [0, 1, 2] }),
		]);
	});

	test('a moment past what a Date can hold is no time at all, not a crash of the whole report', () => {
		expect(isoOf(1e21)).toBeNull();
		expect(isoOf(Number.NaN)).toBeNull();
		expect(isoOf(0)).toBe('1970-01-01T00:00:00.000Z');
	});
});
