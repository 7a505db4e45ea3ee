/**
 * Field definitions of leads, deals, contacts and companies, and the two ways the API shows a record:
 * legacy (`crm.lead.get`: UPPER_CASE keys, numbers as strings, "Y"/"N", ISO datetimes with offset) and
 * universal (`crm.item.get`: camelCase keys, ints, `fm` for phones and e-mails).
 */
import { isoWithOffset } from './envelope';

export type EntityName = 'LEAD' | 'DEAL' | 'CONTACT' | 'COMPANY';

export type FieldType =
	| 'integer'
	| 'double'
	| 'string'
	| 'char'
	| 'date'
	| 'datetime'
	| 'crm_status'
	| 'crm_category'
	| 'crm_currency'
	| 'crm_company'
	| 'crm_contact'
	| 'crm_lead'
	| 'user'
	| 'crm_multifield';

export interface FieldDef {
	type: FieldType;
	title: string;
	readOnly?: boolean;
	immutable?: boolean;
	multiple?: boolean;
	required?: boolean;
	statusType?: string;
}

const ro = { readOnly: true };
const utm = {
	UTM_SOURCE: { type: 'string', title: 'UTM source' },
	UTM_MEDIUM: { type: 'string', title: 'UTM medium' },
	UTM_CAMPAIGN: { type: 'string', title: 'UTM campaign' },
	UTM_CONTENT: { type: 'string', title: 'UTM content' },
	UTM_TERM: { type: 'string', title: 'UTM term' },
} as const;
const audit = {
	ASSIGNED_BY_ID: { type: 'user', title: 'Responsible person' },
	CREATED_BY_ID: { type: 'user', title: 'Created by', ...ro },
	MODIFY_BY_ID: { type: 'user', title: 'Modified by', ...ro },
	DATE_CREATE: { type: 'datetime', title: 'Created on', ...ro },
	DATE_MODIFY: { type: 'datetime', title: 'Modified on', ...ro },
	OPENED: { type: 'char', title: 'Available to everyone' },
	COMMENTS: { type: 'string', title: 'Comment' },
	ORIGINATOR_ID: { type: 'string', title: 'External source' },
	ORIGIN_ID: { type: 'string', title: 'Item ID in data source' },
	LAST_ACTIVITY_TIME: { type: 'datetime', title: 'Last activity', ...ro },
	LAST_ACTIVITY_BY: { type: 'user', title: 'Last activity by', ...ro },
} as const;
const multifields = {
	PHONE: { type: 'crm_multifield', title: 'Phone', multiple: true },
	EMAIL: { type: 'crm_multifield', title: 'E-mail', multiple: true },
	WEB: { type: 'crm_multifield', title: 'Website', multiple: true },
	IM: { type: 'crm_multifield', title: 'Messenger', multiple: true },
} as const;

export const FIELDS: Record<EntityName, Record<string, FieldDef>> = {
	LEAD: {
		ID: { type: 'integer', title: 'ID', ...ro },
		TITLE: { type: 'string', title: 'Lead name' },
		HONORIFIC: { type: 'crm_status', title: 'Salutation', statusType: 'HONORIFIC' },
		NAME: { type: 'string', title: 'First name' },
		SECOND_NAME: { type: 'string', title: 'Middle name' },
		LAST_NAME: { type: 'string', title: 'Last name' },
		BIRTHDATE: { type: 'date', title: 'Date of birth' },
		COMPANY_TITLE: { type: 'string', title: 'Company name' },
		SOURCE_ID: { type: 'crm_status', title: 'Source', statusType: 'SOURCE' },
		SOURCE_DESCRIPTION: { type: 'string', title: 'Source information' },
		STATUS_ID: { type: 'crm_status', title: 'Stage', statusType: 'STATUS' },
		STATUS_DESCRIPTION: { type: 'string', title: 'Additional information about the stage' },
		STATUS_SEMANTIC_ID: { type: 'string', title: 'Status details', ...ro },
		POST: { type: 'string', title: 'Position' },
		ADDRESS: { type: 'string', title: 'Address' },
		CURRENCY_ID: { type: 'crm_currency', title: 'Currency' },
		OPPORTUNITY: { type: 'double', title: 'Amount' },
		IS_MANUAL_OPPORTUNITY: { type: 'char', title: 'Manual amount' },
		HAS_PHONE: { type: 'char', title: 'Has phone', ...ro },
		HAS_EMAIL: { type: 'char', title: 'Has e-mail', ...ro },
		HAS_IMOL: { type: 'char', title: 'Has Open Channel', ...ro },
		MOVED_BY_ID: { type: 'user', title: 'Stage changed by', ...ro },
		MOVED_TIME: { type: 'datetime', title: 'Stage changed on', ...ro },
		COMPANY_ID: { type: 'crm_company', title: 'Company' },
		CONTACT_ID: { type: 'crm_contact', title: 'Contact' },
		CONTACT_IDS: { type: 'crm_contact', title: 'Contacts', multiple: true },
		IS_RETURN_CUSTOMER: { type: 'char', title: 'Repeat lead', ...ro },
		DATE_CLOSED: { type: 'datetime', title: 'Closed on', ...ro },
		...audit,
		...utm,
		...multifields,
	},
	DEAL: {
		ID: { type: 'integer', title: 'ID', ...ro },
		TITLE: { type: 'string', title: 'Name' },
		TYPE_ID: { type: 'crm_status', title: 'Type', statusType: 'DEAL_TYPE' },
		CATEGORY_ID: { type: 'crm_category', title: 'Pipeline', immutable: true },
		STAGE_ID: { type: 'crm_status', title: 'Stage', statusType: 'DEAL_STAGE' },
		STAGE_SEMANTIC_ID: { type: 'string', title: 'Stage group', ...ro },
		IS_NEW: { type: 'char', title: 'New deal', ...ro },
		IS_RECURRING: { type: 'char', title: 'Recurring deal' },
		PROBABILITY: { type: 'integer', title: 'Probability' },
		CURRENCY_ID: { type: 'crm_currency', title: 'Currency' },
		OPPORTUNITY: { type: 'double', title: 'Amount' },
		IS_MANUAL_OPPORTUNITY: { type: 'char', title: 'Manual amount' },
		COMPANY_ID: { type: 'crm_company', title: 'Company' },
		CONTACT_ID: { type: 'crm_contact', title: 'Contact' },
		CONTACT_IDS: { type: 'crm_contact', title: 'Contacts', multiple: true },
		BEGINDATE: { type: 'date', title: 'Start date' },
		CLOSEDATE: { type: 'date', title: 'End date' },
		CLOSED: { type: 'char', title: 'Closed' },
		MOVED_BY_ID: { type: 'user', title: 'Stage changed by', ...ro },
		MOVED_TIME: { type: 'datetime', title: 'Stage changed on', ...ro },
		SOURCE_ID: { type: 'crm_status', title: 'Source', statusType: 'SOURCE' },
		SOURCE_DESCRIPTION: { type: 'string', title: 'Source information' },
		LEAD_ID: { type: 'crm_lead', title: 'Lead', ...ro },
		ADDITIONAL_INFO: { type: 'string', title: 'Additional information' },
		...audit,
		...utm,
	},
	CONTACT: {
		ID: { type: 'integer', title: 'ID', ...ro },
		HONORIFIC: { type: 'crm_status', title: 'Salutation', statusType: 'HONORIFIC' },
		NAME: { type: 'string', title: 'First name' },
		SECOND_NAME: { type: 'string', title: 'Middle name' },
		LAST_NAME: { type: 'string', title: 'Last name' },
		BIRTHDATE: { type: 'date', title: 'Date of birth' },
		TYPE_ID: { type: 'crm_status', title: 'Contact type', statusType: 'CONTACT_TYPE' },
		SOURCE_ID: { type: 'crm_status', title: 'Source', statusType: 'SOURCE' },
		SOURCE_DESCRIPTION: { type: 'string', title: 'Source information' },
		POST: { type: 'string', title: 'Position' },
		ADDRESS: { type: 'string', title: 'Address' },
		EXPORT: { type: 'char', title: 'Included in export' },
		HAS_PHONE: { type: 'char', title: 'Has phone', ...ro },
		HAS_EMAIL: { type: 'char', title: 'Has e-mail', ...ro },
		HAS_IMOL: { type: 'char', title: 'Has Open Channel', ...ro },
		COMPANY_ID: { type: 'crm_company', title: 'Company' },
		COMPANY_IDS: { type: 'crm_company', title: 'Companies', multiple: true },
		LEAD_ID: { type: 'crm_lead', title: 'Lead', ...ro },
		...audit,
		...utm,
		...multifields,
	},
	// crm.company.*: the legacy pattern of contacts (our API notes list the methods and the shared multifield
	// semantics, not the company's field list); these are the fields of crm.company.fields as commonly seen — the
	// exact list is unverified. Contacts join a company through their own COMPANY_IDS.
	COMPANY: {
		ID: { type: 'integer', title: 'ID', ...ro },
		TITLE: { type: 'string', title: 'Company name' },
		COMPANY_TYPE: { type: 'crm_status', title: 'Company type', statusType: 'COMPANY_TYPE' },
		INDUSTRY: { type: 'crm_status', title: 'Industry', statusType: 'INDUSTRY' },
		EMPLOYEES: { type: 'crm_status', title: 'Employees', statusType: 'EMPLOYEES' },
		CURRENCY_ID: { type: 'crm_currency', title: 'Currency' },
		REVENUE: { type: 'double', title: 'Annual revenue' },
		ADDRESS: { type: 'string', title: 'Address' },
		BANKING_DETAILS: { type: 'string', title: 'Payment details' },
		IS_MY_COMPANY: { type: 'char', title: 'My company' },
		HAS_PHONE: { type: 'char', title: 'Has phone', ...ro },
		HAS_EMAIL: { type: 'char', title: 'Has e-mail', ...ro },
		HAS_IMOL: { type: 'char', title: 'Has Open Channel', ...ro },
		LEAD_ID: { type: 'crm_lead', title: 'Lead', ...ro },
		...audit,
		...utm,
		...multifields,
	},
};

export const ENTITY_TYPE_ID: Record<EntityName, number> = {
	LEAD: 1,
	DEAL: 2,
	CONTACT: 3,
	COMPANY: 4,
};
export const ENTITY_BY_TYPE_ID: Record<number, EntityName> = {
	1: 'LEAD',
	2: 'DEAL',
	3: 'CONTACT',
	4: 'COMPANY',
};
/** `crm.timeline.comment.add` and events use lower-case names. */
export const ENTITY_LOWER: Record<EntityName, string> = {
	LEAD: 'lead',
	DEAL: 'deal',
	CONTACT: 'contact',
	COMPANY: 'company',
};

export const MULTIFIELD_TYPES = ['PHONE', 'EMAIL', 'WEB', 'IM'] as const;
export type MultifieldType = (typeof MULTIFIELD_TYPES)[number];

export interface MultifieldValue {
	ID: number;
	TYPE_ID: MultifieldType;
	VALUE_TYPE: string;
	VALUE: string;
}

/** A stored record: typed values under legacy field names (numbers, ms timestamps, 'Y'/'N', arrays). */
export type EntityRecord = Record<string, unknown>;

/** A user field (`crm.lead.userfield.*` row) with its enumeration list. */
export interface UserField {
	ID: number;
	ENTITY_ID: string;
	FIELD_NAME: string;
	USER_TYPE_ID: 'enumeration' | 'string' | 'integer' | 'double' | 'boolean' | 'datetime';
	XML_ID: string | null;
	SORT: number;
	MULTIPLE: 'Y' | 'N';
	MANDATORY: 'Y' | 'N';
	SHOW_FILTER: string;
	EDIT_FORM_LABEL: Record<string, string>;
	LIST_COLUMN_LABEL: Record<string, string>;
	LIST: Array<{ ID: number; VALUE: string; SORT: number; DEF: 'Y' | 'N'; XML_ID: string }>;
}

export function isUserFieldName(name: string): boolean {
	return /^UF_/i.test(name);
}

// ---- reading values sent by a client -------------------------------------------------------------

export function toInt(value: unknown): number | null | undefined {
	if (value === null || value === '' || value === false) return null;
	if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value))
		return Math.trunc(Number(value));
	return undefined;
}

export function toDouble(value: unknown): number | null | undefined {
	if (value === null || value === '') return null;
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string'
				? Number(value.replace(',', '.'))
				: NaN;
	return Number.isFinite(n) ? n : undefined;
}

export function toChar(value: unknown): 'Y' | 'N' {
	if (value === true || value === 1) return 'Y';
	if (typeof value === 'string' && ['y', 'yes', 'true', '1'].includes(value.toLowerCase()))
		return 'Y';
	return 'N';
}

/** ISO 8601 (with or without offset; without one the portal's zone is meant) → ms; garbage → undefined. */
export function toTime(value: unknown, offsetMinutes: number): number | null | undefined {
	if (value === null || value === '') return null;
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(trimmed);
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
	const ms = Date.parse(dateOnly ? `${trimmed}T00:00:00Z` : hasZone ? trimmed : `${trimmed}Z`);
	if (Number.isNaN(ms)) return undefined;
	return hasZone ? ms : ms - offsetMinutes * 60_000;
}

// ---- showing records ------------------------------------------------------------------------------

/** Types whose values are record or user ids. */
export function isIdType(def: FieldDef): boolean {
	return ['integer', 'user', 'crm_company', 'crm_contact', 'crm_lead', 'crm_category'].includes(
		def.type,
	);
}

/** Legacy view: ids as strings (lists of ids as ints), amounts "1500.00", datetimes with the portal offset. */
export function legacyValue(def: FieldDef | undefined, value: unknown): unknown {
	if (value === undefined) return null;
	if (!def) return value;
	if (isIdType(def)) {
		if (def.multiple) return Array.isArray(value) ? value.map((v) => Number(v)) : [];
		return value === null ? null : String(value);
	}
	if (value === null) return def.type === 'datetime' || def.type === 'date' ? '' : null;
	switch (def.type) {
		case 'double':
			return Number(value).toFixed(2);
		case 'datetime':
			return isoWithOffset(Number(value));
		case 'date':
			return isoWithOffset(Number(value)).slice(0, 10) + 'T03:00:00+03:00';
		case 'crm_multifield':
			return (value as MultifieldValue[]).map((m) => ({
				ID: String(m.ID),
				VALUE_TYPE: m.VALUE_TYPE,
				VALUE: m.VALUE,
				TYPE_ID: m.TYPE_ID,
			}));
		default:
			return value;
	}
}

/** `CATEGORY_ID` → `categoryId`; `UF_CRM_TAGS` → `ufCrmTags`; `UF_CRM_1721244707107` → `ufCrm_1721244707107`. */
/** camelName is pure and called per record and per field by list filters and sorts: its answers are kept. */
const camelNames = new Map<string, string>();

export function camelName(entity: EntityName, legacy: string): string {
	const key = `${entity} ${legacy}`;
	let name = camelNames.get(key);
	if (name === undefined) {
		name = camelNameOf(entity, legacy);
		camelNames.set(key, name);
	}
	return name;
}

function camelNameOf(entity: EntityName, legacy: string): string {
	const special: Record<string, string> = {
		ID: 'id',
		DATE_CREATE: 'createdTime',
		DATE_MODIFY: 'updatedTime',
		CREATED_BY_ID: 'createdBy',
		MODIFY_BY_ID: 'updatedBy',
		MOVED_BY_ID: 'movedBy',
		ASSIGNED_BY_ID: 'assignedById',
	};
	if (entity === 'LEAD' && legacy === 'STATUS_ID') return 'stageId';
	if (entity === 'LEAD' && legacy === 'STATUS_SEMANTIC_ID') return 'stageSemanticId';
	if (entity === 'LEAD' && legacy === 'STATUS_DESCRIPTION') return 'statusDescription';
	if (special[legacy]) return special[legacy];
	const uf = /^UF_CRM_(.*)$/.exec(legacy);
	if (uf) return /^\d+$/.test(uf[1]) ? `ufCrm_${uf[1]}` : `ufCrm${camelWords(uf[1], true)}`;
	return camelWords(legacy, false);
}

function camelWords(name: string, upperFirst: boolean): string {
	const words = name.toLowerCase().split('_').filter(Boolean);
	return words
		.map((w, i) =>
			i === 0 && !upperFirst ? w : /^\d/.test(w) ? w : w[0].toUpperCase() + w.slice(1),
		)
		.join('');
}

/** crm.item view: ids and amounts as numbers, datetimes with the portal offset. */
export function itemValue(def: FieldDef | undefined, value: unknown): unknown {
	if (value === undefined || value === null) return def?.multiple ? [] : null;
	if (!def) return value;
	if (isIdType(def))
		return def.multiple ? (Array.isArray(value) ? value.map((v) => Number(v)) : []) : Number(value);
	if (def.type === 'double') return Number(value);
	if (def.type === 'datetime' || def.type === 'date') return isoWithOffset(Number(value));
	return value;
}
