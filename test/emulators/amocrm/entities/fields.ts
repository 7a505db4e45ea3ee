import type { AccountState } from '../account';
import type { CustomField, EntityType, FieldValue, FieldValues } from '../model';
import { isIntLike, isRecord, type ItemErrors } from '../validation';

/**
 * Custom field values on write: each block names its field by `field_id` or `field_code` and REPLACES that
 * field's values wholesale (one PHONE value overwrites every phone); `values: null` clears it; fields not
 * mentioned stay. Stored in the read shape (`field_name`, `field_type`, `enum_id`, `enum_code`).
 */
export function prepareFieldValues(
	account: AccountState,
	entity: EntityType,
	input: unknown,
	errors: ItemErrors,
): ((current: FieldValues[] | null) => FieldValues[] | null) | undefined {
	if (input === undefined) return undefined;
	if (input === null) return () => null;
	if (!Array.isArray(input)) {
		errors.wrongType('custom_fields_values', 'array');
		return undefined;
	}
	const blocks: Array<{ field: CustomField; values: FieldValue[] | null }> = [];
	input.forEach((block, i) => {
		const path = `custom_fields_values.${i}`;
		if (!isRecord(block)) {
			errors.wrongType(path, 'array');
			return;
		}
		const field = account.field(entity, block);
		if (!field) {
			errors.notChoice(block.field_id !== undefined ? `${path}.field_id` : `${path}.field_code`);
			return;
		}
		if (block.values === null) {
			blocks.push({ field, values: null });
			return;
		}
		if (!Array.isArray(block.values)) {
			errors.wrongType(`${path}.values`, 'array');
			return;
		}
		const values = block.values.map((v, j) =>
			normaliseValue(field, v, errors, `${path}.values.${j}`),
		);
		if (values.every((v): v is FieldValue => v !== undefined)) blocks.push({ field, values });
	});
	return (current) => {
		const result = [...(current ?? [])];
		for (const { field, values } of blocks) {
			const at = result.findIndex((r) => r.field_id === field.id);
			if (values === null || values.length === 0) {
				if (at >= 0) result.splice(at, 1);
				continue;
			}
			const stored: FieldValues = {
				field_id: field.id,
				field_name: field.name,
				field_code: field.code,
				field_type: field.type,
				values,
			};
			if (at >= 0) result[at] = stored;
			else result.push(stored);
		}
		return result.length > 0 ? result : null;
	};
}

function normaliseValue(
	field: CustomField,
	raw: unknown,
	errors: ItemErrors,
	path: string,
): FieldValue | undefined {
	const item = isRecord(raw) ? raw : { value: raw };
	const enums = field.enums ?? [];
	switch (field.type) {
		case 'multitext': {
			if (typeof item.value !== 'string' && typeof item.value !== 'number')
				return void errors.wrongType(`${path}.value`, 'string');
			let chosen = enums[0];
			if (item.enum_id !== undefined) chosen = enums.find((e) => e.id === Number(item.enum_id))!;
			else if (item.enum_code !== undefined)
				chosen = enums.find((e) => e.value === String(item.enum_code).toUpperCase())!;
			if (!chosen)
				return void errors.notChoice(
					item.enum_id !== undefined ? `${path}.enum_id` : `${path}.enum_code`,
				);
			return { value: String(item.value), enum_id: chosen.id, enum_code: chosen.value };
		}
		case 'select':
		case 'radiobutton':
		case 'multiselect':
		case 'category': {
			const chosen =
				item.enum_id !== undefined
					? enums.find((e) => e.id === Number(item.enum_id))
					: enums.find((e) => e.value === String(item.value ?? ''));
			if (!chosen)
				return void errors.notChoice(
					item.enum_id !== undefined ? `${path}.enum_id` : `${path}.value`,
				);
			return { value: chosen.value, enum_id: chosen.id, enum_code: null };
		}
		case 'numeric':
		case 'price':
		case 'monetary':
			if (item.value === null || item.value === '' || Number.isNaN(Number(item.value)))
				return void errors.wrongType(`${path}.value`, 'numeric');
			return { value: String(item.value) };
		case 'checkbox':
			return {
				value:
					item.value === true || item.value === 1 || item.value === '1' || item.value === 'true',
			};
		case 'date':
		case 'date_time':
		case 'birthday':
			if (!isIntLike(item.value)) return void errors.wrongType(`${path}.value`, 'int');
			return { value: Number(item.value) };
		default:
			if (item.value === undefined || item.value === null || typeof item.value === 'object')
				return void errors.wrongType(`${path}.value`, 'string');
			return { value: String(item.value) };
	}
}

/** Every value of every field as text, for `query=` search. */
export function fieldTexts(values: FieldValues[] | null): string[] {
	return (values ?? []).flatMap((f) => f.values.map((v) => String(v.value ?? '')));
}

export function hasValue(values: FieldValues[] | null, fieldId: number): boolean {
	return (values ?? []).some(
		(f) => f.field_id === fieldId && f.values.some((v) => v.value !== '' && v.value !== null),
	);
}

/** `filter[custom_fields_values][{field_id}][]=…` — honoured only where API filtering is switched on. */
export function matchesFieldFilter(values: FieldValues[] | null, filter: unknown): boolean {
	if (!isRecord(filter)) return true;
	for (const [fieldId, wanted] of Object.entries(filter)) {
		const wantedValues = (
			Array.isArray(wanted) ? wanted : isRecord(wanted) ? Object.values(wanted) : [wanted]
		).map(String);
		const stored = (values ?? []).find((f) => f.field_id === Number(fieldId));
		if (
			!stored ||
			!stored.values.some(
				(v) => wantedValues.includes(String(v.value)) || wantedValues.includes(String(v.enum_id)),
			)
		)
			return false;
	}
	return true;
}
