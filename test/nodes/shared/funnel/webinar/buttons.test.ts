import {
	ActivityButtonMatcher,
	buttonWords,
	DEFAULT_ACTIVITY_BUTTONS,
	parseActivityButtons,
	splitButtonList,
} from '../../../../../nodes/shared/funnel/webinar/buttons';

describe('activity buttons are matched the way people spell them', () => {
	const matcher = new ActivityButtonMatcher(DEFAULT_ACTIVITY_BUTTONS);

	test.each([
		['Баннер', 'Баннер'],
		['банер', 'Баннер'],
		['Перейти на баннер', 'Баннер'],
		['рассрочка от банка Тинькофф', 'Рассрочка (Тинькофф)'],
		['Рассрочка Tinkoff', 'Рассрочка (Тинькофф)'],
		['Служба заботы о клиенте', 'Служба заботы о клиентах'],
		['Инстаграмм', 'Инстаграм'],
		['Instagram', 'Инстаграм'],
		['Инстаграм эксперта', 'Инстаграм'],
		['мастер классы', 'Мастер-классы'],
		['Мастер-класс', 'Мастер-классы'],
		['Masterclass', 'Мастер-классы'],
		['ПОДАРОК', 'Подарок'],
		['Получить подарки', 'Подарок'],
	])('"%s" is the "%s" button', (clicked, listed) => {
		expect(matcher.match(clicked)).toBe(listed);
	});

	test.each([['Банк'], ['Рассрочка'], ['Служба доставки'], ['Файл'], ['Чат'], ['Заказать звонок']])(
		'"%s" is not an activity button',
		(clicked) => {
			expect(matcher.match(clicked)).toBeNull();
		},
	);

	test('lists each listed button once, in the listed order', () => {
		expect(matcher.matchAll(['Подарок', 'Инстаграмм', 'подарок', 'Чат', 'Баннер'])).toEqual([
			'Баннер',
			'Инстаграм',
			'Подарок',
		]);
	});

	test('an empty list matches nothing', () => {
		const none = new ActivityButtonMatcher([]);
		expect(none.isEmpty).toBe(true);
		expect(none.matchAll(['Баннер'])).toEqual([]);
	});

	test('words are compared without ь, doubled letters and in Cyrillic', () => {
		expect(buttonWords('Рассрочка (Тинькофф)')).toEqual(['расрочка', 'тинкоф']);
		expect(buttonWords('Instagram')).toEqual(['инстаграм']);
	});
});

describe('button lists in cells and parameters', () => {
	test('splits a cell on commas, semicolons, bars and new lines', () => {
		expect(splitButtonList('Баннер, Подарок;Инстаграм | Чат\nФайл')).toEqual([
			'Баннер',
			'Подарок',
			'Инстаграм',
			'Чат',
			'Файл',
		]);
		expect(splitButtonList(['Баннер', { title: 'Подарок' }])).toEqual(['Баннер', 'Подарок']);
		expect(splitButtonList('')).toEqual([]);
	});

	test('reads the Activity Buttons parameter', () => {
		expect(parseActivityButtons('Баннер, Рассрочка (Тинькофф)\nПодарок;;')).toEqual([
			'Баннер',
			'Рассрочка (Тинькофф)',
			'Подарок',
		]);
	});
});
