/**
 * Deal (or lead) user fields written by the names the portal shows for them («Дата последнего вебинара» is
 * UF_CRM_LAST_WEBINAR, or UF_CRM_1721244707107 when made in the interface). The fields are known from
 * crm.deal.fields (read once per execution); values become what each type takes; one crm.<entity>.update per deal,
 * 50 to a batch — an update writes the same values however often it is sent.
 */
import { dateOf, fieldByName, flagOf, numberOf, type NamedField } from '../fieldNames';
import { nameKey } from '../stages';
import type { ItemResult, NamedFieldValues } from '../types';
import { failure, type Bitrix24Scope } from './scope';
import type { EntityFields } from './fieldInfo';

type Written = { written: string[]; missing: string[] };

interface UserField extends NamedField {
	type: string;
	multiple: boolean;
	items: Array<{ id: string; value: string }>;
}

export async function setFieldsByName(
	scope: Bitrix24Scope & { entityFields(): Promise<EntityFields> },
	items: NamedFieldValues[],
): Promise<Array<ItemResult<Written>>> {
	const results: Array<ItemResult<Written>> = items.map(() => ({
		ok: true,
		value: { written: [], missing: [] },
	}));
	if (items.every((item) => Object.keys(item.values).length === 0)) return results;
	const known = await scope.entityFields();
	const fields: UserField[] = [...known.userFieldInfo.entries()].map(([name, info]) => ({
		id: name,
		labels: [name, ...info.labels],
		type: info.type,
		multiple: info.multiple,
		items: known.lists.get(name)?.items ?? [],
	}));

	const updates: Array<{ index: number; id: string; fields: Record<string, unknown> }> = [];
	items.forEach((item, index) => {
		const values: Record<string, unknown> = {};
		const written: string[] = [];
		const missing: string[] = [];
		for (const [name, value] of Object.entries(item.values)) {
			const field = fieldByName(fields, name);
			if (!field) {
				missing.push(name);
				continue;
			}
			const converted = valueFor(field, value);
			if ('error' in converted) {
				results[index] = failure({ message: `«${name}»: ${converted.error}`, code: 'FIELD_VALUE' });
				return;
			}
			values[field.id] = converted.value;
			written.push(name);
		}
		results[index] = { ok: true, value: { written, missing } };
		if (written.length) updates.push({ index, id: item.dealId, fields: values });
	});
	if (updates.length === 0) return results;
	const runner = await scope.runner();
	const outcomes = await runner.run(
		updates.map((u) => ({
			method: `crm.${scope.entity}.update`,
			params: { id: Number(u.id), fields: u.fields, params: { REGISTER_SONET_EVENT: 'N' } },
		})),
	);
	updates.forEach((u, k) => {
		const outcome = outcomes[k];
		if (!outcome.ok) results[u.index] = failure(outcome.error);
	});
	return results;
}

function valueFor(
	field: UserField,
	value: string | number | boolean | null,
): { value: unknown } | { error: string } {
	if (value === null || value === '') return { value: field.multiple ? [] : '' };
	switch (field.type) {
		case 'date':
		case 'datetime': {
			const date = dateOf(value);
			if (!date) return { error: `"${value}" is not a date` };
			// A date alone stays a date (the portal reads it in its own zone); a moment keeps its time.
			return {
				value:
					field.type === 'date' || !date.withTime ? date.date : new Date(date.ms).toISOString(),
			};
		}
		case 'double':
		case 'integer':
		case 'money': {
			const number = numberOf(value);
			return number === null ? { error: `"${value}" is not a number` } : { value: number };
		}
		case 'boolean': {
			const flag = flagOf(value);
			return flag === null ? { error: `"${value}" is not yes or no` } : { value: flag ? 1 : 0 };
		}
		case 'enumeration': {
			const wanted = field.multiple ? String(value).split(',') : [String(value)];
			const ids: string[] = [];
			for (const text of wanted.map((t) => t.trim()).filter(Boolean)) {
				const option = field.items.find((i) => nameKey(i.value) === nameKey(text));
				if (!option) return { error: `"${text}" is not one of its options` };
				ids.push(option.id);
			}
			return { value: field.multiple ? ids : ids[0] };
		}
		default:
			return { value: String(value) };
	}
}
