import { mergeAttendance } from '../../../../../nodes/shared/funnel/webinar/merge';
import { readMtsLinkUsers } from '../../../../../nodes/shared/funnel/webinar/mtsLink';
import { brief, context, fixtureJson } from './helpers';

describe('MTS Link /stats/users (event sessions → connections in seconds)', () => {
	const users = fixtureJson<Array<Record<string, unknown>>>('mts-link-stats-users.json');
	const read = () => users.flatMap((user, i) => readMtsLinkUsers(user, context(i)).rows);

	test('sums the connections of a session; a session without connections is a registrant who did not come', () => {
		expect(read().map(brief)).toEqual([
			{
				name: 'Нина Смирнова',
				email: 'nina@example.com',
				phone: '+79165554433',
				seconds: 3900,
				buttons: [],
				attended: true,
			},
			{
				name: 'Павел Ильич Орлов',
				email: 'late@example.com',
				phone: '+79035550011',
				seconds: 600,
				buttons: [],
				attended: true,
			},
			{
				name: 'Елена Кузнецова',
				email: 'noshow@example.com',
				phone: null,
				seconds: null,
				buttons: [],
				attended: false,
			},
		]);
	});

	test('the session is the webinar: id, local date and title; the phone may come from the registration form', () => {
		const [nina] = read();
		expect(nina.webinar).toEqual({
			key: '9001',
			id: '9001',
			date: '2023-04-21',
			title: 'Больше чем игрушка',
		});
		expect(nina).toMatchObject({
			phoneRaw: '8 916 555-44-33',
			city: 'Казань',
			chatMessages: 4,
			utm: { source: 'telegram', medium: 'post', campaign: 'april' },
		});
		expect(nina.joinedAt).toBe(Date.parse('2023-04-21T16:01:00Z'));
		expect(nina.leftAt).toBe(Date.parse('2023-04-21T17:15:00Z'));
	});

	test('a list wrapper and the split items read the same', () => {
		const wrapped = readMtsLinkUsers({ data: users }, context()).rows.map(brief);
		expect(wrapped).toEqual(read().map(brief));
	});

	test('two sessions of a series stay two rows, never added together', () => {
		const user = {
			id: 1,
			email: 'twice@example.com',
			name: 'Вера',
			eventSessions: [
				{ id: 1, startsAt: '2023-04-21T19:00:00+0300', connections: [{ duration: 1800 }] },
				{ id: 2, startsAt: '2023-04-28T19:00:00+0300', connections: [{ duration: 3000 }] },
			],
		};
		const people = mergeAttendance(readMtsLinkUsers(user, context()).rows);
		expect(people.map((p) => [p.webinar.date, p.seconds])).toEqual([
			['2023-04-21', 1800],
			['2023-04-28', 3000],
		]);
	});

	test('a user without sessions is a registrant; a malformed user is unreadable', () => {
		expect(
			readMtsLinkUsers({ id: 5, email: 'r@r.ru', name: 'Р', eventSessions: [] }, context()).rows[0]
				.attended,
		).toBe(false);
		expect(
			readMtsLinkUsers({ data: [{ eventSessions: [] }, 'oops'] }, context(1)).unreadable,
		).toEqual([
			expect.objectContaining({
				itemIndex: 1,
				rowNumber: 2,
				reason: 'a user record has no "eventSessions"',
			}),
		]);
	});
});
