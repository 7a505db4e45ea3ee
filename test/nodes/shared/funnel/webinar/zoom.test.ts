import { ActivityButtonMatcher } from '../../../../../nodes/shared/funnel/webinar/buttons';
import { readCsvReport } from '../../../../../nodes/shared/funnel/webinar/csvReport';
import { mergeAttendance } from '../../../../../nodes/shared/funnel/webinar/merge';
import { readZoomParticipants } from '../../../../../nodes/shared/funnel/webinar/zoom';
import { brief, context, fixtureJson, fixtureText, seedButtons } from './helpers';

describe('Zoom participants report from the API (seconds, one row per join)', () => {
	const page = fixtureJson<{ participants: Array<Record<string, unknown>> }>(
		'zoom-webinar-participants.json',
	);

	test('reads each join as a row; waiting-room time is presence, not watching', () => {
		const { rows, unreadable, webinar } = readZoomParticipants(page, context());
		expect(unreadable).toEqual([]);
		expect(webinar?.date).toBe('2024-03-15');
		expect(rows.map(brief)).toEqual([
			{
				name: 'Иван Петров',
				email: 'ivan@example.com',
				phone: null,
				seconds: 2100,
				buttons: [],
				attended: true,
			},
			{
				name: 'Иван Петров',
				email: 'ivan@example.com',
				phone: null,
				seconds: 1800,
				buttons: [],
				attended: true,
			},
			{ name: 'Guest Maria', email: null, phone: null, seconds: 1200, buttons: [], attended: true },
			{ name: 'Guest Maria', email: null, phone: null, seconds: 900, buttons: [], attended: true },
			{
				name: 'Ольга',
				email: 'olga@example.com',
				phone: null,
				seconds: 0,
				buttons: [],
				attended: true,
			},
			{ name: 'Ольга', email: null, phone: null, seconds: 3900, buttons: [], attended: true },
		]);
	});

	test('re-joins add up per person: by email, by registrant id when the email is missing, by name for guests', () => {
		const people = mergeAttendance(readZoomParticipants(page, context()).rows);
		expect(people.map((p) => [p.name, p.email, p.seconds, p.rowCount])).toEqual([
			['Иван Петров', 'ivan@example.com', 3900, 2],
			['Guest Maria', null, 2100, 2],
			['Ольга', 'olga@example.com', 3900, 2],
		]);
		expect(people[0].joinedAt).toBe(Date.parse('2024-03-15T07:00:05Z'));
		expect(people[0].leftAt).toBe(Date.parse('2024-03-15T08:10:00Z'));
	});

	test('a row without duration takes leave − join; a row with neither is unreadable', () => {
		const { rows, unreadable } = readZoomParticipants(
			{
				participants: [
					{
						name: 'A',
						user_email: 'a@a.ru',
						join_time: '2024-03-15T07:00:00Z',
						leave_time: '2024-03-15T07:10:00Z',
					},
					{ name: 'B', user_email: 'b@b.ru', join_time: '2024-03-15T07:00:00Z' },
				],
			},
			context(2),
		);
		expect(rows.map((r) => r.seconds)).toEqual([600]);
		expect(unreadable).toEqual([
			expect.objectContaining({
				itemIndex: 2,
				rowNumber: 2,
				reason: expect.stringContaining('"duration"'),
			}),
		]);
	});
});

describe('Zoom portal CSV exports, preamble and all', () => {
	test('meeting participants: the preamble gives title, id and date; the host (its "User Email") is not an attendee', () => {
		const { rows, unreadable, webinar } = readCsvReport(
			fixtureText('zoom-meeting-participants.csv'),
			context(),
			seedButtons,
			'minutes',
		);
		expect(unreadable).toEqual([
			expect.objectContaining({ rowNumber: 8, reason: 'the host of the meeting, not an attendee' }),
		]);
		expect(webinar).toEqual({
			key: '812 3456 7890',
			id: '812 3456 7890',
			date: '2021-09-13',
			title: 'Больше чем игрушка: вебинар',
		});
		expect(rows.map((r) => [r.name, r.email, r.seconds])).toEqual([
			['Анжелика', 'ang5350@yandex.ru', 1800],
			['Ирина Ковалёва (Irina K)', 'irina.k@mail.ru', 2400],
			['Ирина Ковалёва (Irina K)', 'irina.k@mail.ru', 1500],
		]);
		expect(rows[0].joinedAt).toBe(Date.parse('2021-09-13T16:01:10Z'));
		expect(mergeAttendance(rows).map((p) => [p.email, p.seconds])).toEqual([
			['ang5350@yandex.ru', 1800],
			['irina.k@mail.ru', 3900],
		]);
	});

	test('webinar attendees: host and panelist sections are accounted for as not attendees; "Attended: No" is a registrant', () => {
		const { rows, unreadable, webinar } = readCsvReport(
			fixtureText('zoom-webinar-attendees.csv'),
			context(4),
			seedButtons,
			'minutes',
		);
		expect(webinar).toMatchObject({
			id: '912 3456 7890',
			title: 'Больше чем игрушка',
			date: '2021-09-13',
		});
		expect(unreadable).toEqual([
			expect.objectContaining({
				itemIndex: 4,
				rowNumber: 7,
				reason: 'a host or panelist of the webinar, not an attendee',
			}),
			expect.objectContaining({
				itemIndex: 4,
				rowNumber: 10,
				reason: 'a host or panelist of the webinar, not an attendee',
			}),
		]);
		expect(rows.map((r) => [r.name, r.email, r.phone, r.seconds, r.attended])).toEqual([
			['Анжелика', 'ang5350@yandex.ru', '+79161234567', 5400, true],
			['Анжелика', 'ang5350@yandex.ru', '+79161234567', 600, true],
			['Денис Волков', 'denis@example.com', '+79035557788', null, false],
		]);
	});

	test('a file without an attendee table says what it needs', () => {
		const { rows, unreadable } = readCsvReport(
			'Дата,Сумма\n13.09.2021,1000\n',
			context(),
			new ActivityButtonMatcher([]),
			'minutes',
		);
		expect(rows).toEqual([]);
		expect(unreadable).toEqual([
			expect.objectContaining({
				rowNumber: null,
				reason: expect.stringContaining('no attendee table'),
			}),
		]);
		expect(unreadable[0].reason).toContain('Дата, Сумма');
	});
});
