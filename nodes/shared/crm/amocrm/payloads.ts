import type { CallOutcome, DealUpdate, NewCall, NewContact, NewDeal, NewTask } from '../types';
import type { ContactPayload, LeadPayload, NotePayload, TaskPayload } from './existing';
import { LOST_STATUS, unixOf } from './parse';

/** The CRM interface's requests as amoCRM payloads (pure; no requests). */

function idOf(value: string | null | undefined): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const id = Number(value);
	return Number.isInteger(id) && id > 0 ? id : undefined;
}

const UTM_CODES = {
	source: 'UTM_SOURCE',
	medium: 'UTM_MEDIUM',
	campaign: 'UTM_CAMPAIGN',
	content: 'UTM_CONTENT',
	term: 'UTM_TERM',
} as const;

/** A new contact: PHONE and EMAIL are amoCRM's predefined multitext fields, written by code. */
export function contactPayload(contact: NewContact): ContactPayload {
	const values: Array<{ field_code: string; values: Array<{ value: string; enum_code: string }> }> =
		[];
	if (contact.phone)
		values.push({ field_code: 'PHONE', values: [{ value: contact.phone, enum_code: 'WORK' }] });
	if (contact.email)
		values.push({ field_code: 'EMAIL', values: [{ value: contact.email, enum_code: 'WORK' }] });
	const payload: ContactPayload = { name: contact.name };
	const responsible = idOf(contact.responsibleUserId);
	if (responsible) payload.responsible_user_id = responsible;
	if (values.length) payload.custom_fields_values = values;
	return payload;
}

/** A lead for `POST /api/v4/leads/complex`, with its one contact (new, or existing by id) and its tags. */
export function complexLeadPayload(deal: NewDeal): LeadPayload {
	const { custom_fields_values: extraFields, ...extra } = (deal.fields ?? {}) as Record<
		string,
		unknown
	>;
	const payload: LeadPayload = { ...extra, name: deal.name };
	const pipeline = idOf(deal.pipelineId);
	const stage = idOf(deal.stageId);
	const responsible = idOf(deal.responsibleUserId);
	if (pipeline) payload.pipeline_id = pipeline;
	if (stage) payload.status_id = stage;
	if (responsible) payload.responsible_user_id = responsible;
	if (typeof deal.price === 'number') payload.price = Math.round(deal.price);
	const fields: unknown[] = Array.isArray(extraFields) ? [...extraFields] : [];
	for (const [key, code] of Object.entries(UTM_CODES)) {
		const value = deal.utm?.[key as keyof typeof UTM_CODES];
		if (value) fields.push({ field_code: code, values: [{ value }] });
	}
	if (fields.length) payload.custom_fields_values = fields;
	const embedded: NonNullable<LeadPayload['_embedded']> = {};
	if (deal.tags?.length) embedded.tags = [...new Set(deal.tags)].map((name) => ({ name }));
	if (deal.contact) {
		embedded.contacts = [
			'id' in deal.contact
				? { id: Number(deal.contact.id) }
				: contactPayload(deal.contact as NewContact),
		];
	}
	if (Object.keys(embedded).length) payload._embedded = embedded;
	return payload;
}

/** A stage move, reassignment or close; `loss_reason_id` travels only with the lost stage (143). */
export function dealUpdatePayload(update: DealUpdate): Record<string, unknown> {
	const payload: Record<string, unknown> = { ...(update.fields ?? {}), id: Number(update.id) };
	const pipeline = idOf(update.pipelineId);
	const stage = idOf(update.stageId);
	if (pipeline) payload.pipeline_id = pipeline;
	if (stage) payload.status_id = stage;
	const responsible = idOf(update.responsibleUserId);
	if (responsible) payload.responsible_user_id = responsible;
	if (typeof update.price === 'number') payload.price = Math.round(update.price);
	const reason = idOf(update.lossReasonId);
	if (reason && stage === LOST_STATUS) payload.loss_reason_id = reason;
	return payload;
}

export function taskPayload(task: NewTask, taskTypeId: number): TaskPayload {
	const payload: TaskPayload = {
		text: task.text,
		complete_till: unixOf(task.dueAt),
		entity_id: Number(task.dealId),
		entity_type: 'leads',
		task_type_id: taskTypeId,
	};
	const responsible = idOf(task.responsibleUserId);
	if (responsible) payload.responsible_user_id = responsible;
	return payload;
}

/**
 * amoCRM's `call_status` for an outcome: 4 conversation, 5 wrong number, 6 could not get through (no answer, phone
 * off, rejected — amoCRM has no code of its own for these), 7 busy, 8 undefined. The telephony's words go to
 * `call_result`.
 */
const CALL_STATUS: Record<CallOutcome, number> = {
	answered: 4,
	wrong_number: 5,
	no_answer: 6,
	rejected: 6,
	unreachable: 6,
	busy: 7,
	unknown: 8,
};

/** A `call_in`/`call_out` note on the lead, dated when the call started; `uniq` carries the call's key. */
export function callNotePayload(call: NewCall): NotePayload {
	const params: Record<string, unknown> = {
		uniq: call.key,
		duration: Math.max(0, Math.round(call.talkSeconds)),
		source: call.source,
		phone: call.phone,
		call_status: CALL_STATUS[call.outcome],
	};
	if (call.result) params.call_result = call.result;
	if (call.recordingUrl) params.link = call.recordingUrl;
	const responsible = idOf(call.responsibleUserId);
	if (responsible) params.call_responsible = responsible;
	return {
		entity_id: Number(call.dealId),
		note_type: call.direction === 'inbound' ? 'call_in' : 'call_out',
		created_at: unixOf(call.at),
		params,
	};
}
