/** `crm.lead.*`, `crm.deal.*`, `crm.contact.*`, `crm.company.*`: the legacy methods (reference §3.2–3.4). */
import { legacyError } from '../envelope';
import {
	ENTITY_LOWER,
	ENTITY_TYPE_ID,
	FIELDS,
	type EntityName,
	type EntityRecord,
} from '../fields';
import { matchFilter, orderBy } from '../filter';
import { listRows } from '../listIndex';
import { userFieldsOf } from '../portal';
import {
	defaultTitle,
	getRecord,
	legacyLookup,
	newRecord,
	showLegacy,
	table,
	writeFields,
	type WriteOptions,
} from '../records';
import {
	fieldsParam,
	idParam,
	page,
	param,
	startParam,
	type MethodContext,
	type MethodTable,
} from './context';
import { describeFields } from './fieldsInfo';

const LEGACY: WriteOptions = { allowCategoryMove: false, checkRequired: false, errors: 'legacy' };

function eventName(entity: EntityName, action: 'ADD' | 'UPDATE' | 'DELETE') {
	return `ONCRM${entity}${action}`;
}

export function addRecord(
	ctx: MethodContext,
	entity: EntityName,
	fields: Record<string, unknown>,
	options = LEGACY,
): EntityRecord {
	const record = newRecord(ctx, entity);
	writeFields(ctx, entity, record, fields, 'add', options);
	defaultTitle(entity, record);
	table(ctx.state, entity).set(record.ID as number, record);
	ctx.emit(eventName(entity, 'ADD'), { ID: record.ID });
	return record;
}

export function deleteRecord(ctx: MethodContext, entity: EntityName, id: number) {
	table(ctx.state, entity).delete(id);
	if (entity === 'CONTACT') {
		for (const owner of ['DEAL', 'LEAD'] as const) {
			for (const record of table(ctx.state, owner).values()) {
				const ids = (record.CONTACT_IDS as number[]) ?? [];
				if (!ids.includes(id)) continue;
				record.CONTACT_IDS = ids.filter((c) => c !== id);
				record.CONTACT_ID = (record.CONTACT_IDS as number[])[0] ?? null;
			}
		}
	}
	if (entity === 'COMPANY') {
		// A deleted company leaves the deals, leads and contacts that pointed at it.
		for (const owner of ['DEAL', 'LEAD'] as const)
			for (const record of table(ctx.state, owner).values())
				if (record.COMPANY_ID === id) record.COMPANY_ID = owner === 'DEAL' ? 0 : null;
		for (const contact of table(ctx.state, 'CONTACT').values()) {
			const ids = (contact.COMPANY_IDS as number[]) ?? [];
			if (!ids.includes(id)) continue;
			contact.COMPANY_IDS = ids.filter((c) => c !== id);
			contact.COMPANY_ID = (contact.COMPANY_IDS as number[])[0] ?? null;
		}
	}
	for (const [activityId, activity] of ctx.state.activities) {
		if (activity.OWNER_TYPE_ID === ENTITY_TYPE_ID[entity] && activity.OWNER_ID === id)
			ctx.state.activities.delete(activityId);
	}
	ctx.emit(eventName(entity, 'DELETE'), { ID: id });
}

/** Rows of a legacy list, filtered and ordered (before paging; with start=-1 in ID order, the first page only). */
export function listRecords(
	ctx: MethodContext,
	entity: EntityName,
	filter: unknown,
	order: unknown,
	start: number,
): EntityRecord[] {
	return listRows({
		table: table(ctx.state, entity),
		filter,
		order,
		start,
		matches: (r) => matchFilter(filter, legacyLookup(ctx.state, entity, r)),
		sort: (rows) => rows.sort(orderBy<EntityRecord>(order, (r, f) => r[f.toUpperCase()])),
	});
}

function selectParam(params: Record<string, unknown>): string[] | undefined {
	const raw = param(params, 'select');
	if (Array.isArray(raw)) return raw.map(String);
	if (raw && typeof raw === 'object') return Object.values(raw).map(String);
	return undefined;
}

function legacyMethods(entity: EntityName): MethodTable {
	const name = ENTITY_LOWER[entity];
	return {
		[`crm.${name}.add`]: {
			scope: 'crm',
			cost: 0.12,
			run: (ctx) => addRecord(ctx, entity, fieldsParam(ctx.params)).ID,
		},
		[`crm.${name}.get`]: {
			scope: 'crm',
			cost: 0.02,
			run: (ctx) => {
				const record = getRecord(ctx.state, entity, idParam(ctx.params));
				if (!record) throw legacyError('Not found');
				return showLegacy(ctx.state, entity, record);
			},
		},
		[`crm.${name}.update`]: {
			scope: 'crm',
			cost: 0.1,
			run: (ctx) => {
				const id = idParam(ctx.params);
				const record = getRecord(ctx.state, entity, id);
				if (!record) throw legacyError('Not found');
				const fields = fieldsParam(ctx.params);
				writeFields(ctx, entity, record, fields, 'update', LEGACY);
				record.DATE_MODIFY = ctx.now;
				record.MODIFY_BY_ID = ctx.userId;
				// Update events fire for every update call, including a client's own writes (loop risk, §6.5).
				ctx.emit(eventName(entity, 'UPDATE'), { ID: id });
				return true;
			},
		},
		[`crm.${name}.delete`]: {
			scope: 'crm',
			cost: 0.1,
			run: (ctx) => {
				const id = idParam(ctx.params);
				if (!getRecord(ctx.state, entity, id)) throw legacyError('Not found');
				deleteRecord(ctx, entity, id);
				return true;
			},
		},
		[`crm.${name}.list`]: {
			scope: 'crm',
			// Counting rows (every start but -1) is what makes big lists expensive (reference §2.2).
			cost: (ctx) =>
				0.06 + (startParam(ctx.params) === -1 ? 0 : table(ctx.state, entity).size * 0.00005),
			run: (ctx) => {
				const rows = listRecords(
					ctx,
					entity,
					param(ctx.params, 'filter'),
					param(ctx.params, 'order'),
					startParam(ctx.params),
				);
				const select = selectParam(ctx.params) ?? ['*'];
				return page(rows, startParam(ctx.params), (slice) =>
					slice.map((r) => showLegacy(ctx.state, entity, r, select)),
				);
			},
		},
		[`crm.${name}.fields`]: {
			scope: 'crm',
			cost: 0.01,
			run: (ctx) => describeFields(FIELDS[entity], userFieldsOf(ctx.state, entity)),
		},
	};
}

/**
 * `crm.deal.contact.items.get` / `crm.lead.contact.items.get`: the record's contacts, primary first —
 * `[{"CONTACT_ID": 84, "SORT": 10, "ROLE_ID": 0, "IS_PRIMARY": "Y"}, …]` (ints, `Y`/`N`); `[]` without any.
 * Where a deal's contacts come from: the legacy get and list never answer CONTACT_IDS.
 */
function contactItems(entity: 'DEAL' | 'LEAD'): MethodTable {
	return {
		[`crm.${ENTITY_LOWER[entity]}.contact.items.get`]: {
			scope: 'crm',
			cost: 0.02,
			run: (ctx) => {
				const id = Number(param(ctx.params, 'id'));
				if (!Number.isInteger(id) || id < 1)
					throw legacyError('The parameter ownerEntityID is invalid or not defined.');
				const record = getRecord(ctx.state, entity, id);
				if (!record) throw legacyError('Not found.');
				return ((record.CONTACT_IDS as number[] | undefined) ?? []).map((id, i) => ({
					CONTACT_ID: id,
					SORT: (i + 1) * 10,
					ROLE_ID: 0,
					IS_PRIMARY: i === 0 ? 'Y' : 'N',
				}));
			},
		},
	};
}

export const entityMethods: MethodTable = {
	...legacyMethods('LEAD'),
	...legacyMethods('DEAL'),
	...legacyMethods('CONTACT'),
	...contactItems('DEAL'),
	...contactItems('LEAD'),
	...legacyMethods('COMPANY'),
};
