import { normalizeName } from '../name';
import { toNumber } from '../tagging/tagRules';

/** A sales manager who can take leads, as the distribution sees them. */
export interface Manager {
	/** How the manager is remembered between executions: the CRM user id, else the name. */
	key: string;
	name: string;
	/** CRM user id ('' when the team is given by names only). */
	id: string;
	/** Share of round-robin turns (2 = twice as many as 1). */
	weight: number;
	/** Conversion to a sale, percent, or null when unknown. */
	conversion: number | null;
	/** Leads in work right now. */
	openLeads: number;
	absent: boolean;
}

/** One row as a user types it in the table or passes it as JSON. */
export interface ManagerRow {
	name?: unknown;
	id?: unknown;
	weight?: unknown;
	conversion?: unknown;
	openLeads?: unknown;
	absent?: unknown;
}

export type ParsedTeam = { ok: true; managers: Manager[] } | { ok: false; reason: string };

const ABSENT_WORDS = new Set([
	'true',
	'yes',
	'y',
	'1',
	'да',
	'absent',
	'away',
	'off',
	'vacation',
	'sick',
	'отпуск',
	'болеет',
	'больничный',
	'нет на месте',
	'отсутствует',
]);

/** Checks the team once: names, unique keys, sensible weights and percentages. */
export function parseManagers(
	rows: readonly ManagerRow[],
	absentList: readonly string[] = [],
): ParsedTeam {
	const absentKeys = new Set(absentList.map(personKey).filter(Boolean));
	const managers: Manager[] = [];
	const seen = new Set<string>();
	for (const [index, row] of rows.entries()) {
		const name = normalizeName(row.name);
		const id = normalizeName(row.id);
		const where = `manager ${index + 1}${name ? ` (${name})` : ''}`;
		if (!name && !id) return { ok: false, reason: `${where} has neither a name nor a CRM user id` };
		const key = id || name;
		if (seen.has(personKey(key)))
			return { ok: false, reason: `${where}: "${key}" is listed twice` };
		seen.add(personKey(key));

		const weight =
			row.weight === undefined || row.weight === '' || row.weight === null
				? 1
				: toNumber(row.weight);
		if (weight === null || weight < 0)
			return {
				ok: false,
				reason: `${where}: weight "${String(row.weight)}" must be a number, 0 or more`,
			};
		const conversion = isBlank(row.conversion) ? null : toNumber(row.conversion);
		if (conversion !== null && (conversion < 0 || conversion > 100)) {
			return { ok: false, reason: `${where}: conversion ${conversion}% must be between 0 and 100` };
		}
		if (!isBlank(row.conversion) && conversion === null) {
			return {
				ok: false,
				reason: `${where}: conversion "${String(row.conversion)}" is not a percentage`,
			};
		}
		const open = isBlank(row.openLeads) ? 0 : toNumber(row.openLeads);
		if (open === null || open < 0)
			return {
				ok: false,
				reason: `${where}: open leads "${String(row.openLeads)}" must be a number, 0 or more`,
			};

		const absent =
			isTrue(row.absent) ||
			absentKeys.has(personKey(name)) ||
			(id !== '' && absentKeys.has(personKey(id)));
		managers.push({ key, name: name || id, id, weight, conversion, openLeads: open, absent });
	}
	if (managers.length === 0) return { ok: false, reason: 'no managers given' };
	return { ok: true, managers };
}

/** Names and ids compare as people type them. */
export function personKey(value: string): string {
	return normalizeName(value).toLowerCase().replace(/ё/g, 'е');
}

function isTrue(value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	return typeof value === 'string' && ABSENT_WORDS.has(personKey(value));
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}
