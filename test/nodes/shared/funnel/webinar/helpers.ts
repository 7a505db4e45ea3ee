import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	ActivityButtonMatcher,
	DEFAULT_ACTIVITY_BUTTONS,
} from '../../../../../nodes/shared/funnel/webinar/buttons';
import { ContactReader } from '../../../../../nodes/shared/funnel/webinar/contacts';
import type { WebinarRouting } from '../../../../../nodes/shared/funnel/webinar/route';
import type { AttendanceRow, ReadContext } from '../../../../../nodes/shared/funnel/webinar/types';

export const FIXTURES = path.join(__dirname, '../../../../fixtures/webinar');

export function fixtureText(name: string): string {
	return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
	return JSON.parse(fixtureText(name)) as T;
}

export function context(itemIndex = 0, zone = 'Europe/Moscow'): ReadContext {
	return { contacts: new ContactReader('RU'), zone, itemIndex };
}

export const seedButtons = new ActivityButtonMatcher(DEFAULT_ACTIVITY_BUTTONS);

export const seedRouting: WebinarRouting = {
	format: 'auto',
	thresholdMinutes: 60,
	activityButtons: DEFAULT_ACTIVITY_BUTTONS,
	precedence: 'activityFirst',
	targetStages: {
		showedActivity: 'Проявил активность на вебинаре',
		stayedLong: 'Был на вебинаре более часа',
		stayedShort: 'Был на вебинаре менее часа',
		didNotAttend: 'Не был на вебинаре',
	},
	webinarDate: null,
	webinarTitle: null,
	managerTag: null,
	zone: 'Europe/Moscow',
	defaultCountry: 'RU',
	bareDurationUnit: 'minutes',
};

/** The fields a test usually cares about. */
export function brief(row: AttendanceRow) {
	return {
		name: row.name,
		email: row.email,
		phone: row.phone,
		seconds: row.seconds,
		buttons: row.buttons,
		attended: row.attended,
	};
}
