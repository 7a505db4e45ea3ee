import type {
	AccountReference,
	CallWindow,
	ChatMessage,
	ContactDetails,
	ContactMatch,
	CrmCall,
	CrmDeal,
	CrmLossReason,
	CrmNote,
	CrmPipeline,
	CrmTask,
	CrmUser,
	DealFilter,
	DealUpdate,
	DealsSinceQuery,
	DealsWithSales,
	FunnelCrm,
	ItemResult,
	NamedFieldValues,
	NewCall,
	NewDeal,
	NewTask,
	StageChange,
	StageChangeFilter,
	TaskFilter,
} from '../types';
import { AmoCatalog } from './catalog';
import { ContactSearch, searchKeysOf } from './contactSearch';
import {
	claimsOf,
	findCreatedContacts,
	findCreatedLeads,
	findCreatedNotes,
	findCreatedTasks,
	type ContactPayload,
	type CreatedLead,
	type LeadPayload,
	type NotePayload,
	type TaskPayload,
} from './existing';
import { callsBetween, chatMessages, dealsSince, stageChanges } from './history';
import { allOf, pagesOf } from './paging';
import { addAmoContactDetails } from './contactDetails';
import { setAmoFieldsByName } from './namedFields';
import { toCall, toDeal, toNote, toTask, unixOf } from './parse';
import { callNotePayload, complexLeadPayload, dealUpdatePayload, taskPayload } from './payloads';
import { idGroups, type QueryValue } from './query';
import type { RawComplexResult, RawLead, RawNote, RawTask } from './rawTypes';
import type { AmoTransport } from './transport';
import { writeInBatches } from './writes';

export const COMPLEX_BATCH = 50;
export const WRITE_BATCH = 250;
/** `filter[statuses]` pairs per request (about 70 characters each in the URL). */
const MAX_STATUS_PAIRS = 100;

export interface AmoFunnelOptions {
	/** Leads per PATCH (≤ 250; halved automatically after a 504). */
	updateBatchSize?: number;
	/** Default country for phones stored without a code (`8 916…`). */
	defaultCountry?: string;
}

/** The CRM interface over amoCRM: a deal is an amoCRM lead; every call batched and paced by the transport. */
export class AmoCrmFunnel implements FunnelCrm {
	readonly kind = 'amocrm' as const;
	readonly catalog: AmoCatalog;
	private readonly updateBatch: number;
	private readonly defaultCountry: string;
	/** How contacts are found by phone/email; its `lastReport` tells which way the last search went. */
	readonly contactSearch: ContactSearch;

	constructor(
		readonly transport: AmoTransport,
		options: AmoFunnelOptions = {},
	) {
		this.catalog = new AmoCatalog(transport);
		this.updateBatch = Math.min(WRITE_BATCH, Math.max(1, options.updateBatchSize ?? WRITE_BATCH));
		this.defaultCountry = options.defaultCountry ?? 'RU';
		this.contactSearch = new ContactSearch(transport, this.defaultCountry);
	}

	listUsers(): Promise<CrmUser[]> {
		return this.catalog.users();
	}

	/** Users for resolving a manager by name or email (one request; no role flags, no account read). */
	listUsersByName(): Promise<CrmUser[]> {
		return this.catalog.usersByName();
	}

	listPipelines(): Promise<CrmPipeline[]> {
		return this.catalog.pipelines();
	}

	listLossReasons(): Promise<CrmLossReason[]> {
		return this.catalog.lossReasons();
	}

	/**
	 * Contacts whose phone or email equals a key exactly: searched key by key, or through an index of all contacts
	 * when the keys outnumber the account's pages (contactSearch.ts). The deals of every contact found are read in
	 * bulk, 100 ids a request.
	 */
	async findContacts(keys: { phones?: string[]; emails?: string[] }): Promise<ContactMatch[]> {
		const matches = await this.contactSearch.find(searchKeysOf(keys, this.defaultCountry));
		const deals = await this.getDeals([...new Set(matches.flatMap((m) => m.contact.dealIds))]);
		return matches.map((m) => ({
			...m,
			entity: 'contact' as const,
			deals: dealsInOrder(
				m.contact.dealIds.map((id) => deals.get(id)).filter((d): d is CrmDeal => Boolean(d)),
			),
		}));
	}

	async getDeals(ids: string[]): Promise<Map<string, CrmDeal>> {
		const deals = new Map<string, CrmDeal>();
		const baseUrl = await this.transport.baseUrl();
		for (const group of idGroups([...new Set(ids)], 'filter[id]')) {
			// A filter by N ids finds at most N leads: once all are here, a full page's `next` link has nothing behind it.
			let found = 0;
			for await (const page of pagesOf<RawLead>(this.transport, '/api/v4/leads', 'leads', {
				filter: { id: group },
				with: 'contacts',
			})) {
				for (const lead of page) deals.set(String(lead.id), toDeal(lead, baseUrl));
				found += page.length;
				if (found >= group.length) break;
			}
		}
		return deals;
	}

	async *listDeals(filter: DealFilter): AsyncIterable<CrmDeal[]> {
		const query = await this.dealQuery(filter);
		if (query === null) return;
		const baseUrl = await this.transport.baseUrl();
		for await (const page of pagesOf<RawLead>(this.transport, '/api/v4/leads', 'leads', query)) {
			const deals = page
				.map((lead) => toDeal(lead, baseUrl))
				.filter((d) => !filter.openOnly || d.semantics === 'open');
			if (deals.length) yield deals;
		}
	}

	/**
	 * Stage ids become `filter[statuses]` pairs: 142/143 exist in every pipeline, so a pair names both. "Open only"
	 * asks for the open stages the same way, so closed deals (most of an old account) are not paged through; with
	 * more open stages than fit a URL it filters after reading instead.
	 */
	private async dealQuery(filter: DealFilter): Promise<Record<string, QueryValue> | null> {
		const f: Record<string, QueryValue> = {};
		let stageIds = filter.stageIds;
		if (!stageIds?.length && filter.openOnly) {
			const pipelines = await this.catalog.pipelines();
			const scope = filter.pipelineIds?.length
				? pipelines.filter((p) => filter.pipelineIds!.includes(p.id))
				: pipelines;
			const open = scope.flatMap((p) => p.stages.filter((s) => s.semantics === 'open'));
			if (open.length > 0 && open.length <= MAX_STATUS_PAIRS)
				stageIds = [...new Set(open.map((s) => s.id))];
		}
		if (stageIds?.length) {
			const pipelines = await this.catalog.pipelines();
			const scope = filter.pipelineIds?.length
				? pipelines.filter((p) => filter.pipelineIds!.includes(p.id))
				: pipelines;
			const pairs = scope.flatMap((p) =>
				p.stages
					.filter((s) => stageIds!.includes(s.id))
					.map((s) => ({ pipeline_id: p.id, status_id: s.id })),
			);
			if (pairs.length === 0) return null;
			f.statuses = Object.fromEntries(pairs.map((pair, i) => [String(i), pair]));
		} else if (filter.pipelineIds?.length) {
			f.pipeline_id = filter.pipelineIds;
		}
		if (filter.responsibleUserIds?.length) f.responsible_user_id = filter.responsibleUserIds;
		const range = (from?: string, to?: string) =>
			from || to
				? { from: from ? unixOf(from) : undefined, to: to ? unixOf(to) : undefined }
				: undefined;
		const created = range(filter.createdFrom, filter.createdTo);
		const updated = range(filter.updatedFrom, filter.updatedTo);
		if (created) f.created_at = created;
		if (updated) f.updated_at = updated;
		return { filter: f, with: 'contacts' };
	}

	async createDeals(
		items: NewDeal[],
	): Promise<Array<ItemResult<{ dealId: string; contactId: string | null }>>> {
		const created = await writeInBatches<LeadPayload, CreatedLead>(items.map(complexLeadPayload), {
			transport: this.transport,
			kind: 'create',
			maxBatch: COMPLEX_BATCH,
			send: async (payloads) => {
				const answer = await this.transport.request<RawComplexResult[]>(
					'POST',
					'/api/v4/leads/complex',
					{ body: payloads },
				);
				return complexResults(payloads, answer.body ?? []);
			},
			findExisting: findCreatedLeads(this.transport, this.catalog),
			claims: claimsOf.lead,
		});
		const withNotes = items
			.map((item, i) => ({ i, item, result: created[i] }))
			.filter((x) => x.result.ok && x.item.note);
		if (withNotes.length > 0) {
			// The deal exists either way; a failed note does not undo it (reported on the deal's result).
			await this.addNotes(
				withNotes.map((x) => ({
					dealId: (x.result as { value: CreatedLead }).value.dealId,
					text: x.item.note!,
				})),
			);
		}
		return created.map((r) =>
			r.ok ? { ok: true, value: { dealId: r.value.dealId, contactId: r.value.contactId } } : r,
		);
	}

	async updateDeals(items: DealUpdate[]): Promise<Array<ItemResult<{ dealId: string }>>> {
		return this.patchLeads(items.map(dealUpdatePayload));
	}

	async addTags(
		items: Array<{ dealId: string; tags: string[] }>,
	): Promise<Array<ItemResult<{ dealId: string }>>> {
		return this.patchLeads(
			items.map((item) => ({
				id: Number(item.dealId),
				tags_to_add: [...new Set(item.tags)].map((name) => ({ name })),
			})),
		);
	}

	async removeTags(
		items: Array<{ dealId: string; tags: string[] }>,
	): Promise<Array<ItemResult<{ dealId: string }>>> {
		return this.patchLeads(
			items.map((item) => ({
				id: Number(item.dealId),
				tags_to_delete: [...new Set(item.tags)].map((name) => ({ name })),
			})),
		);
	}

	/** PATCH in batches of up to 250: the same PATCH twice ends in the same state, so it is safe to repeat. */
	async patchLeads(
		payloads: Array<Record<string, unknown>>,
	): Promise<Array<ItemResult<{ dealId: string }>>> {
		return writeInBatches<Record<string, unknown>, { dealId: string }>(payloads, {
			transport: this.transport,
			kind: 'idempotent',
			maxBatch: this.updateBatch,
			send: async (batch) => {
				await this.transport.request('PATCH', '/api/v4/leads', { body: batch });
				return batch.map((p) => ({ dealId: String(p.id) }));
			},
		});
	}

	/** Contacts on their own (`POST /api/v4/contacts`, ≤ 250 per request). */
	async createContacts(
		payloads: ContactPayload[],
	): Promise<Array<ItemResult<{ contactId: string }>>> {
		return writeInBatches<ContactPayload, { contactId: string }>(payloads, {
			transport: this.transport,
			kind: 'create',
			maxBatch: WRITE_BATCH,
			send: async (batch) => {
				const answer = await this.transport.request<{
					_embedded?: { contacts?: Array<{ id: number; request_id?: string }> };
				}>('POST', '/api/v4/contacts', { body: batch });
				return byRequestId(batch, answer.body?._embedded?.contacts ?? [], (c) => ({
					contactId: String(c.id),
				}));
			},
			findExisting: findCreatedContacts(this.transport, this.catalog),
			claims: claimsOf.contact,
		});
	}

	async patchContacts(
		payloads: Array<Record<string, unknown>>,
	): Promise<Array<ItemResult<{ contactId: string }>>> {
		return writeInBatches<Record<string, unknown>, { contactId: string }>(payloads, {
			transport: this.transport,
			kind: 'idempotent',
			maxBatch: this.updateBatch,
			send: async (batch) => {
				await this.transport.request('PATCH', '/api/v4/contacts', { body: batch });
				return batch.map((p) => ({ contactId: String(p.id) }));
			},
		});
	}

	/** Links contacts to leads in bulk (`POST /api/v4/leads/link`); linking twice changes nothing. */
	async linkContacts(
		links: Array<{ dealId: string; contactId: string; isMain: boolean }>,
	): Promise<Array<ItemResult<{ dealId: string; contactId: string }>>> {
		return writeInBatches(
			links.map((l) => ({
				entity_id: Number(l.dealId),
				to_entity_id: Number(l.contactId),
				to_entity_type: 'contacts',
				metadata: { is_main: l.isMain },
			})),
			{
				transport: this.transport,
				kind: 'idempotent',
				maxBatch: WRITE_BATCH,
				send: async (batch) => {
					await this.transport.request('POST', '/api/v4/leads/link', {
						body: batch,
						kind: 'idempotent',
					});
					return batch.map((p) => ({
						dealId: String(p.entity_id),
						contactId: String(p.to_entity_id),
					}));
				},
			},
		);
	}

	async patchTasks(
		payloads: Array<Record<string, unknown>>,
	): Promise<Array<ItemResult<{ taskId: string }>>> {
		return writeInBatches<Record<string, unknown>, { taskId: string }>(payloads, {
			transport: this.transport,
			kind: 'idempotent',
			maxBatch: this.updateBatch,
			send: async (batch) => {
				await this.transport.request('PATCH', '/api/v4/tasks', { body: batch });
				return batch.map((p) => ({ taskId: String(p.id) }));
			},
		});
	}

	async addNotes(
		items: Array<{ dealId: string; text: string }>,
	): Promise<Array<ItemResult<{ noteId: string }>>> {
		return this.createNotes(
			'leads',
			items.map((item) => ({
				entity_id: Number(item.dealId),
				note_type: 'common',
				params: { text: item.text },
			})),
		);
	}

	async createNotes(
		entity: 'leads' | 'contacts' | 'companies',
		payloads: NotePayload[],
	): Promise<Array<ItemResult<{ noteId: string }>>> {
		return writeInBatches<NotePayload, { noteId: string }>(payloads, {
			transport: this.transport,
			kind: 'create',
			maxBatch: WRITE_BATCH,
			send: async (batch) => {
				const answer = await this.transport.request<{
					_embedded?: { notes?: Array<{ id: number; request_id?: string }> };
				}>('POST', `/api/v4/${entity}/notes`, { body: batch });
				return byRequestId(batch, answer.body?._embedded?.notes ?? [], (n) => ({
					noteId: String(n.id),
				}));
			},
			findExisting: findCreatedNotes(this.transport, entity),
			claims: claimsOf.note,
		});
	}

	async createTasks(items: NewTask[]): Promise<Array<ItemResult<{ taskId: string }>>> {
		const types = await this.taskTypeIds(items);
		return this.createTaskPayloads(
			items.map((task) => taskPayload(task, types[task.kind ?? 'follow_up'])),
		);
	}

	async createTaskPayloads(
		payloads: TaskPayload[],
	): Promise<Array<ItemResult<{ taskId: string }>>> {
		return writeInBatches<TaskPayload, { taskId: string }>(payloads, {
			transport: this.transport,
			kind: 'create',
			maxBatch: WRITE_BATCH,
			send: async (batch) => {
				const answer = await this.transport.request<{
					_embedded?: { tasks?: Array<{ id: number; request_id?: string }> };
				}>('POST', '/api/v4/tasks', { body: batch });
				return byRequestId(batch, answer.body?._embedded?.tasks ?? [], (t) => ({
					taskId: String(t.id),
				}));
			},
			findExisting: findCreatedTasks(this.transport),
			claims: claimsOf.task,
		});
	}

	/** amoCRM has follow-up (1) and meeting (2); a call is the account's own "Звонок"/"Call" type when it has one. */
	private async taskTypeIds(
		items: NewTask[],
	): Promise<Record<NonNullable<NewTask['kind']>, number>> {
		const ids = { follow_up: 1, meeting: 2, call: 1 };
		if (!items.some((t) => t.kind === 'call')) return ids;
		const types = (await this.catalog.account())._embedded?.task_types ?? [];
		const call = types.find((t) => /^(звонок|позвонить|перезвонить|call)$/i.test(t.name.trim()));
		if (call) ids.call = call.id;
		return ids;
	}

	async listTasks(filter: TaskFilter): Promise<CrmTask[]> {
		const base: Record<string, QueryValue> = {};
		if (filter.responsibleUserIds?.length) base.responsible_user_id = filter.responsibleUserIds;
		if (filter.completed !== undefined) base.is_completed = filter.completed ? 1 : 0;
		const groups = filter.dealIds
			? idGroups([...new Set(filter.dealIds)], 'filter[entity_id]')
			: [undefined];
		const tasks: CrmTask[] = [];
		for (const group of groups) {
			if (group && group.length === 0) continue;
			const f = group ? { ...base, entity_type: 'leads', entity_id: group } : base;
			tasks.push(
				...(await allOf<RawTask>(this.transport, '/api/v4/tasks', 'tasks', { filter: f })).map(
					toTask,
				),
			);
		}
		return tasks;
	}

	async listReference(): Promise<AccountReference> {
		const [pipelines, users, lossReasons] = await Promise.all([
			this.catalog.pipelines(),
			this.catalog.users().catch((): CrmUser[] => []),
			this.catalog.lossReasons(),
		]);
		return { pipelines, users, lossReasons };
	}

	listStageChanges(filter: StageChangeFilter): AsyncIterable<StageChange[]> {
		return stageChanges(this.transport, filter);
	}

	listCallsBetween(window: CallWindow): AsyncIterable<CrmCall[]> {
		return callsBetween(this.transport, window);
	}

	listChatMessages(window: CallWindow): AsyncIterable<ChatMessage[]> {
		return chatMessages(this.transport, window);
	}

	listDealsSince(query: DealsSinceQuery): Promise<DealsWithSales> {
		return dealsSince(this.transport, this.catalog, query);
	}

	async listNotes(dealIds: string[]): Promise<Map<string, CrmNote[]>> {
		const notes = new Map<string, CrmNote[]>(dealIds.map((id) => [id, []]));
		for (const group of idGroups([...new Set(dealIds)], 'filter[entity_id]')) {
			const found = await allOf<RawNote>(this.transport, '/api/v4/leads/notes', 'notes', {
				filter: { entity_id: group, note_type: ['common'] },
			});
			for (const note of found) notes.get(String(note.entity_id))?.push(toNote(note));
		}
		for (const list of notes.values())
			list.sort(
				(a, b) =>
					(a.createdAt ?? '').localeCompare(b.createdAt ?? '') || Number(a.id) - Number(b.id),
			);
		return notes;
	}

	/** Lead fields by name, else the main contact's (amoCRM accounts keep card fields on either). */
	setFieldsByName(
		items: NamedFieldValues[],
	): Promise<Array<ItemResult<{ written: string[]; missing: string[] }>>> {
		return setAmoFieldsByName(
			{
				catalog: this.catalog,
				getDeals: (ids) => this.getDeals(ids),
				patchLeads: (payloads) => this.patchLeads(payloads),
				patchContacts: (payloads) => this.patchContacts(payloads),
			},
			items,
		);
	}

	/** Reads the contacts, then writes each one's PHONE/EMAIL whole: the values it had and the new ones. */
	addContactDetails(
		items: ContactDetails[],
	): Promise<Array<ItemResult<{ contactId: string; phones: string[]; emails: string[] }>>> {
		return addAmoContactDetails(this.transport, items, this.defaultCountry, (payloads) =>
			this.patchContacts(payloads),
		);
	}

	async listCalls(dealIds: string[]): Promise<Map<string, CrmCall[]>> {
		const calls = new Map<string, CrmCall[]>(dealIds.map((id) => [id, []]));
		for (const group of idGroups([...new Set(dealIds)], 'filter[entity_id]')) {
			const notes = await allOf<RawNote>(this.transport, '/api/v4/leads/notes', 'notes', {
				filter: { entity_id: group, note_type: ['call_in', 'call_out'] },
			});
			for (const note of notes) calls.get(String(note.entity_id))?.push(toCall(note));
		}
		for (const list of calls.values())
			list.sort((a, b) => a.at.localeCompare(b.at) || Number(a.id) - Number(b.id));
		return calls;
	}

	/**
	 * Call notes on the leads, 250 a request. A note whose answer was lost is looked up by its `uniq` (the call's
	 * key) before it is sent again.
	 */
	async logCalls(items: NewCall[]): Promise<Array<ItemResult<{ callId: string }>>> {
		const written = await this.createNotes('leads', items.map(callNotePayload));
		return written.map((r) => (r.ok ? { ok: true, value: { callId: r.value.noteId } } : r));
	}
}

/** The complex answer is a bare array; `request_id` (a list when duplicate control merged several) maps it back. */
function complexResults(
	payloads: Array<{ request_id: string }>,
	answer: RawComplexResult[],
): CreatedLead[] {
	const byRequest = new Map<string, RawComplexResult>();
	for (const result of answer)
		for (const id of [result.request_id].flat()) byRequest.set(String(id), result);
	return payloads.map((p, i) => {
		const result = byRequest.get(p.request_id) ?? answer[i];
		return result
			? {
					dealId: String(result.id),
					contactId: result.contact_id ? String(result.contact_id) : null,
					merged: result.merged === true,
				}
			: (undefined as never);
	});
}

function byRequestId<T, R>(
	batch: Array<{ request_id: string }>,
	answer: Array<{ id: number; request_id?: string } & T>,
	map: (item: { id: number } & T) => R,
): R[] {
	const byRequest = new Map(answer.map((a, i) => [a.request_id ?? batch[i]?.request_id, a]));
	return batch.map((p, i) => {
		const found = byRequest.get(p.request_id) ?? answer[i];
		return found ? map(found) : (undefined as never);
	});
}

function dealsInOrder(deals: CrmDeal[]): CrmDeal[] {
	return [...deals].sort((a, b) => {
		const openA = a.semantics === 'open' ? 0 : 1;
		const openB = b.semantics === 'open' ? 0 : 1;
		return openA - openB || b.updatedAt.localeCompare(a.updatedAt);
	});
}
