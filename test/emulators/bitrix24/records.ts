/**
 * Creating, changing and showing leads, deals and contacts — the rules both the legacy methods
 * (`crm.lead.*`, `crm.deal.*`, `crm.contact.*`) and the universal ones (`crm.item.*`) share.
 */
import { legacyError } from './envelope';
import {
	FIELDS,
	MULTIFIELD_TYPES,
	camelName,
	isIdType,
	isUserFieldName,
	itemValue,
	legacyValue,
	toChar,
	toDouble,
	toInt,
	toTime,
	type EntityName,
	type EntityRecord,
	type FieldDef,
	type MultifieldType,
	type MultifieldValue,
	type UserField,
} from './fields';
import type { FieldLookup } from './filter';
import { applyItemMultifields, applyLegacyMultifield } from './multifield';
import type { MethodContext } from './methods/context';
import { itemError } from './methods/context';
import {
	dealStage,
	leadStatus,
	nextId,
	semanticId,
	stageEntityId,
	statusesOf,
	userFieldsOf,
	type PortalState,
} from './portal';
import { PORTAL_OFFSET_MINUTES } from './envelope';
import { recordStageChange } from './stageHistory';

const DAY = 86_400_000;

export function table(state: PortalState, entity: EntityName) {
	return state.entities[entity];
}

export function getRecord(
	state: PortalState,
	entity: EntityName,
	id: number,
): EntityRecord | undefined {
	return state.entities[entity].get(id);
}

function userFieldValue(field: UserField, value: unknown): unknown {
	const one = (v: unknown): unknown => {
		switch (field.USER_TYPE_ID) {
			case 'enumeration': {
				const id = toInt(v);
				return typeof id === 'number' && field.LIST.some((item) => item.ID === id) ? id : undefined;
			}
			case 'integer':
				return toInt(v) ?? undefined;
			case 'double':
				return toDouble(v) ?? undefined;
			case 'boolean':
				return toChar(v) === 'Y' ? 1 : 0;
			case 'datetime':
				return toTime(v, PORTAL_OFFSET_MINUTES) ?? undefined;
			default:
				return v === null || v === undefined ? undefined : String(v);
		}
	};
	if (field.MULTIPLE === 'Y') {
		if (value === '' || value === null || value === false) return [];
		const list = Array.isArray(value)
			? value
			: value && typeof value === 'object'
				? Object.values(value)
				: [value];
		return [...new Set(list.map(one).filter((v) => v !== undefined && v !== ''))];
	}
	if (value === '' || value === null) return null;
	const single = one(Array.isArray(value) ? value[0] : value);
	return single === undefined ? null : single;
}

function coerce(def: FieldDef, value: unknown): { ok: true; value: unknown } | { ok: false } {
	if (isIdType(def)) {
		if (def.multiple) {
			const list = Array.isArray(value)
				? value
				: value && typeof value === 'object'
					? Object.values(value)
					: value === '' || value == null
						? []
						: [value];
			return {
				ok: true,
				value: [
					...new Set(
						list.map((v) => toInt(v)).filter((v): v is number => typeof v === 'number' && v > 0),
					),
				],
			};
		}
		const n = toInt(value);
		return n === undefined ? { ok: false } : { ok: true, value: n };
	}
	switch (def.type) {
		case 'double': {
			const n = toDouble(value);
			return n === undefined ? { ok: false } : { ok: true, value: n };
		}
		case 'char':
			return { ok: true, value: toChar(value) };
		case 'date':
		case 'datetime': {
			const t = toTime(value, PORTAL_OFFSET_MINUTES);
			return t === undefined ? { ok: false } : { ok: true, value: t };
		}
		default:
			return {
				ok: true,
				value:
					value === null || value === undefined
						? ''
						: typeof value === 'object'
							? JSON.stringify(value)
							: String(value),
			};
	}
}

export interface WriteOptions {
	/** `crm.item.*` moves deals between funnels; `crm.deal.update` ignores CATEGORY_ID. */
	allowCategoryMove: boolean;
	/** `crm.item.update` checks stage-dependent required fields; legacy methods do not. */
	checkRequired: boolean;
	/** How errors look: legacy `"error":""` or crm.item codes. */
	errors: 'legacy' | 'item';
}

function stageFields(entity: EntityName) {
	return entity === 'LEAD'
		? { stage: 'STATUS_ID', semantic: 'STATUS_SEMANTIC_ID' }
		: { stage: 'STAGE_ID', semantic: 'STAGE_SEMANTIC_ID' };
}

/**
 * Writes `fields` (legacy names; values as a client sent them) into `record`. Returns what changed, so callers
 * can fire the right event and skip no-op saves.
 */
export function writeFields(
	ctx: MethodContext,
	entity: EntityName,
	record: EntityRecord,
	fields: Record<string, unknown>,
	mode: 'add' | 'update',
	options: WriteOptions,
	multifieldInput?: { fm: unknown },
): { changed: string[]; movedCategory: boolean } {
	const { state } = ctx;
	const defs = FIELDS[entity];
	const before = structuredClone(record);
	const userFields = userFieldsOf(state, entity);
	const newMultifieldId = () => nextId(state, 'multifield');
	const upper: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) upper[key.toUpperCase()] = value;

	for (const [key, value] of Object.entries(upper)) {
		if (isUserFieldName(key)) {
			const field = userFields.find((f) => f.FIELD_NAME === key);
			if (field) record[key] = userFieldValue(field, value);
			continue;
		}
		const def = defs[key];
		if (!def || def.readOnly) continue; // unknown and read-only fields are silently ignored
		if (def.type === 'crm_multifield') {
			const current = (record[key] as MultifieldValue[] | undefined) ?? [];
			record[key] = applyLegacyMultifield(
				mode === 'add' ? [] : current,
				key as MultifieldType,
				value,
				newMultifieldId,
			);
			continue;
		}
		if (key === 'CATEGORY_ID' || key === 'STAGE_ID' || key === 'STATUS_ID') continue; // below, together
		const coerced = coerce(def, value);
		if (coerced.ok) record[key] = coerced.value;
	}
	if (multifieldInput) {
		const all = MULTIFIELD_TYPES.flatMap((t) => (record[t] as MultifieldValue[] | undefined) ?? []);
		const updated = applyItemMultifields(all, multifieldInput.fm, newMultifieldId);
		for (const t of MULTIFIELD_TYPES)
			if (defs[t]) record[t] = updated.filter((m) => m.TYPE_ID === t);
	}

	const movedCategory =
		entity === 'DEAL' ? writeDealStage(ctx, record, upper, mode, options) : false;
	if (entity === 'LEAD') writeLeadStatus(ctx, record, upper, mode);
	if (entity === 'DEAL' || entity === 'LEAD') {
		const ids = record.CONTACT_IDS as number[] | undefined;
		if (upper.CONTACT_IDS !== undefined) record.CONTACT_ID = ids?.[0] ?? null;
		else if (upper.CONTACT_ID !== undefined) {
			const id = toInt(upper.CONTACT_ID);
			record.CONTACT_ID = id ?? null;
			record.CONTACT_IDS = id ? [id, ...(ids ?? []).filter((c) => c !== id)] : [];
		}
	}
	if (entity === 'CONTACT') {
		// COMPANY_ID is the first of COMPANY_IDS, as CONTACT_ID is for deals (inferred the same way; unverified).
		const ids = record.COMPANY_IDS as number[] | undefined;
		if (upper.COMPANY_IDS !== undefined) record.COMPANY_ID = ids?.[0] ?? null;
		else if (upper.COMPANY_ID !== undefined) {
			const id = toInt(upper.COMPANY_ID);
			record.COMPANY_ID = id ?? null;
			record.COMPANY_IDS = id ? [id, ...(ids ?? []).filter((c) => c !== id)] : [];
		}
	}
	if (defs.HAS_PHONE) {
		record.HAS_PHONE = ((record.PHONE as unknown[]) ?? []).length ? 'Y' : 'N';
		record.HAS_EMAIL = ((record.EMAIL as unknown[]) ?? []).length ? 'Y' : 'N';
	}
	if (entity === 'LEAD')
		record.IS_RETURN_CUSTOMER = record.CONTACT_ID || record.COMPANY_ID ? 'Y' : 'N';

	const changed = Object.keys({ ...before, ...record }).filter(
		(k) => JSON.stringify(before[k]) !== JSON.stringify(record[k]),
	);
	if (options.checkRequired) checkStageRequiredFields(state, entity, record, changed);
	recordStageChange(ctx, entity, before, record, mode);
	return { changed, movedCategory };
}

function writeLeadStatus(
	ctx: MethodContext,
	record: EntityRecord,
	fields: Record<string, unknown>,
	mode: 'add' | 'update',
) {
	const raw = fields.STATUS_ID;
	const wanted = raw === undefined ? undefined : leadStatus(ctx.state, String(raw));
	if (mode === 'add' && !wanted)
		record.STATUS_ID = statusesOf(ctx.state, 'STATUS')[0]?.STATUS_ID ?? 'NEW';
	if (wanted && wanted.STATUS_ID !== record.STATUS_ID) {
		record.STATUS_ID = wanted.STATUS_ID;
		if (mode === 'update') markMoved(ctx, record);
	}
	const semantic = semanticId(leadStatus(ctx.state, String(record.STATUS_ID)));
	record.STATUS_SEMANTIC_ID = semantic;
	if (semantic !== 'P' && !record.DATE_CLOSED) record.DATE_CLOSED = ctx.now;
	if (semantic === 'P') record.DATE_CLOSED = null;
}

function markMoved(ctx: MethodContext, record: EntityRecord) {
	record.MOVED_TIME = ctx.now;
	record.MOVED_BY_ID = ctx.userId;
}

/** Deals: stages belong to a funnel; `crm.deal.update` silently ignores a stage of another funnel. */
function writeDealStage(
	ctx: MethodContext,
	record: EntityRecord,
	fields: Record<string, unknown>,
	mode: 'add' | 'update',
	options: WriteOptions,
): boolean {
	const { state } = ctx;
	const rawCategory = fields.CATEGORY_ID;
	const rawStage = fields.STAGE_ID;
	let categoryId = Number(record.CATEGORY_ID ?? 0);
	let moved = false;
	if (rawCategory !== undefined && (mode === 'add' || options.allowCategoryMove)) {
		const wanted = toInt(rawCategory) ?? 0;
		if (!state.categories.some((c) => c.id === wanted)) {
			if (options.errors === 'item')
				throw itemError(
					'CRM_FIELD_ERROR_VALUE_NOT_VALID',
					'The field "Pipeline" value is not valid',
				);
			throw legacyError(`Category with ID ${wanted} is not found.`);
		}
		moved = mode === 'update' && wanted !== categoryId;
		categoryId = wanted;
	}
	record.CATEGORY_ID = categoryId;
	const stages = statusesOf(state, stageEntityId(categoryId));
	let stageId = String(record.STAGE_ID ?? '');
	if (rawStage !== undefined && rawStage !== null && rawStage !== '') {
		const stage = dealStage(state, String(rawStage));
		const inCategory = stage && stages.some((s) => s.STATUS_ID === stage.STATUS_ID);
		if (inCategory) stageId = stage.STATUS_ID;
		else if (options.errors === 'item')
			throw itemError('CRM_FIELD_ERROR_VALUE_NOT_VALID', 'The field "Stage" value is not valid');
		// legacy: a stage of another funnel is silently ignored (reference §3.3)
	}
	if (moved && !stages.some((s) => s.STATUS_ID === stageId)) stageId = stages[0]?.STATUS_ID ?? '';
	if (!stageId || !stages.some((s) => s.STATUS_ID === stageId))
		stageId = stages[0]?.STATUS_ID ?? 'NEW';
	if (mode === 'update' && stageId !== record.STAGE_ID) markMoved(ctx, record);
	record.STAGE_ID = stageId;
	const semantic = semanticId(dealStage(state, stageId));
	record.STAGE_SEMANTIC_ID = semantic;
	record.CLOSED = semantic === 'P' ? 'N' : 'Y';
	record.IS_NEW = stageId === stages[0]?.STATUS_ID ? 'Y' : 'N';
	return moved;
}

/** `crm.item.update` refuses a stage whose required fields (e.g. a loss reason on «Закрыто и не реализовано») are empty. */
function checkStageRequiredFields(
	state: PortalState,
	entity: EntityName,
	record: EntityRecord,
	changed: string[],
) {
	const stageKey = stageFields(entity).stage;
	if (!changed.includes(stageKey)) return;
	for (const rule of state.stageRequiredFields) {
		if (rule.entity !== entity || rule.stageId !== record[stageKey]) continue;
		const value = record[rule.field];
		const empty =
			value === null ||
			value === undefined ||
			value === '' ||
			(Array.isArray(value) && value.length === 0);
		if (empty) {
			const label =
				state.userFields.find((f) => f.FIELD_NAME === rule.field)?.EDIT_FORM_LABEL.ru ?? rule.field;
			throw itemError('CRM_FIELD_ERROR_REQUIRED', `The field "${label}" is required.`);
		}
	}
}

/** What every new lead, deal and contact starts with: who made it and when, empty marks and UTM. */
export function auditDefaults(id: number, at: number, userId: number): EntityRecord {
	const record: EntityRecord = {
		ID: id,
		ASSIGNED_BY_ID: userId,
		CREATED_BY_ID: userId,
		MODIFY_BY_ID: userId,
		DATE_CREATE: at,
		DATE_MODIFY: at,
		OPENED: 'Y',
		COMMENTS: '',
		LAST_ACTIVITY_TIME: at,
		LAST_ACTIVITY_BY: userId,
	};
	for (const empty of [
		'ORIGINATOR_ID',
		'ORIGIN_ID',
		'UTM_SOURCE',
		'UTM_MEDIUM',
		'UTM_CAMPAIGN',
		'UTM_CONTENT',
		'UTM_TERM',
		'SOURCE_ID',
		'SOURCE_DESCRIPTION',
	])
		record[empty] = null;
	return record;
}

/** A new record with the defaults the API fills in. */
export function newRecord(ctx: MethodContext, entity: EntityName): EntityRecord {
	const id = nextId(ctx.state, entity);
	const today = Math.floor(ctx.now / DAY) * DAY;
	const base: EntityRecord = auditDefaults(id, ctx.now, ctx.userId);
	if (entity === 'LEAD') {
		Object.assign(base, {
			TITLE: '',
			NAME: '',
			SECOND_NAME: '',
			LAST_NAME: '',
			STATUS_DESCRIPTION: null,
			CURRENCY_ID: 'RUB',
			OPPORTUNITY: 0,
			IS_MANUAL_OPPORTUNITY: 'N',
			MOVED_BY_ID: ctx.userId,
			MOVED_TIME: ctx.now,
			COMPANY_ID: null,
			CONTACT_ID: null,
			CONTACT_IDS: [],
			DATE_CLOSED: null,
			POST: '',
			ADDRESS: null,
			COMPANY_TITLE: '',
			PHONE: [],
			EMAIL: [],
			WEB: [],
			IM: [],
		});
	}
	if (entity === 'DEAL') {
		Object.assign(base, {
			TITLE: '',
			TYPE_ID: 'SALE',
			CATEGORY_ID: 0,
			PROBABILITY: null,
			CURRENCY_ID: 'RUB',
			OPPORTUNITY: 0,
			IS_MANUAL_OPPORTUNITY: 'N',
			IS_RECURRING: 'N',
			COMPANY_ID: 0,
			CONTACT_ID: null,
			CONTACT_IDS: [],
			BEGINDATE: today,
			CLOSEDATE: today + 7 * DAY,
			MOVED_BY_ID: ctx.userId,
			MOVED_TIME: ctx.now,
			LEAD_ID: null,
			ADDITIONAL_INFO: null,
		});
	}
	if (entity === 'COMPANY') {
		Object.assign(base, {
			TITLE: '',
			COMPANY_TYPE: 'CUSTOMER',
			INDUSTRY: null,
			EMPLOYEES: null,
			CURRENCY_ID: 'RUB',
			REVENUE: 0,
			ADDRESS: null,
			BANKING_DETAILS: null,
			IS_MY_COMPANY: 'N',
			LEAD_ID: null,
			PHONE: [],
			EMAIL: [],
			WEB: [],
			IM: [],
		});
	}
	if (entity === 'CONTACT') {
		Object.assign(base, {
			NAME: '',
			SECOND_NAME: '',
			LAST_NAME: '',
			TYPE_ID: 'CLIENT',
			POST: '',
			ADDRESS: null,
			EXPORT: 'Y',
			COMPANY_ID: null,
			COMPANY_IDS: [],
			LEAD_ID: null,
			PHONE: [],
			EMAIL: [],
			WEB: [],
			IM: [],
		});
	}
	for (const field of userFieldsOf(ctx.state, entity))
		base[field.FIELD_NAME] = field.MULTIPLE === 'Y' ? [] : null;
	return base;
}

/** Gives an untitled lead or deal the name the UI would show. */
export function defaultTitle(entity: EntityName, record: EntityRecord) {
	if (entity === 'LEAD' && !record.TITLE) record.TITLE = `Лид #${record.ID}`;
	if (entity === 'DEAL' && !record.TITLE) record.TITLE = `Сделка #${record.ID}`;
	// Assumed like leads and deals: an untitled company gets a numbered name (unverified).
	if (entity === 'COMPANY' && !record.TITLE) record.TITLE = `Компания #${record.ID}`;
}

// ---- showing ------------------------------------------------------------------------------------------

function userFieldLegacy(field: UserField, value: unknown): unknown {
	if (field.MULTIPLE === 'Y')
		return ((value as unknown[]) ?? []).map((v) =>
			field.USER_TYPE_ID === 'datetime'
				? legacyValue({ type: 'datetime', title: '' }, v)
				: String(v),
		);
	if (value === null || value === undefined) return field.USER_TYPE_ID === 'boolean' ? '0' : null;
	if (field.USER_TYPE_ID === 'datetime') return legacyValue({ type: 'datetime', title: '' }, value);
	return String(value);
}

/**
 * Legacy view. `select`: `*` = every plain field; `UF_*` = user fields except multiple ones; PHONE/EMAIL/UFs by
 * name. No select (get) = everything. Never CONTACT_IDS (the documentation of the deal and lead fields: "this
 * field does not exist in crm.deal.list and crm.deal.get").
 */
export function showLegacy(
	state: PortalState,
	entity: EntityName,
	record: EntityRecord,
	select?: string[],
): Record<string, unknown> {
	const defs = FIELDS[entity];
	const userFields = userFieldsOf(state, entity);
	const wanted = select?.map((s) => s.toUpperCase());
	const all = !wanted || wanted.length === 0;
	const star = all || wanted.includes('*');
	const ufStar = all || wanted.includes('UF_*');
	const out: Record<string, unknown> = {};
	for (const [name, def] of Object.entries(defs)) {
		// Written by add and update, listed by crm.*.fields, but never answered by get or list: a deal's or a lead's
		// contacts come from crm.*.contact.items.get (or crm.item.* `contactIds`).
		if (name === 'CONTACT_IDS') continue;
		const named = wanted?.includes(name) ?? false;
		const include = def.type === 'crm_multifield' ? all || named : star || named || name === 'ID';
		if (!include) continue;
		if (def.type === 'crm_multifield' && ((record[name] as unknown[]) ?? []).length === 0 && !named)
			continue;
		out[name] = legacyValue(def, record[name]);
	}
	for (const field of userFields) {
		const named = wanted?.includes(field.FIELD_NAME) ?? false;
		if (all || named || (ufStar && field.MULTIPLE !== 'Y'))
			out[field.FIELD_NAME] = userFieldLegacy(field, record[field.FIELD_NAME]);
	}
	return out;
}

/** Universal view (`crm.item.*`): camelCase keys, ints, `fm` with `select: ["*"]`. */
export function showItem(
	state: PortalState,
	entity: EntityName,
	record: EntityRecord,
	select: string[] | undefined,
	useOriginalUfNames: boolean,
): Record<string, unknown> {
	const defs = FIELDS[entity];
	const all = !select || select.length === 0 || select.includes('*');
	const wanted = new Set((select ?? []).map((s) => s.toLowerCase()));
	const out: Record<string, unknown> = {};
	for (const [name, def] of Object.entries(defs)) {
		if (def.type === 'crm_multifield') continue;
		const key = camelName(entity, name);
		if (!all && !wanted.has(key.toLowerCase()) && key !== 'id') continue;
		out[key] = itemValue(def, record[name]);
	}
	for (const field of userFieldsOf(state, entity)) {
		const key = useOriginalUfNames ? field.FIELD_NAME : camelName(entity, field.FIELD_NAME);
		if (!all && !wanted.has(key.toLowerCase()) && !wanted.has(field.FIELD_NAME.toLowerCase()))
			continue;
		const value = record[field.FIELD_NAME];
		out[key] = field.MULTIPLE === 'Y' ? ((value as unknown[]) ?? []) : (value ?? null);
	}
	if (all && (defs.PHONE || defs.EMAIL)) {
		out.fm = MULTIFIELD_TYPES.flatMap(
			(t) => (record[t] as MultifieldValue[] | undefined) ?? [],
		).map((m) => ({
			id: m.ID,
			valueType: m.VALUE_TYPE,
			value: m.VALUE,
			typeId: m.TYPE_ID,
		}));
	}
	out.entityTypeId = { LEAD: 1, DEAL: 2, CONTACT: 3, COMPANY: 4 }[entity];
	return out;
}

/** Values of a field for filtering, by legacy name (or camelCase for crm.item.list). */
export function legacyLookup(
	state: PortalState,
	entity: EntityName,
	record: EntityRecord,
	view: 'legacy' | 'item' = 'legacy',
): FieldLookup {
	const defs = FIELDS[entity];
	const userFields = userFieldsOf(state, entity);
	return (field) => {
		const name = field.toUpperCase();
		const def = defs[name];
		// Not filterable in the legacy lists either (a filter on it is ignored); crm.item's `contactIds` is.
		if (name === 'CONTACT_IDS' && view === 'legacy') return undefined;
		if (def?.type === 'crm_multifield')
			return {
				def: { type: 'string', title: name },
				values: ((record[name] as MultifieldValue[]) ?? []).map((m) => m.VALUE),
			};
		// CONTACT_ID is the primary contact only: a deal whose second contact is asked for is not found (observed on a
		// live portal, b24-rest-docs#73). crm.item's `contactIds` matches any bound contact.
		if (def)
			return {
				def,
				values: Array.isArray(record[name]) ? (record[name] as unknown[]) : [record[name]],
			};
		const uf = userFields.find((f) => f.FIELD_NAME === name);
		if (uf) {
			const v = record[name];
			return { values: Array.isArray(v) ? v : [v] };
		}
		return undefined;
	};
}

export function itemLookup(
	state: PortalState,
	entity: EntityName,
	record: EntityRecord,
	byCamel = camelIndex(state, entity),
): FieldLookup {
	const legacy = legacyLookup(state, entity, record, 'item');
	return (field) => {
		const name = byCamel.get(field.toLowerCase());
		return name ? legacy(name) : undefined;
	};
}

/** Lower-cased crm.item names (and user field names) → legacy names; a list builds it once for all its rows. */
export function camelIndex(state: PortalState, entity: EntityName): Map<string, string> {
	const byCamel = new Map<string, string>();
	for (const name of Object.keys(FIELDS[entity]))
		byCamel.set(camelName(entity, name).toLowerCase(), name);
	for (const f of userFieldsOf(state, entity)) {
		byCamel.set(camelName(entity, f.FIELD_NAME).toLowerCase(), f.FIELD_NAME);
		byCamel.set(f.FIELD_NAME.toLowerCase(), f.FIELD_NAME);
	}
	return byCamel;
}

/** crm.item.* field names → legacy names, for writes. */
export function fromItemFields(
	state: PortalState,
	entity: EntityName,
	fields: Record<string, unknown>,
): Record<string, unknown> {
	const byCamel = new Map<string, string>();
	for (const name of Object.keys(FIELDS[entity]))
		byCamel.set(camelName(entity, name).toLowerCase(), name);
	for (const f of userFieldsOf(state, entity)) {
		byCamel.set(camelName(entity, f.FIELD_NAME).toLowerCase(), f.FIELD_NAME);
		byCamel.set(f.FIELD_NAME.toLowerCase(), f.FIELD_NAME);
	}
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(fields)) {
		const legacy = byCamel.get(key.toLowerCase());
		if (legacy) out[legacy] = value;
	}
	return out;
}
