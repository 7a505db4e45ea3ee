/**
 * Cadence presets (stored as 'seed001' and 'seed003', so saved workflows load).
 * - Webinar funnel: "звоним клиенту в общей сложности 3 раза", then close lost "Не дозвонились более
 *   3 раз"; numbers outside +7, and Kazakhstan's +7 7xx, are foreign. Hours and spacing
 *   are those of lead handling.
 * - Lead handling: "не менее 7 раз", "с 10:00 до 19:00", a mobile "3 раза в день с разницей в 2 часа",
 *   a landline "любая частота" — the preset waits an hour between landline calls (0 allows back-to-back calls).
 *   Working days Monday to Friday: the window is office hours.
 */
import type { Cadence } from './cadence';

const OFFICE_HOURS = { start: '10:00', end: '19:00' };
const WEEKDAYS = [1, 2, 3, 4, 5];

export const CADENCE_PRESETS: Record<'seed001' | 'seed003', Cadence> = {
	seed001: {
		maxAttempts: 3,
		hours: OFFICE_HOURS,
		workingDays: WEEKDAYS,
		holidays: [],
		mobile: { maxPerDay: 3, minGapMinutes: 120 },
		landline: { maxPerDay: null, minGapMinutes: 60 },
		foreign: 'notRussia',
		stopOnWrongNumber: true,
	},
	seed003: {
		maxAttempts: 7,
		hours: OFFICE_HOURS,
		workingDays: WEEKDAYS,
		holidays: [],
		mobile: { maxPerDay: 3, minGapMinutes: 120 },
		landline: { maxPerDay: null, minGapMinutes: 60 },
		foreign: 'notPlusSeven',
		stopOnWrongNumber: true,
	},
};
