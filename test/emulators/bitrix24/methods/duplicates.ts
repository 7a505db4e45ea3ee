/** `crm.duplicate.findbycomm` and `crm.entity.mergeBatch` (reference §5). */
import { ApiError, legacyError } from '../envelope';
import {
	ENTITY_BY_TYPE_ID,
	FIELDS,
	type EntityName,
	type EntityRecord,
	type MultifieldValue,
} from '../fields';
import { findByCommEmailKey, findByCommPhoneKey } from '../phone';
import { userFieldsOf } from '../portal';
import { getRecord, table } from '../records';
import { deleteRecord } from './entities';
import { param, type MethodContext, type MethodTable } from './context';

// Without entity_type the search covers leads, contacts and companies (the answer's keys, reference §5.1).
const SEARCHABLE: EntityName[] = ['LEAD', 'CONTACT', 'COMPANY'];
const MAX_VALUES = 20;
const MAX_HITS = 20;

function findByComm(ctx: MethodContext): Record<string, number[]> | [] {
	const type = String(param(ctx.params, 'type') ?? '').toUpperCase();
	if (!type) throw legacyError('Communication type is not defined.');
	if (type !== 'PHONE' && type !== 'EMAIL')
		throw legacyError(`Communication type '${type}' is not supported in current context.`);
	const rawValues = param(ctx.params, 'values');
	const list = Array.isArray(rawValues)
		? rawValues
		: rawValues && typeof rawValues === 'object'
			? Object.values(rawValues)
			: null;
	if (!list) throw legacyError('Communication values is not defined.');
	const entityType = String(
		param(ctx.params, 'entity_type') ?? param(ctx.params, 'entityType') ?? '',
	).toUpperCase();
	if (entityType === 'DEAL') throw legacyError('Deal is not supported in current context.');
	if (entityType && !['LEAD', 'CONTACT', 'COMPANY'].includes(entityType))
		throw legacyError(`Entity type '${entityType}' is not supported in current context.`);
	const key = type === 'PHONE' ? findByCommPhoneKey : findByCommEmailKey;
	// Only the first 20 values are read (the server's loop breaks at 20); duplicates after normalisation collapse.
	const keys = [
		...new Set(
			list
				.slice(0, MAX_VALUES)
				.map((v) => key(String(v)))
				.filter(Boolean),
		),
	];
	const types = entityType ? SEARCHABLE.filter((t) => t === entityType) : SEARCHABLE;
	const found: Record<string, Set<number>> = {};
	for (const wanted of keys) {
		for (const entity of types) {
			const hits: number[] = [];
			for (const record of table(ctx.state, entity).values()) {
				const values = ((record[type] as MultifieldValue[]) ?? []).map((m) => key(m.VALUE));
				if (values.includes(wanted)) hits.push(record.ID as number);
				if (hits.length >= MAX_HITS) break;
			}
			if (hits.length) {
				const set = (found[entity] ??= new Set());
				for (const id of hits) set.add(id);
			}
			// Docs: when one type has 20 matches, the other types are not returned; repeat with entity_type.
			if (hits.length >= MAX_HITS) break;
		}
	}
	const result: Record<string, number[]> = {};
	for (const [entity, ids] of Object.entries(found))
		result[entity] = [...ids].sort((a, b) => a - b);
	return Object.keys(result).length ? result : [];
}

/** Fields two records may disagree on (then the merge is a CONFLICT); the survivor's own values win elsewhere. */
const CONFLICT_FIELDS: Record<EntityName, string[]> = {
	LEAD: [
		'TITLE',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'POST',
		'ADDRESS',
		'COMPANY_TITLE',
		'BIRTHDATE',
	],
	CONTACT: ['NAME', 'SECOND_NAME', 'LAST_NAME', 'POST', 'ADDRESS', 'BIRTHDATE'],
	DEAL: ['TITLE', 'OPPORTUNITY'],
	COMPANY: ['TITLE', 'ADDRESS'],
};

function blank(value: unknown): boolean {
	return (
		value === null ||
		value === undefined ||
		value === '' ||
		(Array.isArray(value) && value.length === 0)
	);
}

function same(a: unknown, b: unknown): boolean {
	return String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
}

function mergeError(description: string): ApiError {
	return new ApiError(400, 0, description);
}

function mergeInto(
	ctx: MethodContext,
	entity: EntityName,
	survivor: EntityRecord,
	other: EntityRecord,
) {
	for (const [name, def] of Object.entries(FIELDS[entity])) {
		if (def.readOnly) continue;
		if (def.type === 'crm_multifield') {
			const mine = (survivor[name] as MultifieldValue[]) ?? [];
			const theirs = (other[name] as MultifieldValue[]) ?? [];
			survivor[name] = [
				...mine,
				...theirs.filter((t) => !mine.some((m) => same(m.VALUE, t.VALUE))),
			];
		} else if (name === 'COMMENTS') {
			if (!blank(other[name]) && !same(other[name], survivor[name]))
				survivor[name] = [survivor[name], other[name]].filter((v) => !blank(v)).join('\n');
		} else if (def.multiple) {
			survivor[name] = [
				...new Set([
					...((survivor[name] as unknown[]) ?? []),
					...((other[name] as unknown[]) ?? []),
				]),
			];
		} else if (blank(survivor[name]) && !blank(other[name])) {
			survivor[name] = other[name];
		}
	}
	for (const field of userFieldsOf(ctx.state, entity)) {
		const name = field.FIELD_NAME;
		if (field.MULTIPLE === 'Y')
			survivor[name] = [
				...new Set([
					...((survivor[name] as unknown[]) ?? []),
					...((other[name] as unknown[]) ?? []),
				]),
			];
		else if (blank(survivor[name])) survivor[name] = other[name];
	}
	const typeId = { LEAD: 1, DEAL: 2, CONTACT: 3, COMPANY: 4 }[entity];
	for (const activity of ctx.state.activities.values()) {
		if (activity.OWNER_TYPE_ID === typeId && activity.OWNER_ID === other.ID)
			activity.OWNER_ID = survivor.ID as number;
	}
	for (const comment of ctx.state.comments.values()) {
		if (comment.ENTITY_TYPE === entity.toLowerCase() && comment.ENTITY_ID === other.ID)
			comment.ENTITY_ID = survivor.ID as number;
	}
	if (entity === 'CONTACT') {
		for (const owner of ['DEAL', 'LEAD'] as const) {
			for (const record of table(ctx.state, owner).values()) {
				const ids = (record.CONTACT_IDS as number[]) ?? [];
				if (!ids.includes(other.ID as number)) continue;
				record.CONTACT_IDS = [
					...new Set(ids.map((id) => (id === other.ID ? (survivor.ID as number) : id))),
				];
				record.CONTACT_ID = (record.CONTACT_IDS as number[])[0] ?? null;
			}
		}
	}
}

function mergeBatch(ctx: MethodContext) {
	const nested = ctx.params.params;
	const input = (nested && typeof nested === 'object' ? nested : {}) as Record<string, unknown>;
	if (input.entityTypeId === undefined || input.entityTypeId === '')
		throw mergeError('The parameter entityTypeId is required.');
	const entity = ENTITY_BY_TYPE_ID[Number(input.entityTypeId)];
	if (!entity) throw mergeError(`Entity type ${String(input.entityTypeId)} is not supported`);
	const rawIds = Array.isArray(input.entityIds)
		? input.entityIds
		: input.entityIds && typeof input.entityIds === 'object'
			? Object.values(input.entityIds)
			: [];
	const ids = [...new Set(rawIds.map(Number).filter((n) => Number.isInteger(n) && n > 0))];
	if (ids.length < 2)
		throw mergeError('The parameter entityIds must contains at least two elements.');
	const records = ids.map((id) => getRecord(ctx.state, entity, id));
	if (records.some((r) => !r)) throw mergeError('Owner was not found');
	const [survivor, ...others] = records as EntityRecord[];
	for (const other of others) {
		for (const name of CONFLICT_FIELDS[entity]) {
			if (!blank(survivor[name]) && !blank(other[name]) && !same(survivor[name], other[name])) {
				return { STATUS: 'CONFLICT', ENTITY_IDS: [] };
			}
		}
		for (const field of userFieldsOf(ctx.state, entity)) {
			const a = survivor[field.FIELD_NAME];
			const b = other[field.FIELD_NAME];
			if (field.MULTIPLE !== 'Y' && !blank(a) && !blank(b) && !same(a, b))
				return { STATUS: 'CONFLICT', ENTITY_IDS: [] };
		}
	}
	for (const other of others) {
		mergeInto(ctx, entity, survivor, other);
		deleteRecord(ctx, entity, other.ID as number);
	}
	survivor.DATE_MODIFY = ctx.now;
	survivor.HAS_PHONE = ((survivor.PHONE as unknown[]) ?? []).length ? 'Y' : survivor.HAS_PHONE;
	survivor.HAS_EMAIL = ((survivor.EMAIL as unknown[]) ?? []).length ? 'Y' : survivor.HAS_EMAIL;
	ctx.emit(`ONCRM${entity}UPDATE`, { ID: survivor.ID });
	return { STATUS: 'SUCCESS', ENTITY_IDS: others.map((o) => o.ID as number) };
}

export const duplicateMethods: MethodTable = {
	'crm.duplicate.findbycomm': { scope: 'crm', cost: 0.04, run: findByComm },
	'crm.entity.mergebatch': { scope: 'crm', cost: 0.5, run: mergeBatch },
};
