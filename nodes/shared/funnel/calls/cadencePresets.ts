/**
 * Cadence presets, by their stored value ('webinarFunnel', 'leadHandling'); `presetOf` also reads the values that
 * version 0.1 stored, so workflows saved with it still run.
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

export type CadencePreset = 'webinarFunnel' | 'leadHandling';

export const CADENCE_PRESETS: Record<CadencePreset, Cadence> = {
	webinarFunnel: {
		maxAttempts: 3,
		hours: OFFICE_HOURS,
		workingDays: WEEKDAYS,
		holidays: [],
		mobile: { maxPerDay: 3, minGapMinutes: 120 },
		landline: { maxPerDay: null, minGapMinutes: 60 },
		foreign: 'notRussia',
		stopOnWrongNumber: true,
	},
	leadHandling: {
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

/** The values version 0.1 stored for the presets. */
const OLD_VALUES: Record<string, CadencePreset> = {
	seed001: 'webinarFunnel',
	seed003: 'leadHandling',
};

/** The preset a stored Cadence value names (today's or version 0.1's), or undefined for any other value. */
export function presetOf(value: string): CadencePreset | undefined {
	if (Object.prototype.hasOwnProperty.call(CADENCE_PRESETS, value)) return value as CadencePreset;
	return Object.prototype.hasOwnProperty.call(OLD_VALUES, value) ? OLD_VALUES[value] : undefined;
}
