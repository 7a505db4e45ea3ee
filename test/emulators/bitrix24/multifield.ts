/**
 * Phones, e-mails, websites and messengers (`crm_multifield`): `{ID, TYPE_ID, VALUE, VALUE_TYPE}` rows with the
 * update semantics documented on crm.contact.update: an item without ID is appended; `{ID, VALUE}` overwrites;
 * `{ID, DELETE: "Y"}`, `{ID, VALUE: ""}` and a bare `{ID}` delete. `crm.item.*` uses `fm` keyed by `n0`/id.
 */
import type { MultifieldType, MultifieldValue } from './fields';

const DEFAULT_VALUE_TYPE: Record<MultifieldType, string> = {
	PHONE: 'WORK',
	EMAIL: 'WORK',
	WEB: 'WORK',
	IM: 'OTHER',
};

function rows(input: unknown): Array<Record<string, unknown>> {
	if (Array.isArray(input))
		return input.filter((r) => r && typeof r === 'object') as Array<Record<string, unknown>>;
	if (input && typeof input === 'object')
		return Object.values(input).filter((r) => r && typeof r === 'object') as Array<
			Record<string, unknown>
		>;
	return [];
}

/** Applies legacy multifield items to a record's list; `newId` hands out multifield ids. */
export function applyLegacyMultifield(
	current: MultifieldValue[],
	type: MultifieldType,
	input: unknown,
	newId: () => number,
): MultifieldValue[] {
	const list = current.map((m) => ({ ...m }));
	for (const row of rows(input)) {
		const id = Number(row.ID ?? row.id);
		const value = row.VALUE ?? row.value;
		const valueType = String(
			row.VALUE_TYPE ?? row.valueType ?? DEFAULT_VALUE_TYPE[type],
		).toUpperCase();
		if (!Number.isInteger(id) || id <= 0) {
			if (value !== undefined && value !== null && String(value).trim() !== '') {
				list.push({
					ID: newId(),
					TYPE_ID: type,
					VALUE_TYPE: valueType,
					VALUE: String(value).trim(),
				});
			}
			continue;
		}
		const index = list.findIndex((m) => m.ID === id);
		if (index < 0) continue;
		const deleting =
			String(row.DELETE ?? '').toUpperCase() === 'Y' ||
			value === undefined ||
			value === null ||
			String(value) === '';
		if (deleting) list.splice(index, 1);
		else
			list[index] = {
				...list[index],
				VALUE: String(value).trim(),
				VALUE_TYPE: row.VALUE_TYPE ? valueType : list[index].VALUE_TYPE,
			};
	}
	return list;
}

/** `fm` of crm.item.add/update: `{"n0": {typeId, valueType, value}, "101": {value: ""}}`. */
export function applyItemMultifields(
	current: MultifieldValue[],
	fm: unknown,
	newId: () => number,
): MultifieldValue[] {
	let list = current.map((m) => ({ ...m }));
	const entries = Array.isArray(fm)
		? fm.map((v, i) => [`n${i}`, v] as const)
		: Object.entries((fm as Record<string, unknown>) ?? {});
	for (const [key, raw] of entries) {
		if (!raw || typeof raw !== 'object') continue;
		const row = raw as Record<string, unknown>;
		const value = row.value === undefined || row.value === null ? '' : String(row.value).trim();
		if (/^\d+$/.test(key)) {
			const id = Number(key);
			if (value === '') list = list.filter((m) => m.ID !== id);
			else
				list = list.map((m) =>
					m.ID === id
						? { ...m, VALUE: value, VALUE_TYPE: String(row.valueType ?? m.VALUE_TYPE) }
						: m,
				);
			continue;
		}
		const type = String(row.typeId ?? '').toUpperCase() as MultifieldType;
		if (!['PHONE', 'EMAIL', 'WEB', 'IM'].includes(type) || value === '') continue;
		list.push({
			ID: newId(),
			TYPE_ID: type,
			VALUE_TYPE: String(row.valueType ?? DEFAULT_VALUE_TYPE[type]).toUpperCase(),
			VALUE: value,
		});
	}
	return list;
}
