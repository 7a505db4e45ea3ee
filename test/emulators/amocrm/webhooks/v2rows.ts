import type { AccountState } from '../account';
import type { Company, Contact, FieldValues, Lead, Note, Task } from '../model';

/**
 * Webhook rows in the legacy v2 shape amoCRM still posts (§4.2): `custom_fields[].values[].{value,enum}`,
 * `date_create`, `last_modified`, `modified_user_id`, `created_user_id`, every value a string; date field
 * values bare; companies under `contacts` with `type=company`; notes wrapped in an extra `note` object.
 */

/** v2 numeric note types; the trigger maps them back to v4 names. */
export const V2_NOTE_TYPES: Record<string, number> = {
	common: 4,
	call_in: 10,
	call_out: 11,
	message_cashier: 12,
	geolocation: 13,
	service_message: 25,
	extended_service_message: 26,
	sms_in: 102,
	sms_out: 103,
	attachment: 4,
};

export const V2_ELEMENT_TYPES = { contacts: 1, leads: 2, companies: 3 } as const;

function customFields(values: FieldValues[] | null) {
	return (values ?? []).map((f) => ({
		id: f.field_id,
		name: f.field_name,
		...(f.field_code ? { code: f.field_code } : {}),
		values: f.values.map((v) => {
			if (f.field_type === 'date' || f.field_type === 'date_time' || f.field_type === 'birthday')
				return v.value;
			return v.enum_id !== undefined ? { value: v.value, enum: v.enum_id } : { value: v.value };
		}),
	}));
}

function tags(account: AccountState, entity: 'leads' | 'contacts' | 'companies', ids: number[]) {
	return ids
		.map((id) => account.tags[entity].get(id))
		.filter(Boolean)
		.map((t) => ({ id: t!.id, name: t!.name }));
}

export function leadRow(account: AccountState, lead: Lead, extra: Record<string, unknown> = {}) {
	return {
		id: lead.id,
		name: lead.name,
		status_id: lead.status_id,
		...('old_status_id' in extra ? { old_status_id: extra.old_status_id } : {}),
		price: lead.price,
		responsible_user_id: lead.responsible_user_id,
		...('old_responsible_user_id' in extra
			? { old_responsible_user_id: extra.old_responsible_user_id }
			: {}),
		last_modified: lead.updated_at,
		modified_user_id: lead.updated_by,
		created_user_id: lead.created_by,
		date_create: lead.created_at,
		pipeline_id: lead.pipeline_id,
		...('old_pipeline_id' in extra ? { old_pipeline_id: extra.old_pipeline_id } : {}),
		...(lead.loss_reason_id ? { loss_reason_id: lead.loss_reason_id } : {}),
		tags: tags(account, 'leads', lead.tagIds),
		account_id: account.id,
		custom_fields: customFields(lead.custom_fields_values),
	};
}

export function personRow(
	account: AccountState,
	entity: 'contacts' | 'companies',
	person: Contact | Company,
	extra: Record<string, unknown> = {},
) {
	const leads =
		entity === 'contacts'
			? account.leadsOfContact(person.id)
			: [...account.leads.values()].filter((l) => l.companyIds.includes(person.id));
	const linked: Record<string, { ID: number }> = {};
	for (const lead of leads) linked[String(lead.id)] = { ID: lead.id };
	const company =
		entity === 'contacts' ? account.companies.get((person as Contact).companyIds[0]) : undefined;
	return {
		id: person.id,
		name: person.name,
		responsible_user_id: person.responsible_user_id,
		...('old_responsible_user_id' in extra
			? { old_responsible_user_id: extra.old_responsible_user_id }
			: {}),
		date_create: person.created_at,
		last_modified: person.updated_at,
		created_user_id: person.created_by,
		modified_user_id: person.updated_by,
		...(company ? { company_name: company.name, linked_company_id: company.id } : {}),
		linked_leads_id: linked,
		tags: tags(account, entity, person.tagIds),
		custom_fields: customFields(person.custom_fields_values),
		type: entity === 'contacts' ? 'contact' : 'company',
		account_id: account.id,
	};
}

/** Call notes carry their parameters as a JSON string in `text` (as v2 did; unverified for webhooks). */
export function noteRow(account: AccountState, note: Note) {
	const call = note.note_type === 'call_in' || note.note_type === 'call_out';
	const text = call
		? JSON.stringify({
				UNIQ: note.params.uniq,
				DURATION: note.params.duration,
				SRC: note.params.source,
				LINK: note.params.link ?? '',
				PHONE: note.params.phone,
				call_status: note.params.call_status,
				call_result: note.params.call_result ?? '',
			})
		: String(note.params.text ?? '');
	return {
		note: {
			id: note.id,
			text,
			note_type: V2_NOTE_TYPES[note.note_type] ?? note.note_type,
			element_type: V2_ELEMENT_TYPES[note.entity_type],
			element_id: note.entity_id,
			date_create: note.created_at,
			last_modified: note.updated_at,
			created_user_id: note.created_by,
			responsible_user_id: note.responsible_user_id,
			account_id: account.id,
		},
	};
}

/** Task dates in webhooks are "YYYY-MM-DD HH:MM:SS" in the account's time zone (Moscow, UTC+3). */
function moscowDate(unix: number): string {
	return new Date((unix + 3 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function taskRow(account: AccountState, task: Task) {
	return {
		id: task.id,
		element_id: task.entity_id ?? 0,
		element_type: task.entity_type ? V2_ELEMENT_TYPES[task.entity_type] : 0,
		task_type: task.task_type_id,
		text: task.text,
		status: task.is_completed ? 1 : 0,
		...(task.result ? { result: { text: task.result.text } } : {}),
		complete_before: task.complete_till,
		created_user_id: task.created_by,
		modified_user_id: task.updated_by,
		responsible_user_id: task.responsible_user_id,
		date_create: moscowDate(task.created_at),
		last_modified: moscowDate(task.updated_at),
		account_id: account.id,
	};
}
