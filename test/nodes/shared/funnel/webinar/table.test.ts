import { ActivityButtonMatcher } from '../../../../../nodes/shared/funnel/webinar/buttons';
import { readCsvReport } from '../../../../../nodes/shared/funnel/webinar/csvReport';
import {
	fieldOfHeader,
	isAttendeeHeader,
	mapColumns,
} from '../../../../../nodes/shared/funnel/webinar/tableColumns';
import { TableItemReader } from '../../../../../nodes/shared/funnel/webinar/tableItems';
import { context, fixtureText, seedButtons } from './helpers';

describe('table headers are recognised by meaning, in Russian and English', () => {
	test.each([
		['Имя', 'name'],
		['ФИО', 'name'],
		['Name (Original Name)', 'name'],
		['User Name (Original Name)', 'name'],
		['Email', 'email'],
		['E-mail', 'email'],
		['Почта', 'email'],
		['Электронная почта', 'email'],
		['User Email', 'email'],
		['Телефон', 'phone'],
		['Телефон (мобильный)', 'phone'],
		['Phone', 'phone'],
		['Время просмотра', 'duration'],
		['Время просмотра (мин)', 'duration'],
		['Минут', 'duration'],
		['Duration (Minutes)', 'duration'],
		['Time in Session (minutes)', 'duration'],
		['Длительность', 'duration'],
		['Join Time', 'joinTime'],
		['Время входа', 'joinTime'],
		['Leave Time', 'leaveTime'],
		['Время выхода', 'leaveTime'],
		['Кнопки', 'buttons'],
		['Нажал', 'buttons'],
		['Нажатые кнопки', 'buttons'],
		['Клики', 'buttons'],
		['Attended', 'attended'],
		['Был', 'attended'],
		['Менеджер', 'manager'],
		['Тег менеджера', 'manager'],
		['Дата вебинара', 'date'],
		['Досмотрел', 'finished'],
		['Фамилия', 'lastName'],
	])('"%s" → %s', (header, field) => {
		expect(fieldOfHeader(header)).toBe(field);
	});

	test.each([
		['Дата регистрации'],
		['Registration Time'],
		['Approval Status'],
		['Комментарий'],
		['Guest'],
	])('"%s" is not a field we read', (header) => {
		expect(fieldOfHeader(header)).toBeNull();
	});

	test("the time column's header sets the unit of bare numbers", () => {
		const unit = (header: string) => mapColumns(['Имя', header], seedButtons).durationUnit;
		expect(unit('Время просмотра (сек)')).toBe('seconds');
		expect(unit('Duration (Minutes)')).toBe('minutes');
		expect(unit('Время просмотра, часов')).toBe('hours');
		expect(mapColumns(['Имя', 'Время просмотра'], seedButtons, 'seconds').durationUnit).toBe(
			'seconds',
		);
	});

	test('"Имя" beside "Фамилия" is a first name; an activity button may be a column of its own', () => {
		const map = mapColumns(['Имя', 'Фамилия', 'Почта', 'Подарок', 'Баннер'], seedButtons);
		expect(map.fields).toEqual({ firstName: 'Имя', lastName: 'Фамилия', email: 'Почта' });
		expect(map.buttonColumns.map((c) => c.header)).toEqual(['Подарок', 'Баннер']);
		expect(isAttendeeHeader(map)).toBe(true);
		expect(isAttendeeHeader(mapColumns(['Имя', 'Почта'], new ActivityButtonMatcher([])))).toBe(
			false,
		);
	});
});

describe('a Russian CSV export with every duration spelling', () => {
	const read = () => readCsvReport(fixtureText('table-ru.csv'), context(), seedButtons, 'minutes');

	test('reads every readable row and says why the others cannot be read', () => {
		const { rows, unreadable } = read();
		expect(rows.map((r) => [r.name, r.seconds, r.attended])).toEqual([
			['Анжелика', 1800, true],
			['Ирина', 4500, true],
			['Ольга', 4500, true],
			['Марат', 4500, true],
			['Пётр', 4500, true],
			['Анна', 4530, true],
			['Сергей', 4500, true],
			['Елена "Лена"', null, false],
		]);
		expect(unreadable).toEqual([
			expect.objectContaining({
				rowNumber: 10,
				reason: expect.stringContaining('"полтора часа" is not a viewing time'),
			}),
			expect.objectContaining({ rowNumber: 11, reason: 'the row has no name, email or phone' }),
		]);
	});

	test('keeps the manager tag and the buttons of the row', () => {
		const [angelika, irina] = read().rows;
		expect(angelika).toMatchObject({
			managerTag: 'Наталья',
			phone: '+79161234567',
			email: 'ang5350@yandex.ru',
		});
		expect(irina.buttons).toEqual(['Подарок', 'Инстаграм']);
	});
});

describe('table rows arriving one per item (Google Sheets, Extract From File)', () => {
	test('reads English headers, join/leave times, "Attended" and button columns', () => {
		const reader = new TableItemReader(seedButtons, 'minutes');
		const rows = [
			{
				'First Name': 'Ivan',
				'Last Name': 'Petrov',
				Email: 'IVAN@example.com',
				'Join Time': '2021-09-13 19:00',
				'Leave Time': '2021-09-13 20:05',
				Подарок: 'да',
			},
			{
				Name: 'Maria',
				Email: 'maria@example.com',
				Attended: 'No',
				'Join Time': '',
				'Leave Time': '',
			},
			{
				Name: 'Oleg',
				Email: 'oleg@example.com',
				Attended: 'Yes',
				'Join Time': '2021-09-13 19:10',
				'Leave Time': '2021-09-13 19:20',
			},
		].map((json, i) => reader.read(json, context(i)));
		expect(rows.flatMap((r) => r.unreadable)).toEqual([]);
		expect(
			rows.flatMap((r) => r.rows).map((r) => [r.name, r.email, r.seconds, r.attended, r.buttons]),
		).toEqual([
			['Ivan Petrov', 'ivan@example.com', 3900, true, ['Подарок']],
			['Maria', 'maria@example.com', null, false, []],
			['Oleg', 'oleg@example.com', 600, true, []],
		]);
	});

	test('a zero or empty time means the registrant did not come; a date column separates sessions', () => {
		const reader = new TableItemReader(seedButtons, 'minutes');
		const read = (json: Record<string, unknown>) => reader.read(json, context()).rows[0];
		expect(read({ Имя: 'А', Почта: 'a@a.ru', Минут: 0 })).toMatchObject({
			attended: false,
			seconds: null,
		});
		expect(read({ Имя: 'Б', Почта: 'b@b.ru', Минут: '' })).toMatchObject({ attended: false });
		expect(read({ Имя: 'В', Почта: 'c@c.ru', Минут: 12 })).toMatchObject({
			attended: true,
			seconds: 720,
		});
		expect(
			read({ Имя: 'Г', Почта: 'd@d.ru', Минут: 12, 'Дата вебинара': '13.09.2021' }).webinar,
		).toMatchObject({ key: '2021-09-13', date: '2021-09-13' });
	});

	test('a Zoom CSV split by a generic reader: the header inside the data re-labels the rows below', () => {
		const reader = new TableItemReader(seedButtons, 'minutes');
		const items = [
			{
				'Meeting ID': '812 3456 7890',
				Topic: 'Вебинар',
				'Start Time': '09/13/2021 06:58:12 PM',
				'User Email': 'host@school.ru',
				'Duration (Minutes)': '125',
			},
			{
				'Meeting ID': 'Name (Original Name)',
				Topic: 'User Email',
				'Start Time': 'Join Time',
				'User Email': 'Leave Time',
				'Duration (Minutes)': 'Duration (Minutes)',
			},
			{
				'Meeting ID': 'Анжелика',
				Topic: 'ang5350@yandex.ru',
				'Start Time': '09/13/2021 07:01:10 PM',
				'User Email': '09/13/2021 07:31:10 PM',
				'Duration (Minutes)': '30',
			},
		];
		const results = items.map((json, i) => reader.read(json, context(i)));
		expect(results[0].unreadable[0].reason).toContain('not a row of attendees');
		expect(results[1].unreadable[0].reason).toContain('a header row inside the data');
		expect(results[2].rows.map((r) => [r.name, r.email, r.seconds])).toEqual([
			['Анжелика', 'ang5350@yandex.ru', 1800],
		]);
	});

	test('a row that names nobody, or whose only contact cannot be read, is unreadable with the reason', () => {
		const reader = new TableItemReader(seedButtons, 'minutes');
		expect(reader.read({ Почта: 'не указана', Минут: 30 }, context()).unreadable[0].reason).toBe(
			'email "не указана" cannot be read and the row has no name',
		);
		expect(reader.read({ Имя: '', Минут: 30 }, context()).unreadable[0].reason).toBe(
			'the row has no name, email or phone',
		);
	});
});

describe('files joined together', () => {
	test('the header repeated inside the file is skipped, not read as a person', () => {
		const { rows, unreadable } = readCsvReport(
			'Имя;Минут\nИван;70\nИмя;Минут\nПётр;20\n',
			context(),
			seedButtons,
			'minutes',
		);
		expect(rows.map((r) => r.name)).toEqual(['Иван', 'Пётр']);
		expect(unreadable).toEqual([]);
	});
});
