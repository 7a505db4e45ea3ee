/**
 * The card of a routed attendee: what a manager sees on the deal ("ang5350@yandex.ru, Анжелика",
 * 13.09.2021, 30 мин, the manager's tag), plus what the next node needs to create or move the deal.
 */
import { formatWatched } from './duration';
import { isoOf, localDate } from './reportTime';
import type { WebinarSegment } from './segment';
import type { WebinarAttendee, WebinarSource } from './types';

export interface WebinarCard {
	/** The deal name as webinar funnels write it: "email, name" (phone when there is no email). */
	dealName: string;
	name: string;
	email: string | null;
	phone: string | null;
	phoneRaw: string | null;
	webinarDate: string | null;
	webinarTitle: string | null;
	webinarId: string | null;
	/** Whole minutes watched (rounded down, so 59:59 is 59, matching the threshold). */
	minutesWatched: number | null;
	secondsWatched: number | null;
	/** "1 ч 15 мин", as the card shows it. */
	watched: string | null;
	buttonsClicked: string[];
	/** The clicked buttons that are on the activity list, under the list's names. */
	activityButtons: string[];
	finished: boolean | null;
	attended: boolean;
	segment: string;
	segmentKey: WebinarSegment;
	targetStage: string;
	managerTag: string | null;
	firstJoinedAt: string | null;
	lastLeftAt: string | null;
	/** Rows merged into this person (re-joins, connections). */
	sessions: number;
	source: WebinarSource;
	city: string | null;
	chatMessages: number | null;
	utm: Record<string, string> | null;
}

export interface CardDefaults {
	webinarDate: string | null;
	webinarTitle: string | null;
	managerTag: string | null;
	zone: string;
}

export function segmentLabel(segment: WebinarSegment, thresholdMinutes: number): string {
	switch (segment) {
		case 'showedActivity':
			return 'Showed activity';
		case 'stayedLong':
			return `Stayed ≥ ${thresholdMinutes} min`;
		case 'stayedShort':
			return `Stayed < ${thresholdMinutes} min`;
		case 'didNotAttend':
			return 'Did not attend';
	}
}

export function webinarCard(
	attendee: WebinarAttendee,
	segment: WebinarSegment,
	activityButtons: string[],
	label: string,
	targetStage: string,
	defaults: CardDefaults,
): WebinarCard {
	const seconds = attendee.seconds;
	const date =
		defaults.webinarDate ??
		attendee.webinar.date ??
		(attendee.joinedAt === null ? null : localDate(attendee.joinedAt, defaults.zone));
	return {
		dealName: dealNameOf(attendee),
		name: attendee.name,
		email: attendee.email,
		phone: attendee.phone,
		phoneRaw: attendee.phoneRaw,
		webinarDate: date,
		webinarTitle: defaults.webinarTitle ?? attendee.webinar.title,
		webinarId: attendee.webinar.id,
		minutesWatched: seconds === null ? null : Math.floor(seconds / 60),
		secondsWatched: seconds,
		watched: seconds === null ? null : formatWatched(seconds),
		buttonsClicked: attendee.buttons,
		activityButtons,
		finished: attendee.finished,
		attended: attendee.attended,
		segment: label,
		segmentKey: segment,
		targetStage,
		managerTag: attendee.managerTag ?? defaults.managerTag,
		firstJoinedAt: isoOf(attendee.joinedAt),
		lastLeftAt: isoOf(attendee.leftAt),
		sessions: attendee.rowCount,
		source: attendee.source,
		city: attendee.city,
		chatMessages: attendee.chatMessages,
		utm: attendee.utm,
	};
}

/** "ang5350@yandex.ru, Анжелика" — the email (or phone) and the name, whichever are known. */
function dealNameOf(attendee: WebinarAttendee): string {
	const contact = attendee.email ?? attendee.phone;
	if (contact && attendee.name) return `${contact}, ${attendee.name}`;
	return contact ?? attendee.name;
}
