/**
 * `crm.item.*` for leads (1), deals (2) and contacts (3): camelCase fields, ints, real error codes, funnel moves
 * (`categoryId`), stage-dependent required fields, and no save when nothing changed (reference §3.6).
 */
import { ENTITY_BY_TYPE_ID, type EntityName } from '../fields';
import { matchFilter, orderBy } from '../filter';
import { listRows } from '../listIndex';
import {
	camelIndex,
	fromItemFields,
	getRecord,
	itemLookup,
	showItem,
	table,
	writeFields,
	type WriteOptions,
} from '../records';
import { addRecord, deleteRecord } from './entities';
import {
	itemError,
	page,
	param,
	startParam,
	type MethodContext,
	type MethodTable,
} from './context';
import { camelName, FIELDS } from '../fields';
import { userFieldsOf } from '../portal';
import { describeFields } from './fieldsInfo';

const ITEM: WriteOptions = { allowCategoryMove: true, checkRequired: true, errors: 'item' };

function entityOf(ctx: MethodContext): EntityName {
	const raw = Number(param(ctx.params, 'entityTypeId'));
	if (raw === 5) throw itemError('ENTITY_TYPE_NOT_SUPPORTED', 'Entity type 5 is not supported');
	const entity = ENTITY_BY_TYPE_ID[raw];
	if (!entity) throw itemError('NOT_FOUND', 'Smart process not found');
	return entity;
}

function itemId(ctx: MethodContext): number {
	const id = Number(param(ctx.params, 'id'));
	if (!Number.isInteger(id) || id <= 0) throw itemError('NOT_FOUND', 'Element not found');
	return id;
}

function fieldsOf(ctx: MethodContext): Record<string, unknown> {
	const fields = ctx.params.fields;
	if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return {};
	return fields as Record<string, unknown>;
}

function originalNames(ctx: MethodContext): boolean {
	return String(ctx.params.useOriginalUfNames ?? 'N').toUpperCase() === 'Y';
}

/**
 * `crm.item.fields`: `{ fields: { id: { type, isRequired, isReadOnly, isImmutable, isMultiple, isDynamic, title,
 * upperName }, … } }` under the crm.item names (user fields as `ufCrm…`, or `UF_CRM_…` with
 * `useOriginalUfNames=Y`), enumeration user fields with their `items`. Phones and e-mails are not fields here
 * (`fm` carries them).
 */
function describeItemFields(ctx: MethodContext): Record<string, unknown> {
	const entity = entityOf(ctx);
	const useOriginal = originalNames(ctx);
	const legacy = describeFields(FIELDS[entity], userFieldsOf(ctx.state, entity));
	const fields: Record<string, unknown> = {};
	for (const [name, info] of Object.entries(legacy)) {
		if (FIELDS[entity][name]?.type === 'crm_multifield') continue;
		const key = name.startsWith('UF_') && useOriginal ? name : camelName(entity, name);
		fields[key] = { ...(info as Record<string, unknown>), upperName: name };
	}
	return { fields };
}

export const itemMethods: MethodTable = {
	'crm.item.fields': {
		scope: 'crm',
		cost: 0.01,
		run: describeItemFields,
	},
	'crm.item.add': {
		scope: 'crm',
		cost: 0.15,
		run: (ctx) => {
			const entity = entityOf(ctx);
			const raw = fieldsOf(ctx);
			const record = addRecord(ctx, entity, fromItemFields(ctx.state, entity, raw), ITEM);
			if (raw.fm) {
				writeFields(ctx, entity, record, {}, 'update', ITEM, { fm: raw.fm });
			}
			return { item: showItem(ctx.state, entity, record, undefined, originalNames(ctx)) };
		},
	},
	'crm.item.get': {
		scope: 'crm',
		cost: 0.03,
		run: (ctx) => {
			const entity = entityOf(ctx);
			const record = getRecord(ctx.state, entity, itemId(ctx));
			if (!record) throw itemError('NOT_FOUND', 'Element not found');
			return { item: showItem(ctx.state, entity, record, undefined, originalNames(ctx)) };
		},
	},
	'crm.item.update': {
		scope: 'crm',
		cost: 0.15,
		run: (ctx) => {
			const entity = entityOf(ctx);
			const id = itemId(ctx);
			const record = getRecord(ctx.state, entity, id);
			if (!record) throw itemError('NOT_FOUND', 'Element not found');
			const raw = fieldsOf(ctx);
			const draft = structuredClone(record);
			const { changed, movedCategory } = writeFields(
				ctx,
				entity,
				draft,
				fromItemFields(ctx.state, entity, raw),
				'update',
				ITEM,
				raw.fm ? { fm: raw.fm } : undefined,
			);
			// crm.item.update skips the save (and its events) when nothing changed.
			if (changed.length > 0) {
				Object.assign(record, draft, { DATE_MODIFY: ctx.now, MODIFY_BY_ID: ctx.userId });
				if (movedCategory)
					ctx.emit('ONCRMDEALMOVETOCATEGORY', {
						ID: id,
						CATEGORY_ID: record.CATEGORY_ID,
						STAGE_ID: record.STAGE_ID,
					});
				else ctx.emit(`ONCRM${entity}UPDATE`, { ID: id });
			}
			return { item: showItem(ctx.state, entity, record, undefined, originalNames(ctx)) };
		},
	},
	'crm.item.delete': {
		scope: 'crm',
		cost: 0.1,
		run: (ctx) => {
			const entity = entityOf(ctx);
			const id = itemId(ctx);
			if (!getRecord(ctx.state, entity, id)) throw itemError('NOT_FOUND', 'Element not found');
			deleteRecord(ctx, entity, id);
			return [];
		},
	},
	'crm.item.list': {
		scope: 'crm',
		cost: (ctx) =>
			0.08 + (startParam(ctx.params) === -1 ? 0 : table(ctx.state, entityOf(ctx)).size * 0.00005),
		run: (ctx) => {
			const entity = entityOf(ctx);
			const filter = ctx.params.filter;
			const order = ctx.params.order ?? { id: 'ASC' };
			const byCamel = camelIndex(ctx.state, entity);
			const names = [
				...Object.keys(FIELDS[entity]),
				...userFieldsOf(ctx.state, entity).map((f) => f.FIELD_NAME),
			];
			// Looked up once per field name: the sort below calls it twice per comparison (50,000 deals: minutes otherwise).
			const legacyNames = new Map<string, string>();
			const camelToLegacy = (field: string) => {
				let legacy = legacyNames.get(field);
				if (legacy === undefined) {
					legacy =
						names.find((name) => camelName(entity, name).toLowerCase() === field.toLowerCase()) ??
						field.toUpperCase();
					legacyNames.set(field, legacy);
				}
				return legacy;
			};
			const rows = listRows({
				table: table(ctx.state, entity),
				filter,
				order,
				start: startParam(ctx.params),
				matches: (r) => matchFilter(filter, itemLookup(ctx.state, entity, r, byCamel), true),
				sort: (all) =>
					all.sort(orderBy<Record<string, unknown>>(order, (r, f) => r[camelToLegacy(f)])),
			});
			const select = Array.isArray(ctx.params.select)
				? (ctx.params.select as unknown[]).map(String)
				: undefined;
			const useOriginal = originalNames(ctx);
			return page(rows, startParam(ctx.params), (slice) => ({
				items: slice.map((r) => showItem(ctx.state, entity, r, select, useOriginal)),
			}));
		},
	},
};
