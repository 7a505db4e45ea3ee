import { detectItem } from '../../../../../nodes/shared/funnel/webinar/detect';
import { routeWebinarAttendance } from '../../../../../nodes/shared/funnel/webinar/route';
import { fixtureJson, fixtureText, seedRouting } from './helpers';

describe('detectItem: which source an item comes from', () => {
	test.each([
		['bizon365-reports-get.json', 'bizon365Report'],
		['bizon365-getviewers-v2.json', 'bizon365Viewers'],
		['zoom-webinar-participants.json', 'zoomParticipants'],
	])('%s is %s', (file, shape) => {
		expect(detectItem(fixtureJson(file), 'auto')).toMatchObject({ ok: true, shape });
	});

	test('single rows, MTS Link users and table rows', () => {
		expect(
			detectItem(
				fixtureJson<Array<Record<string, unknown>>>('mts-link-stats-users.json')[0],
				'auto',
			),
		).toMatchObject({ shape: 'mtsLinkUsers' });
		expect(
			detectItem({ username: 'a', email: 'a@a.ru', view: 1, viewTill: 2 }, 'auto'),
		).toMatchObject({ shape: 'bizon365Viewers' });
		expect(
			detectItem({ name: 'a', user_email: 'a@a.ru', join_time: 'x', duration: 5 }, 'auto'),
		).toMatchObject({ shape: 'zoomParticipants' });
		expect(detectItem({ Имя: 'a', Минут: 5 }, 'auto')).toMatchObject({ shape: 'tableRow' });
	});

	test("looks inside an n8n Webhook item's body", () => {
		const webhook = {
			headers: { 'content-type': 'application/json' },
			params: {},
			query: {},
			body: fixtureJson('bizon365-reports-get.json'),
		};
		expect(detectItem(webhook, 'auto')).toMatchObject({ ok: true, shape: 'bizon365Report' });
	});

	test('end-of-webinar notifications are recognised and the user is told which report to fetch', () => {
		const bizon = detectItem(
			{ webinarId: '27379:toys*2021-09-13T19:00:00', event: 'webinarEnd' },
			'auto',
		);
		const mts = detectItem(
			{
				event: 'eventSession.ended',
				occurredAt: '2023-04-21T16:00+03:00',
				data: { eventSessionId: 33333333 },
			},
			'auto',
		);
		const zoom = detectItem(
			{ event: 'webinar.ended', event_ts: 1, payload: { object: { uuid: 'x' } } },
			'auto',
		);
		expect(bizon).toMatchObject({ ok: false, reason: expect.stringContaining('reports/get') });
		expect(mts).toMatchObject({ ok: false, reason: expect.stringContaining('/stats/users') });
		expect(zoom).toMatchObject({ ok: false, reason: expect.stringContaining('/participants') });
	});

	test("a chosen format refuses another source's item, and says so", () => {
		expect(detectItem(fixtureJson('bizon365-reports-get.json'), 'zoom')).toMatchObject({
			ok: false,
			reason: expect.stringContaining(
				'looks like a Bizon365 report, not a Zoom participants report',
			),
		});
		expect(detectItem({ Имя: 'a', Минут: 5 }, 'mtsLink')).toMatchObject({
			ok: false,
			reason: expect.stringContaining('eventSessions'),
		});
		expect(detectItem({ Имя: 'a', Минут: 5 }, 'zoom')).toMatchObject({
			ok: true,
			shape: 'tableRow',
		});
	});
});

describe('routeWebinarAttendance: a whole webinar, end to end', () => {
	test('routes the seed-001 Bizon365 report into the three funnels with the card', () => {
		const { attendees, unreadable } = routeWebinarAttendance(
			[{ itemIndex: 0, json: fixtureJson('bizon365-reports-get.json') }],
			seedRouting,
		);
		expect(
			attendees.map((a) => [a.card.name, a.segment, a.card.minutesWatched, a.card.activityButtons]),
		).toEqual([
			['Анжелика', 'stayedShort', 30, []],
			['Ирина', 'stayedLong', 118, []],
			['Ольга', 'showedActivity', 65, ['Рассрочка (Тинькофф)']],
			['Marat', 'showedActivity', 75, ['Баннер']],
			['Сергей', 'showedActivity', 30, ['Инстаграм']],
		]);
		expect(unreadable).toEqual([
			expect.objectContaining({
				itemIndex: 0,
				source: 'bizon365',
				reason: expect.stringContaining('how long'),
			}),
		]);
		expect(attendees[0].card).toEqual({
			dealName: 'ang5350@yandex.ru, Анжелика',
			name: 'Анжелика',
			email: 'ang5350@yandex.ru',
			phone: '+79161234567',
			phoneRaw: '+7 (916) 123-45-67',
			webinarDate: '2021-09-13',
			webinarTitle: null,
			webinarId: '27379:toys*2021-09-13T19:00:00',
			minutesWatched: 30,
			secondsWatched: 1800,
			watched: '30 мин',
			buttonsClicked: [],
			activityButtons: [],
			finished: null,
			attended: true,
			segment: 'Stayed < 60 min',
			segmentKey: 'stayedShort',
			targetStage: 'Был на вебинаре менее часа',
			managerTag: null,
			firstJoinedAt: '2021-09-13T16:02:00.000Z',
			lastLeftAt: '2021-09-13T16:32:00.000Z',
			sessions: 1,
			source: 'bizon365',
			city: 'Москва',
			chatMessages: 2,
			utm: { source: 'vk', medium: 'cpc', campaign: 'igrushka' },
		});
	});

	test("Ольга's two overlapping Bizon records are one person with 65 minutes (10–75), not 70", () => {
		const { attendees } = routeWebinarAttendance(
			[{ itemIndex: 0, json: fixtureJson('bizon365-reports-get.json') }],
			seedRouting,
		);
		expect(attendees.find((a) => a.card.email === 'olga@example.com')?.card).toMatchObject({
			secondsWatched: 65 * 60,
			sessions: 2,
		});
	});

	test("the user's date, title, manager tag and stage names go on the card", () => {
		const { attendees } = routeWebinarAttendance(
			[{ itemIndex: 0, json: fixtureJson('bizon365-reports-get.json') }],
			{
				...seedRouting,
				webinarDate: '2021-09-14',
				webinarTitle: 'Больше чем игрушка',
				managerTag: 'Наталья',
				targetStages: { ...seedRouting.targetStages, stayedShort: 'Мало смотрел' },
			},
		);
		expect(attendees[0].card).toMatchObject({
			webinarDate: '2021-09-14',
			webinarTitle: 'Больше чем игрушка',
			managerTag: 'Наталья',
			targetStage: 'Мало смотрел',
		});
	});

	test('a CSV file and JSON items go through one merge: a person in both is one person', () => {
		const { attendees } = routeWebinarAttendance(
			[
				{ itemIndex: 0, csv: fixtureText('table-ru.csv') },
				{ itemIndex: 1, json: { Имя: 'Анжелика', Email: 'ANG5350@yandex.ru', Минут: 40 } },
			],
			seedRouting,
		);
		const angelika = attendees.find((a) => a.card.email === 'ang5350@yandex.ru');
		expect(angelika).toMatchObject({ segment: 'stayedLong', itemIndexes: [0, 1] });
		expect(angelika?.card).toMatchObject({ minutesWatched: 70, managerTag: 'Наталья' });
	});

	test('the Zoom webinar CSV gives Did not attend for its "Attended: No" registrant', () => {
		const { attendees } = routeWebinarAttendance(
			[{ itemIndex: 0, csv: fixtureText('zoom-webinar-attendees.csv') }],
			seedRouting,
		);
		expect(
			attendees.map((a) => [a.card.name, a.segment, a.card.minutesWatched, a.card.webinarTitle]),
		).toEqual([
			['Анжелика', 'stayedLong', 100, 'Больше чем игрушка'],
			['Денис Волков', 'didNotAttend', null, 'Больше чем игрушка'],
		]);
		expect(attendees[1].card).toMatchObject({
			targetStage: 'Не был на вебинаре',
			segment: 'Did not attend',
			attended: false,
		});
	});

	test('every input item is accounted for: it yields a person or an unreadable entry', () => {
		const inputs = [
			{ itemIndex: 0, json: { Имя: 'А', Почта: 'a@a.ru', Минут: 70 } },
			{ itemIndex: 1, json: { event: 'eventSession.ended', data: { eventSessionId: 1 } } },
			{ itemIndex: 2, json: { foo: 'bar' } },
			{ itemIndex: 3, json: { Имя: 'Б', Почта: 'b@b.ru', Минут: 'много' } },
		];
		const { attendees, unreadable } = routeWebinarAttendance(inputs, seedRouting);
		const seen = new Set([
			...attendees.flatMap((a) => a.itemIndexes),
			...unreadable.map((u) => u.itemIndex),
		]);
		expect([...seen].sort()).toEqual([0, 1, 2, 3]);
		expect(unreadable.map((u) => u.itemIndex)).toEqual([1, 2, 3]);
	});
});
