import { boundDepth, describeCuts } from '../../input/depth';
import { unflattenBrackets } from '../../n8n/brackets';

/**
 * amoCRM's outgoing webhooks post PHP bracket form data in the legacy v2 shape:
 * `leads[status][0][last_modified]=…`, `custom_fields[].values[].{value,enum}`, `date_create`, notes wrapped in
 * an extra `note` object, companies under `contacts` with `type=company`, every value a string. This turns one
 * delivery into clean events with API v4 names and numbers, one per entity event.
 */
export interface AmoWebhookEvent {
	/** e.g. `lead.stage_changed`, `contact.added`, `task.updated`. */
	event: string;
	entity: string;
	action: string;
	/** Idempotency key: amoCRM may deliver twice; the same change gives the same key. */
	eventKey: string;
	account: { id: number | null; subdomain: string | null };
	data: Record<string, unknown>;
}

const ACTION_NAMES: Record<string, string> = {
	add: 'added',
	update: 'updated',
	delete: 'deleted',
	restore: 'restored',
	status: 'stage_changed',
	responsible: 'responsible_changed',
	note: 'note_added',
};

/** v2 numeric note types back to API v4 names. */
export const NOTE_TYPE_NAMES: Record<string, string> = {
	'4': 'common',
	'10': 'call_in',
	'11': 'call_out',
	'12': 'message_cashier',
	'13': 'geolocation',
	'25': 'service_message',
	'26': 'extended_service_message',
	'102': 'sms_in',
	'103': 'sms_out',
};

const ELEMENT_TYPES: Record<string, string> = {
	'1': 'contacts',
	'2': 'leads',
	'3': 'companies',
	'12': 'customers',
};

/** v2 field name → v4 field name. */
const RENAMED: Record<string, string> = {
	last_modified: 'updated_at',
	date_create: 'created_at',
	date_close: 'closed_at',
	modified_user_id: 'updated_by',
	created_user_id: 'created_by',
	linked_company_id: 'company_id',
	element_id: 'entity_id',
	task_type: 'task_type_id',
	complete_before: 'complete_till',
};

const NUMERIC = new Set([
	'id',
	'status_id',
	'old_status_id',
	'pipeline_id',
	'old_pipeline_id',
	'price',
	'responsible_user_id',
	'old_responsible_user_id',
	'updated_at',
	'created_at',
	'closed_at',
	'updated_by',
	'created_by',
	'account_id',
	'loss_reason_id',
	'company_id',
	'entity_id',
	'task_type_id',
	'complete_till',
	'duration',
	'call_status',
]);

/**
 * Form fields as n8n hands them over (flat bracket keys, or already nested) into one nested object no deeper than
 * the depth cap; what had to be cut is added to `warnings`.
 */
export function webhookBody(
	raw: string | undefined,
	parsed: unknown,
	warnings: string[] = [],
): Record<string, unknown> {
	let nested: Record<string, unknown> = {};
	if (raw && raw.includes('=')) {
		nested = unflattenBrackets(Object.fromEntries(new URLSearchParams(raw).entries()), {
			cut: warnings,
		});
	} else if (isRecord(parsed)) {
		nested = Object.keys(parsed).some((k) => k.includes('['))
			? unflattenBrackets(parsed, { cut: warnings })
			: parsed;
	}
	const bounded = boundDepth(nested);
	warnings.push(...describeCuts(bounded.cut, 'body'));
	return bounded.value;
}

function rowsOf(value: unknown): Array<Record<string, unknown>> {
	if (Array.isArray(value)) return value.filter(isRecord);
	if (isRecord(value)) return Object.values(value).filter(isRecord);
	return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrText(value: unknown): unknown {
	return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function customFieldsValues(value: unknown) {
	return rowsOf(value).map((field) => ({
		field_id: numberOrText(field.id),
		field_name: field.name ?? null,
		field_code: field.code ?? null,
		values: (Array.isArray(field.values)
			? field.values
			: isRecord(field.values)
				? Object.values(field.values)
				: []
		).map((v) =>
			isRecord(v)
				? { value: v.value, ...(v.enum !== undefined ? { enum_id: numberOrText(v.enum) } : {}) }
				: { value: numberOrText(v) },
		),
	}));
}

/** One v2 row with v4 names: numbers as numbers, `custom_fields` as `custom_fields_values`, tags as `{id, name}`. */
export function v4Row(row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		if (key === 'custom_fields') {
			out.custom_fields_values = customFieldsValues(value);
		} else if (key === 'tags') {
			out.tags = rowsOf(value).map((t) => ({ id: numberOrText(t.id), name: t.name }));
		} else if (key === 'linked_leads_id') {
			out.lead_ids = isRecord(value) ? Object.keys(value).map(Number).filter(Number.isFinite) : [];
		} else {
			const name = RENAMED[key] ?? key;
			out[name] = NUMERIC.has(name) ? numberOrText(value) : value;
		}
	}
	return out;
}

function noteRow(row: Record<string, unknown>): Record<string, unknown> {
	const note = isRecord(row.note) ? row.note : row;
	const out = v4Row(note);
	out.note_type = NOTE_TYPE_NAMES[String(note.note_type)] ?? note.note_type;
	out.entity_type = ELEMENT_TYPES[String(note.element_type)] ?? note.element_type;
	delete out.element_type;
	if (out.note_type === 'call_in' || out.note_type === 'call_out') {
		out.params = callParams(String(note.text ?? ''));
	} else {
		out.params = { text: note.text ?? '' };
	}
	return out;
}

/** Call notes carry their parameters as JSON in `text` (v2 names UNIQ, DURATION, SRC, LINK, PHONE). */
function callParams(text: string): Record<string, unknown> {
	try {
		const parsed = JSON.parse(text) as Record<string, unknown>;
		return {
			uniq: parsed.UNIQ ?? parsed.uniq,
			duration: numberOrText(parsed.DURATION ?? parsed.duration),
			source: parsed.SRC ?? parsed.source,
			link: parsed.LINK ?? parsed.link,
			phone: parsed.PHONE ?? parsed.phone,
			call_status: numberOrText(parsed.call_status),
			call_result: parsed.call_result,
		};
	} catch {
		return { text };
	}
}

function taskRow(row: Record<string, unknown>): Record<string, unknown> {
	const out = v4Row(row);
	out.entity_type = ELEMENT_TYPES[String(row.element_type)] ?? row.element_type;
	delete out.element_type;
	if (row.status !== undefined) {
		out.is_completed = String(row.status) === '1';
		delete out.status;
	}
	return out;
}

function singular(entity: string, row: Record<string, unknown>): string {
	if (entity === 'contacts') return row.type === 'company' ? 'company' : 'contact';
	if (entity === 'leads') return 'lead';
	if (entity === 'companies') return 'company';
	return entity.replace(/s$/, '');
}

export function webhookEvents(body: Record<string, unknown>): AmoWebhookEvent[] {
	const accountRaw = isRecord(body.account) ? body.account : {};
	const account = {
		id: accountRaw.id !== undefined ? Number(accountRaw.id) : null,
		subdomain: typeof accountRaw.subdomain === 'string' ? accountRaw.subdomain : null,
	};
	const events: AmoWebhookEvent[] = [];
	for (const [entityKey, actions] of Object.entries(body)) {
		if (entityKey === 'account' || !isRecord(actions)) continue;
		for (const [action, rows] of Object.entries(actions)) {
			for (const row of rowsOf(rows)) {
				const data =
					action === 'note' ? noteRow(row) : entityKey === 'task' ? taskRow(row) : v4Row(row);
				const entity = action === 'note' ? 'note' : singular(entityKey, row);
				const event =
					action === 'note'
						? `${singular(entityKey, isRecord(row.note) ? row.note : row)}.note_added`
						: `${entity}.${ACTION_NAMES[action] ?? action}`;
				const id = data.id ?? '';
				events.push({
					event,
					entity,
					action,
					eventKey: `${entity}:${id}:${action}:${data.updated_at ?? data.created_at ?? ''}`,
					account,
					data,
				});
			}
		}
	}
	return events;
}
