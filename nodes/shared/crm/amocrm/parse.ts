import { normalizeEmail } from '../../funnel/email';
import { normalizePhone } from '../../funnel/phone';
import type {
	CallOutcome,
	CrmCall,
	CrmContact,
	CrmDeal,
	CrmLossReason,
	CrmNote,
	CrmPipeline,
	CrmStage,
	CrmTask,
	CrmUser,
	StageSemantics,
} from '../types';
import type {
	RawContact,
	RawFieldValues,
	RawLead,
	RawLossReason,
	RawNote,
	RawPipeline,
	RawTask,
	RawUser,
} from './rawTypes';

/** amoCRM's raw shapes into the CRM interface's types — once, here. */

export const WON_STATUS = 142;
export const LOST_STATUS = 143;

export function iso(unix: number | null | undefined): string | null {
	return typeof unix === 'number' && unix > 0 ? new Date(unix * 1000).toISOString() : null;
}

export function unixOf(isoTime: string): number {
	return Math.floor(Date.parse(isoTime) / 1000);
}

export function semanticsOf(statusId: number): StageSemantics {
	if (statusId === WON_STATUS) return 'won';
	if (statusId === LOST_STATUS) return 'lost';
	return 'open';
}

export function toPipeline(raw: RawPipeline): CrmPipeline {
	const statuses = [...(raw._embedded?.statuses ?? [])].sort((a, b) => a.sort - b.sort);
	const stage = (s: (typeof statuses)[number]): CrmStage => ({
		id: String(s.id),
		name: s.name,
		pipelineId: String(raw.id),
		sort: s.sort,
		semantics: semanticsOf(s.id),
		isIncoming: s.type === 1,
	});
	const open = statuses.filter((s) => s.id !== WON_STATUS && s.id !== LOST_STATUS).map(stage);
	const closed = statuses.filter((s) => s.id === WON_STATUS || s.id === LOST_STATUS).map(stage);
	return { id: String(raw.id), name: raw.name, isMain: raw.is_main, stages: [...open, ...closed] };
}

/**
 * A user of `/api/v4/users`, with what the account says of them: `owner` is the account's creator, `apiUser` the
 * user the token works as (an integration's account: not someone who sells).
 */
export function toUser(raw: RawUser, account: { owner?: number; apiUser?: number } = {}): CrmUser {
	const user: CrmUser = {
		id: String(raw.id),
		name: raw.name,
		email: raw.email ?? null,
		active: raw.rights?.is_active !== false,
		isAdmin: raw.rights?.is_admin === true,
		isOwner: account.owner !== undefined && raw.id === account.owner,
		isTechnical: account.apiUser !== undefined && raw.id === account.apiUser,
	};
	if (raw.rights?.is_free === true) user.kind = 'free';
	return user;
}

/** A common note: its text is `params.text`. */
export function toNote(raw: RawNote): CrmNote {
	return {
		id: String(raw.id),
		dealId: String(raw.entity_id),
		text: typeof raw.params?.text === 'string' ? raw.params.text : '',
		createdAt: iso(raw.created_at),
	};
}

export function toLossReason(raw: RawLossReason): CrmLossReason {
	return { id: String(raw.id), name: raw.name };
}

export function toDeal(raw: RawLead, baseUrl: string): CrmDeal {
	return {
		id: String(raw.id),
		name: raw.name,
		pipelineId: String(raw.pipeline_id),
		stageId: String(raw.status_id),
		semantics: semanticsOf(raw.status_id),
		responsibleUserId: raw.responsible_user_id ? String(raw.responsible_user_id) : null,
		price: typeof raw.price === 'number' ? raw.price : null,
		createdAt: iso(raw.created_at) ?? new Date(0).toISOString(),
		updatedAt: iso(raw.updated_at) ?? iso(raw.created_at) ?? new Date(0).toISOString(),
		closedAt: iso(raw.closed_at),
		// amoCRM tells the stage's entry time only through the events feed; not read per deal.
		stageChangedAt: null,
		tags: (raw._embedded?.tags ?? []).map((t) => t.name),
		contactIds: (raw._embedded?.contacts ?? []).map((c) => String(c.id)),
		lossReasonId: raw.loss_reason_id ? String(raw.loss_reason_id) : null,
		url: `${baseUrl}/leads/detail/${raw.id}`,
	};
}

export function fieldValues(values: RawFieldValues[] | null | undefined, code: string): string[] {
	return (values ?? [])
		.filter((f) => (f.field_code ?? '').toUpperCase() === code)
		.flatMap((f) => (f.values ?? []).map((v) => String(v.value ?? '')))
		.filter((v) => v.trim() !== '');
}

export function toContact(raw: RawContact): CrmContact {
	return {
		id: String(raw.id),
		name: raw.name,
		phones: fieldValues(raw.custom_fields_values, 'PHONE'),
		emails: fieldValues(raw.custom_fields_values, 'EMAIL'),
		responsibleUserId: raw.responsible_user_id ? String(raw.responsible_user_id) : null,
		dealIds: (raw._embedded?.leads ?? []).map((l) => String(l.id)),
		createdAt: iso(raw.created_at),
	};
}

/** The E.164 keys of a contact's phones (stored as free text: `8 916…`, `+7 (916)…`). */
export function phoneKeys(contact: CrmContact, defaultCountry = 'RU'): string[] {
	return contact.phones.flatMap((p) => {
		const parsed = normalizePhone(p, { defaultCountry });
		return parsed.ok ? [parsed.e164] : [];
	});
}

export function emailKeys(contact: CrmContact): string[] {
	return contact.emails.flatMap((e) => {
		const parsed = normalizeEmail(e);
		return parsed.ok ? [parsed.address] : [];
	});
}

export function toTask(raw: RawTask): CrmTask {
	return {
		id: String(raw.id),
		dealId: raw.entity_type === 'leads' && raw.entity_id ? String(raw.entity_id) : null,
		text: raw.text,
		dueAt: iso(raw.complete_till) ?? new Date(0).toISOString(),
		responsibleUserId: raw.responsible_user_id ? String(raw.responsible_user_id) : null,
		completed: raw.is_completed,
		createdAt: iso(raw.created_at),
	};
}

/**
 * amoCRM `call_status` (SDK CallInterface) to the unified outcome:
 * 1 message left, 2 call back later (reached), 3 not in place, 4 conversation, 5 wrong number,
 * 6 no answer, 7 busy, 8 undefined.
 */
export function callOutcomeOf(status: unknown): CallOutcome {
	switch (Number(status)) {
		case 2:
		case 4:
			return 'answered';
		case 1:
		case 3:
		case 6:
			return 'no_answer';
		case 5:
			return 'wrong_number';
		case 7:
			return 'busy';
		default:
			return 'unknown';
	}
}

export function toCall(raw: RawNote): CrmCall {
	const params = raw.params ?? {};
	const responsible = params.call_responsible ?? raw.responsible_user_id;
	return {
		id: String(raw.id),
		dealId: String(raw.entity_id),
		direction: raw.note_type === 'call_in' ? 'inbound' : 'outbound',
		outcome: callOutcomeOf(params.call_status),
		durationSeconds: Number(params.duration) || 0,
		at: iso(raw.created_at) ?? new Date(0).toISOString(),
		phone: typeof params.phone === 'string' && params.phone ? params.phone : null,
		responsibleUserId:
			typeof responsible === 'number' ||
			(typeof responsible === 'string' && /^\d+$/.test(responsible))
				? String(responsible)
				: null,
		rawStatus:
			params.call_status !== undefined && params.call_status !== null
				? String(params.call_status)
				: null,
		key: typeof params.uniq === 'string' && params.uniq ? params.uniq : null,
	};
}
