import { mergeAttendance } from '../../../../../nodes/shared/funnel/webinar/merge';
import type { AttendanceRow, WebinarInfo } from '../../../../../nodes/shared/funnel/webinar/types';

const session: WebinarInfo = { key: '', id: null, date: '2021-09-13', title: null };
const T = Date.parse('2021-09-13T16:00:00Z');
const MIN = 60_000;

function row(fields: Partial<AttendanceRow>): AttendanceRow {
	return {
		source: 'table',
		itemIndex: 0,
		name: '',
		email: null,
		phone: null,
		phoneRaw: null,
		sourceId: null,
		seconds: 600,
		joinedAt: null,
		leftAt: null,
		timeMerge: 'sum',
		buttons: [],
		attended: true,
		finished: null,
		managerTag: null,
		webinar: session,
		utm: null,
		city: null,
		chatMessages: null,
		...fields,
	};
}

describe('mergeAttendance: one person, however many rows', () => {
	test('the same email is one person: times add up, buttons are collected once, items are remembered', () => {
		const [person, ...others] = mergeAttendance([
			row({
				itemIndex: 0,
				name: 'Ирина',
				email: 'irina@mail.ru',
				seconds: 2400,
				buttons: ['Подарок'],
			}),
			row({
				itemIndex: 1,
				name: 'Ирина К',
				email: 'irina@mail.ru',
				seconds: 1500,
				buttons: ['Подарок', 'Баннер'],
				phone: '+79031112233',
				phoneRaw: '8 903 111 22 33',
			}),
		]);
		expect(others).toEqual([]);
		expect(person).toMatchObject({
			name: 'Ирина',
			email: 'irina@mail.ru',
			phone: '+79031112233',
			phoneRaw: '8 903 111 22 33',
			seconds: 3900,
			buttons: ['Подарок', 'Баннер'],
			itemIndexes: [0, 1],
			rowCount: 2,
		});
	});

	test('without an email, the same phone is one person — and joins the person whose email row had that phone', () => {
		const people = mergeAttendance([
			row({ itemIndex: 0, name: 'Анна', phone: '+79250001122', seconds: 900 }),
			row({
				itemIndex: 1,
				name: 'Анна',
				email: 'anna@mail.ru',
				phone: '+79250001122',
				seconds: 1200,
			}),
			row({ itemIndex: 2, name: 'Аня', phone: '+79250001122', seconds: 300 }),
		]);
		expect(people.map((p) => [p.email, p.phone, p.seconds, p.itemIndexes])).toEqual([
			['anna@mail.ru', '+79250001122', 2400, [0, 1, 2]],
		]);
	});

	test('two different emails are two people even with one phone (a family)', () => {
		const people = mergeAttendance([
			row({ name: 'Мама', email: 'mama@mail.ru', phone: '+79250001122' }),
			row({ name: 'Сын', email: 'son@mail.ru', phone: '+79250001122' }),
		]);
		expect(people.map((p) => p.email)).toEqual(['mama@mail.ru', 'son@mail.ru']);
	});

	test('a name alone joins the one person of that name; with two such people it stays apart', () => {
		const people = mergeAttendance([
			row({ itemIndex: 0, name: 'Анна', email: 'anna1@mail.ru' }),
			row({ itemIndex: 1, name: 'Олег', email: 'oleg@mail.ru' }),
			row({ itemIndex: 2, name: 'Анна', email: 'anna2@mail.ru' }),
			row({ itemIndex: 3, name: 'олег' }),
			row({ itemIndex: 4, name: 'Анна' }),
			row({ itemIndex: 5, name: 'АННА' }),
		]);
		expect(people.map((p) => [p.name, p.email, p.rowCount])).toEqual([
			['Анна', 'anna1@mail.ru', 1],
			['Олег', 'oleg@mail.ru', 2],
			['Анна', 'anna2@mail.ru', 1],
			['Анна', null, 2],
		]);
	});

	test('who is merged with whom does not depend on the order of the rows (only the output order does)', () => {
		const rows = [
			row({ itemIndex: 0, name: 'Анна', phone: '+79250001122' }),
			row({ itemIndex: 1, name: 'Анна', email: 'anna@mail.ru', phone: '+79250001122' }),
			row({ itemIndex: 2, name: 'Гость' }),
			row({ itemIndex: 3, name: 'Гость' }),
		];
		const summary = (rs: AttendanceRow[]) =>
			mergeAttendance(rs)
				.map((p) => [p.email, p.rowCount, [...p.itemIndexes]])
				.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
		expect(summary([...rows].reverse())).toEqual(summary(rows));
	});

	test('Bizon spans that overlap (two tabs) count once; separate spans add up', () => {
		const span = (from: number, to: number) =>
			row({
				email: 'tabs@mail.ru',
				timeMerge: 'union',
				joinedAt: T + from * MIN,
				leftAt: T + to * MIN,
				seconds: (to - from) * 60,
			});
		expect(mergeAttendance([span(0, 40), span(10, 50)])[0].seconds).toBe(50 * 60);
		expect(mergeAttendance([span(0, 20), span(30, 50), span(45, 70)])[0].seconds).toBe(60 * 60);
	});

	test('rows of different sessions never merge', () => {
		const other: WebinarInfo = { key: '2021-09-20', id: null, date: '2021-09-20', title: null };
		const people = mergeAttendance([
			row({ email: 'a@a.ru', seconds: 600 }),
			row({ email: 'a@a.ru', seconds: 600, webinar: other }),
		]);
		expect(people.map((p) => [p.webinar.date, p.seconds])).toEqual([
			['2021-09-13', 600],
			['2021-09-20', 600],
		]);
	});

	test("time stays unknown only when no row knew it; attendance is any row's", () => {
		const [person] = mergeAttendance([
			row({ email: 'x@x.ru', seconds: null, attended: false }),
			row({ email: 'x@x.ru', seconds: null, attended: true }),
		]);
		expect(person).toMatchObject({ seconds: null, attended: true });
	});
});
