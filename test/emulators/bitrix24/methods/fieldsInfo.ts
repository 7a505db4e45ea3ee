import type { FieldDef, UserField } from '../fields';

/** `crm.*.fields`: a description per field, user fields with their enumeration items. */
export function describeFields(
	defs: Record<string, FieldDef>,
	userFields: UserField[],
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [name, def] of Object.entries(defs)) {
		out[name] = {
			type: def.type,
			isRequired: Boolean(def.required),
			isReadOnly: Boolean(def.readOnly),
			isImmutable: Boolean(def.immutable),
			isMultiple: Boolean(def.multiple),
			isDynamic: false,
			title: def.title,
			...(def.statusType ? { statusType: def.statusType } : {}),
		};
	}
	for (const field of userFields) {
		const label = field.EDIT_FORM_LABEL.ru ?? field.EDIT_FORM_LABEL.en ?? field.FIELD_NAME;
		out[field.FIELD_NAME] = {
			type: field.USER_TYPE_ID,
			isRequired: field.MANDATORY === 'Y',
			isReadOnly: false,
			isImmutable: false,
			isMultiple: field.MULTIPLE === 'Y',
			isDynamic: true,
			title: field.FIELD_NAME,
			listLabel: field.LIST_COLUMN_LABEL.ru ?? label,
			formLabel: label,
			filterLabel: label,
			...(field.USER_TYPE_ID === 'enumeration'
				? { items: field.LIST.map((item) => ({ ID: String(item.ID), VALUE: item.VALUE })) }
				: {}),
		};
	}
	return out;
}
