/**
 * amoCRM's events feed (`GET /api/v4/events`) and what the metrics read beside it: stage changes, the account's calls
 * in a window, and the leads changed since a moment with the products and a cost field of those sold.
 *
 * The feed pages 100 events a request (its maximum) and filters by type (a comma list), entity type, creation time
 * (`filter[created_at][from|to]`, unix seconds, both ends included) and entity ids — at most 10 ids, with exactly one
 * entity type. So a window is read in one pass: ⌈events ÷ 100⌉ requests, every type asked for in the same pass. For a
 * few entities the ids go 10 a request instead, when that costs fewer requests than the window would.
 */
import type {
	CallWindow,
	ChatMessage,
	CrmCall,
	CrmDeal,
	DealsSinceQuery,
	DealsWithSales,
	SaleDetails,
	StageChange,
	StageChangeFilter,
} from '../types';
import type { AmoCatalog } from './catalog';
import { pagesOf } from './paging';
import { iso, toCall, toDeal, unixOf } from './parse';
import { idGroups, type QueryValue } from './query';
import type { RawLead, RawNote } from './rawTypes';
import type { AmoTransport } from './transport';

export const EVENTS_PAGE = 100;
/** `filter[entity_id]` takes at most 10 ids. */
export const EVENT_IDS_PER_REQUEST = 10;
/** Up to this many entities are read 10 a request; more are read through one pass over the window. */
export const EVENT_IDS_BY_ENTITY_MAX = 50;

export interface RawEvent {
	id: string;
	type: string;
	entity_id: number;
	entity_type: string;
	created_by: number;
	created_at: number;
	value_after: Array<Record<string, unknown>>;
	value_before: Array<Record<string, unknown>>;
}

export interface EventQuery {
	/** Event types, e.g. `lead_status_changed`. */
	types: string[];
	/** `lead`, `contact`, `company`, `customer`, `task`. */
	entity: string;
	/** ISO, inclusive. */
	from: string;
	/** ISO, exclusive; default now. */
	to?: string;
	/** Only these entities; default all of the entity type. */
	entityIds?: string[];
	/** Only lead stage changes into these stages (`filter[value_after][leads_statuses]`). */
	intoStatuses?: Array<{ pipelineId: string; stageId: string }>;
}

/** Events of some types in a window, page by page (each event once, whatever order the feed answers in). */
export async function* readEvents(
	transport: AmoTransport,
	query: EventQuery,
): AsyncGenerator<RawEvent[]> {
	const base: Record<string, QueryValue> = {
		type: query.types.join(','),
		entity: query.entity,
		created_at: {
			from: unixOf(query.from),
			to: query.to ? Math.ceil(Date.parse(query.to) / 1000) - 1 : undefined,
		},
	};
	if (query.intoStatuses?.length)
		base.value_after = {
			// Indexed as amoCRM documents it: value_after[leads_statuses][0][pipeline_id]=…
			leads_statuses: Object.fromEntries(
				query.intoStatuses.map((s, i) => [
					String(i),
					{ pipeline_id: s.pipelineId, status_id: s.stageId },
				]),
			),
		};
	const ids = query.entityIds ? [...new Set(query.entityIds)] : undefined;
	const wanted = ids ? new Set(ids) : undefined;
	const filters =
		ids && ids.length <= EVENT_IDS_BY_ENTITY_MAX
			? idGroups(ids, 'filter[entity_id]', EVENT_IDS_PER_REQUEST).map((group) => ({
					...base,
					entity_id: group,
				}))
			: [base];
	const seen = new Set<string>();
	for (const filter of filters) {
		if (ids && ids.length === 0) return;
		for await (const page of pagesOf<RawEvent>(transport, '/api/v4/events', 'events', {
			limit: EVENTS_PAGE,
			filter,
		})) {
			const fresh = page.filter(
				(e) => !seen.has(e.id) && (!wanted || wanted.has(String(e.entity_id))),
			);
			for (const e of fresh) seen.add(e.id);
			if (fresh.length) yield fresh;
		}
	}
}

function leadStatus(values: Array<Record<string, unknown>> | undefined) {
	const status = values?.[0]?.lead_status as { id?: unknown; pipeline_id?: unknown } | undefined;
	return status && status.id !== undefined
		? { stageId: String(status.id), pipelineId: String(status.pipeline_id) }
		: null;
}

export function toStageChange(event: RawEvent): StageChange | null {
	const after = leadStatus(event.value_after);
	if (!after) return null;
	const before = leadStatus(event.value_before);
	return {
		id: event.id,
		dealId: String(event.entity_id),
		at: iso(event.created_at) ?? new Date(0).toISOString(),
		pipelineId: after.pipelineId,
		stageId: after.stageId,
		fromPipelineId: before?.pipelineId ?? null,
		fromStageId: before?.stageId ?? null,
		kind: 'moved',
		userId: event.created_by ? String(event.created_by) : null,
	};
}

/** Leads' stage changes in a window (`lead_status_changed`; a lead's creation is not one). */
export async function* stageChanges(
	transport: AmoTransport,
	filter: StageChangeFilter,
): AsyncGenerator<StageChange[]> {
	for await (const page of readEvents(transport, {
		types: ['lead_status_changed'],
		entity: 'lead',
		from: filter.from,
		to: filter.to,
		entityIds: filter.dealIds,
		intoStatuses: filter.intoStages,
	})) {
		const changes = page.map(toStageChange).filter((c): c is StageChange => c !== null);
		if (changes.length) yield changes;
	}
}

/**
 * The leads' chat messages in a window (`incoming_chat_message`, `outgoing_chat_message` of entity `lead`). The
 * author of an outgoing message is its `created_by`; 0 (a robot, e.g. an auto-reply) is no one.
 */
export async function* chatMessages(
	transport: AmoTransport,
	window: CallWindow,
): AsyncGenerator<ChatMessage[]> {
	for await (const page of readEvents(transport, {
		types: ['incoming_chat_message', 'outgoing_chat_message'],
		entity: 'lead',
		from: window.from,
		to: window.to,
	}))
		yield page.map((event) => ({
			id: event.id,
			dealId: String(event.entity_id),
			at: iso(event.created_at) ?? new Date(0).toISOString(),
			direction: event.type === 'incoming_chat_message' ? 'inbound' : 'outbound',
			userId:
				event.type === 'outgoing_chat_message' && event.created_by
					? String(event.created_by)
					: null,
		}));
}

/**
 * Every call note in a window, on leads and on contacts (telephony often files a call under the contact). Notes filter
 * by update time only: those updated since the window's start are read and kept when made inside it.
 */
export async function* callsBetween(
	transport: AmoTransport,
	window: CallWindow,
): AsyncGenerator<CrmCall[]> {
	const from = Date.parse(window.from);
	const to = window.to ? Date.parse(window.to) : Infinity;
	for (const entity of ['leads', 'contacts'] as const) {
		for await (const page of pagesOf<RawNote>(transport, `/api/v4/${entity}/notes`, 'notes', {
			filter: { note_type: ['call_in', 'call_out'], updated_at: { from: unixOf(window.from) } },
		})) {
			const calls = page
				.filter((n) => n.created_at * 1000 >= from && n.created_at * 1000 < to)
				.map((n) => ({ ...toCall(n), dealId: entity === 'leads' ? String(n.entity_id) : null }));
			if (calls.length) yield calls;
		}
	}
}

type SoldLead = RawLead & {
	_embedded?: RawLead['_embedded'] & { catalog_elements?: RawElement[] };
};

/**
 * The leads changed since a moment (`filter[updated_at][from]`: made, moved or edited since), then the asked ids the
 * pass did not bring (one read per URL of ids) — with `with=catalog_elements`, so the products of the sold leads
 * (their `metadata.quantity`) and a lead field named by the user come in the same pages.
 */
export async function dealsSince(
	transport: AmoTransport,
	catalog: AmoCatalog,
	query: DealsSinceQuery,
): Promise<DealsWithSales> {
	const baseUrl = await transport.baseUrl();
	const fieldId = query.costField ? await leadFieldId(catalog, query.costField) : null;
	const deals = new Map<string, CrmDeal>();
	const sales = new Map<string, SaleDetails>();
	const take = (lead: SoldLead) => {
		const deal = toDeal(lead, baseUrl);
		deals.set(deal.id, deal);
		if (query.salesOf?.(deal)) sales.set(deal.id, saleOf(lead, fieldId));
	};
	const withs = 'contacts,catalog_elements';
	for await (const page of pagesOf<SoldLead>(transport, '/api/v4/leads', 'leads', {
		filter: { updated_at: { from: unixOf(query.from) } },
		with: withs,
	}))
		page.forEach(take);
	const missing = [...new Set(query.ids ?? [])].filter((id) => !deals.has(id));
	for (const group of idGroups(missing, 'filter[id]')) {
		let found = 0;
		for await (const page of pagesOf<SoldLead>(transport, '/api/v4/leads', 'leads', {
			filter: { id: group },
			with: withs,
		})) {
			page.forEach(take);
			found += page.length;
			// A filter by N ids finds at most N leads: a full page's `next` link has nothing behind it then.
			if (found >= group.length) break;
		}
	}
	return { deals, sales };
}

function saleOf(lead: SoldLead, fieldId: number | null): SaleDetails {
	const elements = lead._embedded?.catalog_elements ?? [];
	const units = elements.reduce((sum, e) => sum + (Number(e.metadata?.quantity) || 0), 0);
	return {
		units: elements.length ? units : null,
		productLines: elements.length,
		cost: fieldId === null ? null : numericField(lead, fieldId),
	};
}

interface RawElement {
	id: number;
	metadata?: { quantity?: unknown; catalog_id?: unknown };
}

async function leadFieldId(catalog: AmoCatalog, ref: string): Promise<number> {
	const fields = await catalog.customFields('leads');
	const wanted = ref.trim().toLowerCase();
	const field =
		fields.find((f) => String(f.id) === wanted) ??
		fields.find((f) => f.name.toLowerCase() === wanted);
	if (!field)
		throw new Error(
			`No lead field "${ref}"; the lead fields are: ${fields.map((f) => f.name).join(', ')}`,
		);
	return field.id;
}

function numericField(lead: RawLead, fieldId: number): number | null {
	const block = (lead.custom_fields_values ?? []).find((f) => f.field_id === fieldId);
	const raw = block?.values?.[0]?.value;
	if (raw === undefined || raw === null || raw === '') return null;
	const n =
		typeof raw === 'number' ? raw : Number(String(raw).replace(/\s/g, '').replace(',', '.'));
	return Number.isFinite(n) ? n : null;
}
