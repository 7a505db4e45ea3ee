import {
	ActivityButtonMatcher,
	DEFAULT_ACTIVITY_BUTTONS,
} from '../../../../../nodes/shared/funnel/webinar/buttons';
import {
	webinarSegment,
	type SegmentRule,
} from '../../../../../nodes/shared/funnel/webinar/segment';
import type { WebinarAttendee } from '../../../../../nodes/shared/funnel/webinar/types';

function attendee(
	minutes: number | null,
	buttons: string[] = [],
	attended = true,
): WebinarAttendee {
	return {
		source: 'bizon365',
		name: 'Зритель',
		email: 'v@mail.ru',
		phone: null,
		phoneRaw: null,
		seconds: minutes === null ? null : minutes * 60,
		joinedAt: null,
		leftAt: null,
		buttons,
		attended,
		finished: null,
		managerTag: null,
		webinar: { key: '', id: null, date: null, title: null },
		utm: null,
		city: null,
		chatMessages: null,
		itemIndexes: [0],
		rowCount: 1,
	};
}

const seed: SegmentRule = {
	thresholdMinutes: 60,
	buttons: new ActivityButtonMatcher(DEFAULT_ACTIVITY_BUTTONS),
	precedence: 'activityFirst',
};

describe('the seed-001 segment rule', () => {
	test('routes an attendee who clicked «Подарок» to Showed activity', () => {
		expect(webinarSegment(attendee(20, ['Подарок']), seed)).toEqual({
			ok: true,
			segment: 'showedActivity',
			activityButtons: ['Подарок'],
		});
	});

	test('activity comes before time by default, even after two hours', () => {
		expect(webinarSegment(attendee(120, ['рассрочка от банка Тинькофф']), seed)).toMatchObject({
			segment: 'showedActivity',
			activityButtons: ['Рассрочка (Тинькофф)'],
		});
	});

	test('with "duration first" a clicker who stayed N minutes is Stayed ≥ N, a short clicker still Showed activity', () => {
		const durationFirst = { ...seed, precedence: 'durationFirst' as const };
		expect(webinarSegment(attendee(75, ['Баннер']), durationFirst)).toMatchObject({
			segment: 'stayedLong',
			activityButtons: ['Баннер'],
		});
		expect(webinarSegment(attendee(30, ['Баннер']), durationFirst)).toMatchObject({
			segment: 'showedActivity',
		});
	});

	test('exactly N minutes is Stayed ≥ N; a second less is Stayed < N', () => {
		expect(webinarSegment(attendee(60), seed)).toMatchObject({ segment: 'stayedLong' });
		expect(webinarSegment({ ...attendee(60), seconds: 3599 }, seed)).toMatchObject({
			segment: 'stayedShort',
		});
		expect(webinarSegment(attendee(0), seed)).toMatchObject({ segment: 'stayedShort' });
	});

	test('clicks on buttons that are not on the list do not count as activity', () => {
		expect(webinarSegment(attendee(10, ['Файл', 'Чат']), seed)).toMatchObject({
			segment: 'stayedShort',
			activityButtons: [],
		});
	});

	test('a registrant who did not come is Did not attend', () => {
		expect(webinarSegment(attendee(null, [], false), seed)).toMatchObject({
			segment: 'didNotAttend',
		});
	});

	test('an attendee with no known time and no activity cannot be routed, and says why', () => {
		const decision = webinarSegment(attendee(null), seed);
		expect(decision.ok).toBe(false);
		expect(!decision.ok && decision.reason).toContain('does not say how long');
		expect(webinarSegment(attendee(null, ['Подарок']), seed)).toMatchObject({
			segment: 'showedActivity',
		});
	});

	test("the threshold is the user's: 45 minutes moves a 50-minute viewer up", () => {
		expect(webinarSegment(attendee(50), { ...seed, thresholdMinutes: 45 })).toMatchObject({
			segment: 'stayedLong',
		});
	});
});
