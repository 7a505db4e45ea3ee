/**
 * The webinar funnel's rule for sending a webinar's viewers to funnels:
 * - **Showed activity**: clicked any activity button (Баннер, Рассрочка (Тинькофф), Служба заботы о клиентах,
 *   Инстаграм, Мастер-классы, Подарок);
 * - **Stayed ≥ N min**: watched at least N minutes (60: the webinar lasts two hours and the course offer starts
 *   after minute 45, so whoever stayed an hour heard it);
 * - **Stayed < N min**: everyone else who came;
 * - **Did not attend**: a registrant the source lists as not having come.
 * Activity is checked before time by default; "duration first" sends a clicker who stayed N minutes to
 * Stayed ≥ N instead.
 */
import type { ActivityButtonMatcher } from './buttons';
import type { WebinarAttendee } from './types';

export type WebinarSegment = 'showedActivity' | 'stayedLong' | 'stayedShort' | 'didNotAttend';

export const WEBINAR_SEGMENTS: WebinarSegment[] = [
	'showedActivity',
	'stayedLong',
	'stayedShort',
	'didNotAttend',
];

export type SegmentPrecedence = 'activityFirst' | 'durationFirst';

export interface SegmentRule {
	/** N: minutes watched that make "stayed long". */
	thresholdMinutes: number;
	buttons: ActivityButtonMatcher;
	precedence: SegmentPrecedence;
}

export type SegmentDecision =
	| { ok: true; segment: WebinarSegment; activityButtons: string[] }
	| { ok: false; reason: string; activityButtons: string[] };

export function webinarSegment(attendee: WebinarAttendee, rule: SegmentRule): SegmentDecision {
	const activityButtons = rule.buttons.matchAll(attendee.buttons);
	const active = activityButtons.length > 0;
	if (!attendee.attended && !active) return { ok: true, segment: 'didNotAttend', activityButtons };
	const seconds = attendee.seconds;
	const long = seconds !== null && seconds >= rule.thresholdMinutes * 60;
	if (rule.precedence === 'durationFirst' && long)
		return { ok: true, segment: 'stayedLong', activityButtons };
	if (active) return { ok: true, segment: 'showedActivity', activityButtons };
	if (seconds === null) {
		return {
			ok: false,
			reason:
				'the source does not say how long this person watched, and no activity button was clicked',
			activityButtons,
		};
	}
	return { ok: true, segment: long ? 'stayedLong' : 'stayedShort', activityButtons };
}
