/**
 * `crm.lead|deal|contact.userfield.*`: custom fields. A multiple enumeration field is how Bitrix24 portals keep
 * tags (reference §3.10); values are enumeration item ids.
 */
import { ApiError, legacyError } from '../envelope';
import { ENTITY_LOWER, type EntityName, type UserField } from '../fields';
import { matchFilter, orderBy } from '../filter';
import { nextId } from '../portal';
import {
	fieldsParam,
	idParam,
	page,
	param,
	startParam,
	type MethodContext,
	type MethodTable,
} from './context';

function coreError(description: string): ApiError {
	return new ApiError(400, 'ERROR_CORE', description);
}

export function showUserField(field: UserField): Record<string, unknown> {
	return {
		ID: String(field.ID),
		ENTITY_ID: field.ENTITY_ID,
		FIELD_NAME: field.FIELD_NAME,
		USER_TYPE_ID: field.USER_TYPE_ID,
		XML_ID: field.XML_ID,
		SORT: String(field.SORT),
		MULTIPLE: field.MULTIPLE,
		MANDATORY: field.MANDATORY,
		SHOW_FILTER: field.SHOW_FILTER,
		SHOW_IN_LIST: 'Y',
		EDIT_IN_LIST: 'Y',
		IS_SEARCHABLE: 'N',
		EDIT_FORM_LABEL: field.EDIT_FORM_LABEL.ru ?? field.FIELD_NAME,
		LIST_COLUMN_LABEL: field.LIST_COLUMN_LABEL.ru ?? field.FIELD_NAME,
		...(field.USER_TYPE_ID === 'enumeration'
			? {
					LIST: field.LIST.map((item) => ({
						ID: String(item.ID),
						SORT: String(item.SORT),
						VALUE: item.VALUE,
						DEF: item.DEF,
						XML_ID: item.XML_ID,
					})),
				}
			: {}),
	};
}

function rowsOf(value: unknown): Array<Record<string, unknown>> {
	const list = Array.isArray(value)
		? value
		: value && typeof value === 'object'
			? Object.values(value)
			: [];
	return list.filter((v) => v && typeof v === 'object') as Array<Record<string, unknown>>;
}

/** LIST on update: items with ID change (or go with DEL=Y), items without ID are added, others stay (inferred). */
function applyList(ctx: MethodContext, field: UserField, input: unknown) {
	for (const row of rowsOf(input)) {
		const id = Number(row.ID);
		if (Number.isInteger(id) && id > 0) {
			const index = field.LIST.findIndex((item) => item.ID === id);
			if (index < 0) continue;
			if (String(row.DEL ?? '').toUpperCase() === 'Y') field.LIST.splice(index, 1);
			else {
				if (row.VALUE !== undefined) field.LIST[index].VALUE = String(row.VALUE);
				if (row.SORT !== undefined) field.LIST[index].SORT = Number(row.SORT);
			}
			continue;
		}
		const value = String(row.VALUE ?? '').trim();
		if (!value) continue;
		const enumId = nextId(ctx.state, 'enum');
		field.LIST.push({
			ID: enumId,
			VALUE: value,
			SORT: Number(row.SORT ?? (field.LIST.length + 1) * 10),
			DEF: row.DEF === 'Y' ? 'Y' : 'N',
			XML_ID: String(row.XML_ID ?? `enum_${enumId}`),
		});
	}
}

function labelOf(fields: Record<string, unknown>, key: string): Record<string, string> | undefined {
	const raw = fields[key] ?? fields.LABEL;
	if (raw === undefined) return undefined;
	if (raw && typeof raw === 'object') return raw as Record<string, string>;
	return { ru: String(raw), en: String(raw) };
}

function userFieldMethods(entity: EntityName): MethodTable {
	const prefix = `crm.${ENTITY_LOWER[entity]}.userfield`;
	const entityId = `CRM_${entity}`;
	const fieldsOfEntity = (ctx: MethodContext) =>
		ctx.state.userFields.filter((f) => f.ENTITY_ID === entityId);
	const find = (ctx: MethodContext) => {
		const id = idParam(ctx.params);
		const field = fieldsOfEntity(ctx).find((f) => f.ID === id);
		if (!field) throw legacyError("The entity with ID '" + id + "' is not found.");
		return field;
	};
	return {
		[`${prefix}.list`]: {
			scope: 'crm',
			cost: 0.02,
			run: (ctx) => {
				const filter = param(ctx.params, 'filter');
				const rows = fieldsOfEntity(ctx).filter((f) =>
					matchFilter(filter, (name) => {
						const value = (f as unknown as Record<string, unknown>)[name];
						return value === undefined ? undefined : { values: [value] };
					}),
				);
				rows.sort(
					orderBy<UserField>(
						param(ctx.params, 'order') ?? { SORT: 'ASC' },
						(f, name) => (f as unknown as Record<string, unknown>)[name.toUpperCase()],
					),
				);
				return page(rows, startParam(ctx.params), (slice) => slice.map(showUserField));
			},
		},
		[`${prefix}.get`]: { scope: 'crm', cost: 0.01, run: (ctx) => showUserField(find(ctx)) },
		[`${prefix}.add`]: {
			scope: 'crm',
			cost: 0.2,
			run: (ctx) => {
				const fields = fieldsParam(ctx.params);
				const raw = String(fields.FIELD_NAME ?? '').toUpperCase();
				const name = raw.startsWith('UF_CRM_') ? raw : `UF_CRM_${raw}`;
				if (!raw || !/^UF_CRM_[A-Z0-9_]+$/.test(name) || name.length > 50)
					throw coreError(
						'Invalid field name: only A-Z, 0-9 and _ are allowed, up to 50 characters.',
					);
				if (fieldsOfEntity(ctx).some((f) => f.FIELD_NAME === name))
					throw coreError(`A field named ${name} already exists.`);
				const type = String(fields.USER_TYPE_ID ?? 'string') as UserField['USER_TYPE_ID'];
				const label = labelOf(fields, 'EDIT_FORM_LABEL') ?? { ru: name, en: name };
				const field: UserField = {
					ID: nextId(ctx.state, 'userfield'),
					ENTITY_ID: entityId,
					FIELD_NAME: name,
					USER_TYPE_ID: type,
					XML_ID: fields.XML_ID ? String(fields.XML_ID) : null,
					SORT: Number(fields.SORT ?? 100),
					MULTIPLE: String(fields.MULTIPLE ?? 'N').toUpperCase() === 'Y' ? 'Y' : 'N',
					MANDATORY: String(fields.MANDATORY ?? 'N').toUpperCase() === 'Y' ? 'Y' : 'N',
					SHOW_FILTER: 'E',
					EDIT_FORM_LABEL: label,
					LIST_COLUMN_LABEL: labelOf(fields, 'LIST_COLUMN_LABEL') ?? label,
					LIST: [],
				};
				if (type === 'enumeration') applyList(ctx, field, fields.LIST);
				ctx.state.userFields.push(field);
				for (const record of ctx.state.entities[entity].values())
					record[name] = field.MULTIPLE === 'Y' ? [] : null;
				return field.ID;
			},
		},
		[`${prefix}.update`]: {
			scope: 'crm',
			cost: 0.2,
			run: (ctx) => {
				const field = find(ctx);
				const fields = fieldsParam(ctx.params);
				if (fields.LIST !== undefined && field.USER_TYPE_ID === 'enumeration')
					applyList(ctx, field, fields.LIST);
				const label = labelOf(fields, 'EDIT_FORM_LABEL');
				if (label) field.EDIT_FORM_LABEL = label;
				if (fields.MANDATORY !== undefined)
					field.MANDATORY = String(fields.MANDATORY).toUpperCase() === 'Y' ? 'Y' : 'N';
				if (fields.SORT !== undefined) field.SORT = Number(fields.SORT);
				return true;
			},
		},
		[`${prefix}.delete`]: {
			scope: 'crm',
			cost: 0.2,
			run: (ctx) => {
				const field = find(ctx);
				ctx.state.userFields = ctx.state.userFields.filter((f) => f !== field);
				for (const record of ctx.state.entities[entity].values()) delete record[field.FIELD_NAME];
				return true;
			},
		},
	};
}

export const userFieldMethodTable: MethodTable = {
	...userFieldMethods('LEAD'),
	...userFieldMethods('DEAL'),
	...userFieldMethods('CONTACT'),
};
