/**
 * The events feed (`GET /api/v4/events`, `GET /api/v4/events/{id}`), as amoCRM documents it: at most 100 events a
 * page; filters `id`, `type` (a list or a comma string), `entity` (lead, contact, company, customer, task),
 * `entity_id` (at most 10, with exactly one entity), `created_by`, `created_at` (`[from]`/`[to]`, or one timestamp =
 * from then on, or `a,b`), `value_before|value_after[leads_statuses][i][pipeline_id|status_id]`; `with=lead_name`,
 * `contact_name`, `company_name`; each event carries `_embedded.entity`; 204 when nothing matches.
 *
 * Unverified, our assumptions: newest first (the feed's order in the UI; undocumented for the API); a `limit` above
 * 100 answered 422 like the lists' "Limit 250 per page"; `entity_id` with another number of entity types, or more
 * than 10 ids, answered 400 "Request validation failed".
 *
 * Chat messages arrive through amoCRM's chats service, not this API: the control route `POST /__emulator/chats`
 * plays that part (chatMessageEvents). Unverified: that a lead's chat message is an event of entity `lead`, and what
 * its `value_after` holds (left empty here; nothing we read depends on it).
 */
import { ApiError, hal, noContent, problem, type ApiRequest, type ApiResponse } from '../http';
import { listPage, selfLink, valuesOf, withOf } from '../listing';
import { limitPerPage } from '../errors';
import type { CrmEvent } from '../model';
import type { Router } from '../router';
import { isRecord } from '../validation';

export const EVENTS_LIMIT = 100;
const ENTITY_IDS_LIMIT = 10;
const ENTITY_PATH: Record<string, string> = {
	lead: 'leads',
	contact: 'contacts',
	company: 'companies',
	customer: 'customers',
	task: 'tasks',
};

export interface ChatMessageInput {
	lead_id: number;
	/** in: the client wrote; out: a manager (user_id) or a robot (no user_id). */
	direction: 'in' | 'out';
	user_id?: number;
	/** Unix seconds; default the emulator's now. */
	created_at?: number;
}

/** `incoming_chat_message` / `outgoing_chat_message` events of leads, as the chats service leaves them in the feed. */
export function chatMessageEvents(
	messages: ChatMessageInput[],
	now: number,
	start: number,
): CrmEvent[] {
	return messages.map((m, i) => ({
		id: `01chat${now.toString(36)}${(start + i).toString(36).padStart(4, '0')}`,
		type: m.direction === 'in' ? 'incoming_chat_message' : 'outgoing_chat_message',
		entity_id: Number(m.lead_id),
		entity_type: 'lead',
		created_by: m.direction === 'out' ? Number(m.user_id ?? 0) : 0,
		created_at: m.created_at ?? now,
		value_after: [],
		value_before: [],
	}));
}

export function eventRoutes(router: Router) {
	router.get('/api/v4/events', listEvents);
	router.get('/api/v4/events/:id', getEvent);
}

function invalid(detail: string): ApiError {
	return new ApiError(
		problem(400, 'Bad Request', 'Request validation failed', {
			'validation-errors': [
				{ request_id: '0', errors: [{ code: 'InvalidFilter', path: 'filter', detail }] },
			],
		}),
	);
}

/** `filter[created_at]`: `[from]`/`[to]`, one timestamp (from then on), or "from,to". */
function createdRange(value: unknown): { from?: number; to?: number } | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (isRecord(value) && !Array.isArray(value)) {
		const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));
		return { from: num(value.from), to: num(value.to) };
	}
	const parts = valuesOf(value)
		.flatMap((v) => v.split(','))
		.map(Number);
	return { from: parts[0], to: parts.length > 1 ? parts[1] : undefined };
}

function statusPairs(
	value: unknown,
): Array<{ pipeline_id: number; status_id: number }> | undefined {
	const statuses = isRecord(value) ? value.leads_statuses : undefined;
	if (statuses === undefined) return undefined;
	const list = Array.isArray(statuses)
		? statuses
		: isRecord(statuses)
			? Object.values(statuses)
			: [];
	return list
		.filter(isRecord)
		.map((s) => ({ pipeline_id: Number(s.pipeline_id), status_id: Number(s.status_id) }));
}

function leadStatusOf(values: unknown[]): { id: number; pipeline_id: number } | undefined {
	const first = values[0] as { lead_status?: { id: number; pipeline_id: number } } | undefined;
	return first?.lead_status;
}

function render(req: ApiRequest, e: CrmEvent, withs: Set<string>) {
	const path = ENTITY_PATH[e.entity_type] ?? `${e.entity_type}s`;
	const entity: Record<string, unknown> = {
		id: e.entity_id,
		_links: selfLink(req, `/api/v4/${path}/${e.entity_id}`),
	};
	if (withs.has('lead_name') && e.entity_type === 'lead')
		entity.name = req.account.leads.get(e.entity_id)?.name ?? null;
	if (withs.has('contact_name') && e.entity_type === 'contact')
		entity.name = req.account.contacts.get(e.entity_id)?.name ?? null;
	if (withs.has('company_name') && e.entity_type === 'company')
		entity.name = req.account.companies.get(e.entity_id)?.name ?? null;
	return {
		id: e.id,
		type: e.type,
		entity_id: e.entity_id,
		entity_type: e.entity_type,
		created_by: e.created_by,
		created_at: e.created_at,
		value_after: e.value_after,
		value_before: e.value_before,
		account_id: req.account.id,
		_links: selfLink(req, `/api/v4/events/${e.id}`),
		_embedded: { entity },
	};
}

function listEvents(req: ApiRequest): ApiResponse {
	if (req.query.limit !== undefined && Number(req.query.limit) > EVENTS_LIMIT)
		throw limitPerPage(EVENTS_LIMIT);
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const split = (value: unknown) =>
		valuesOf(value)
			.flatMap((v) => v.split(','))
			.map((v) => v.trim())
			.filter(Boolean);
	const ids = split(filter.id);
	const types = split(filter.type);
	const entities = split(filter.entity);
	const entityIds = split(filter.entity_id).map(Number);
	if (entityIds.length && entities.length !== 1)
		throw invalid('filter[entity_id] needs exactly one entity in filter[entity]');
	if (entityIds.length > ENTITY_IDS_LIMIT)
		throw invalid(`filter[entity_id] takes at most ${ENTITY_IDS_LIMIT} ids`);
	const createdBy = split(filter.created_by).map(Number);
	const created = createdRange(filter.created_at);
	const after = statusPairs(filter.value_after);
	const before = statusPairs(filter.value_before);
	const matchesStatus = (pairs: typeof after, values: unknown[]) => {
		if (!pairs) return true;
		const status = leadStatusOf(values);
		return Boolean(
			status &&
			pairs.some((p) => p.pipeline_id === status.pipeline_id && p.status_id === status.id),
		);
	};
	const found = req.account.events.filter(
		(e) =>
			(!ids.length || ids.includes(e.id)) &&
			(!types.length || types.includes(e.type)) &&
			(!entities.length || entities.includes(e.entity_type)) &&
			(!entityIds.length || entityIds.includes(e.entity_id)) &&
			(!createdBy.length || createdBy.includes(e.created_by)) &&
			(!created ||
				((created.from === undefined || e.created_at >= created.from) &&
					(created.to === undefined || e.created_at <= created.to))) &&
			matchesStatus(after, e.value_after) &&
			matchesStatus(before, e.value_before),
	);
	const withs = withOf(req.query);
	// Newest first; events of the same second in the order they happened, reversed.
	const ordered = found
		.map((e, i) => ({ e, i }))
		.sort((a, b) => b.e.created_at - a.e.created_at || b.i - a.i)
		.map(({ e }) => e);
	return listPage(req, 'events', ordered, {
		defaultLimit: 50,
		render: (e) => render(req, e, withs),
	});
}

function getEvent(req: ApiRequest): ApiResponse {
	const event = req.account.events.find((e) => e.id === req.params.id);
	if (!event) return noContent();
	return hal(render(req, event, withOf(req.query)));
}
