import {
	isBizonReport,
	readBizonReport,
	readBizonViewers,
} from '../../../../../nodes/shared/funnel/webinar/bizon365';
import { brief, context, fixtureJson } from './helpers';

describe('Bizon365 reports/get (usersMeta inside the JSON-string "report")', () => {
	const report = fixtureJson('bizon365-reports-get.json');

	test('is recognised in every form it arrives in', () => {
		const inner = (report.report as { report: string }).report;
		expect(isBizonReport(report)).toBe(true);
		expect(isBizonReport({ report: inner })).toBe(true);
		expect(isBizonReport(JSON.parse(inner))).toBe(true);
		expect(isBizonReport({ report: { usersMeta: {} } })).toBe(true);
		expect(isBizonReport({ webinarId: 'x*2021-09-13T19:00:00' })).toBe(false);
	});

	test('turns every viewer into a row: time = viewTill − view, clicks named', () => {
		const { rows, unreadable, webinar } = readBizonReport(report, context());
		expect(unreadable).toEqual([]);
		expect(webinar).toEqual({
			key: '27379:toys*2021-09-13T19:00:00',
			id: '27379:toys*2021-09-13T19:00:00',
			date: '2021-09-13',
			title: null,
		});
		expect(rows.map(brief)).toEqual([
			{
				name: 'Анжелика',
				email: 'ang5350@yandex.ru',
				phone: '+79161234567',
				seconds: 1800,
				buttons: [],
				attended: true,
			},
			{
				name: 'Ирина',
				email: 'irina.k@mail.ru',
				phone: '+79031112233',
				seconds: 7080,
				buttons: ['Файл'],
				attended: true,
			},
			{
				name: 'Ольга',
				email: 'olga@example.com',
				phone: null,
				seconds: 1800,
				buttons: ['Рассрочка от банка Тинькофф'],
				attended: true,
			},
			{
				name: 'Ольга (телефон)',
				email: 'olga@example.com',
				phone: null,
				seconds: 2400,
				buttons: [],
				attended: true,
			},
			{
				name: 'Marat',
				email: 'marat@example.kz',
				phone: '+77011234567',
				seconds: 4500,
				buttons: ['Баннер'],
				attended: true,
			},
			{
				name: 'Без времени',
				email: 'notime@example.com',
				phone: null,
				seconds: null,
				buttons: [],
				attended: true,
			},
			{
				name: 'Сергей',
				email: 'sergey@example.com',
				phone: null,
				seconds: 1800,
				buttons: ['Инстаграмм эксперта'],
				attended: true,
			},
		]);
	});

	test('keeps what the card and the CRM can use: UTM, city, chat messages, finished, viewer id', () => {
		const [angelika, irina] = readBizonReport(report, context()).rows;
		expect(angelika).toMatchObject({
			utm: { source: 'vk', medium: 'cpc', campaign: 'igrushka' },
			city: 'Москва',
			chatMessages: 2,
			sourceId: '6140f0a1b2c3d4e5f6a70001',
			timeMerge: 'union',
			finished: null,
		});
		expect(irina.finished).toBe(true);
	});

	test('a report that is not ready yet, or broken, comes out unreadable with the reason', () => {
		expect(readBizonReport({ report: { report: '{"usersMeta":' } }, context(3)).unreadable).toEqual(
			[
				expect.objectContaining({
					itemIndex: 3,
					reason: expect.stringContaining('not valid JSON'),
				}),
			],
		);
		expect(
			readBizonReport({ report: { report: '{"rating":[], "usersMeta": null}' } }, context())
				.unreadable[0].reason,
		).toContain('not be ready yet');
	});

	test('takes the date from the first view when the webinarId has none', () => {
		const inner = JSON.parse((report.report as { report: string }).report);
		expect(
			readBizonReport({ report: { report: JSON.stringify(inner) } }, context()).webinar?.date,
		).toBe('2021-09-13');
	});
});

describe('Bizon365 getviewers rows (v1 and v2)', () => {
	test('reads a page and a single row the same way', () => {
		const page = fixtureJson<{ viewers: Array<Record<string, unknown>> }>(
			'bizon365-getviewers-v2.json',
		);
		const fromPage = readBizonViewers(page, context()).rows.map(brief);
		const fromItems = page.viewers.flatMap((viewer, i) =>
			readBizonViewers(viewer, context(i)).rows.map(brief),
		);
		expect(fromPage).toEqual(fromItems);
		expect(fromPage).toEqual([
			{
				name: 'Пётр',
				email: 'petr@example.com',
				phone: '+79161112233',
				seconds: 3600,
				buttons: [],
				attended: true,
			},
			{
				name: 'Анна',
				email: null,
				phone: '+79250001122',
				seconds: 900,
				buttons: ['Баннер'],
				attended: true,
			},
			{
				name: 'Анна',
				email: null,
				phone: '+79250001122',
				seconds: 1200,
				buttons: [],
				attended: true,
			},
		]);
	});

	test('clickBanner of unknown type: a title, a flag, a timestamp, or nothing', () => {
		const row = (clickBanner: unknown) =>
			readBizonViewers(
				{ username: 'x', email: 'x@x.ru', view: 1, viewTill: 2, clickBanner },
				context(),
			).rows[0].buttons;
		expect(row('Подарок')).toEqual(['Подарок']);
		expect(row(true)).toEqual(['Баннер']);
		expect(row('1')).toEqual(['Баннер']);
		expect(row(1631553000000)).toEqual(['Баннер']);
		expect(row('2021-09-13T19:40:00')).toEqual(['Баннер']);
		expect(row(['Подарок', 'Инстаграм'])).toEqual(['Подарок', 'Инстаграм']);
		expect(row(false)).toEqual([]);
		expect(row('0')).toEqual([]);
		expect(row(undefined)).toEqual([]);
	});
});
