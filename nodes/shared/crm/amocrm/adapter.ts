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
	findCreatedLeads,
	findCreatedNotes,
	type ContactPayload,
	type CreatedLead,
	type LeadPayload,
	type NotePayload,
	type TaskPayload,
} from './existing';
import { byRequestId, complexResults } from './answers';
import { dealQuery } from './dealQuery';
import { listAmoCalls, listAmoNotes, listAmoTasks } from './dealHistory';
import { callsBetween, chatMessages, dealsSince, stageChanges } from './history';
import { createAmoContacts, linkAmoContacts, patchAmoContacts } from './contactWrites';
import { createAmoTasks, patchAmoTasks, taskTypeIds } from './tasks';
import { pagesOf } from './paging';
import { addAmoContactDetails } from './contactDetails';
import { setAmoFieldsByName } from './namedFields';
import { toDeal } from './parse';
import { callNotePayload, complexLeadPayload, dealUpdatePayload, taskPayload } from './payloads';
import { idGroups } from './query';
import type { RawComplexResult, RawLead } from './rawTypes';
import type { AmoTransport } from './transport';
import { writeInBatches } from './writes';

export const COMPLEX_BATCH = 50;
export const WRITE_BATCH = 250;

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
		const query = await dealQuery(this.catalog, filter);
		if (query === null) return;
		const baseUrl = await this.transport.baseUrl();
		for await (const page of pagesOf<RawLead>(this.transport, '/api/v4/leads', 'leads', query)) {
			const deals = page
				.map((lead) => toDeal(lead, baseUrl))
				.filter((d) => !filter.openOnly || d.semantics === 'open');
			if (deals.length) yield deals;
		}
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
	createContacts(payloads: ContactPayload[]): Promise<Array<ItemResult<{ contactId: string }>>> {
		return createAmoContacts(this.transport, this.catalog, payloads, WRITE_BATCH);
	}

	patchContacts(
		payloads: Array<Record<string, unknown>>,
	): Promise<Array<ItemResult<{ contactId: string }>>> {
		return patchAmoContacts(this.transport, payloads, this.updateBatch);
	}

	linkContacts(
		links: Array<{ dealId: string; contactId: string; isMain: boolean }>,
	): Promise<Array<ItemResult<{ dealId: string; contactId: string }>>> {
		return linkAmoContacts(this.transport, links, WRITE_BATCH);
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
		});
	}

	patchTasks(
		payloads: Array<Record<string, unknown>>,
	): Promise<Array<ItemResult<{ taskId: string }>>> {
		return patchAmoTasks(this.transport, payloads, this.updateBatch);
	}

	async createTasks(items: NewTask[]): Promise<Array<ItemResult<{ taskId: string }>>> {
		const types = await taskTypeIds(this.catalog, items);
		return this.createTaskPayloads(
			items.map((task) => taskPayload(task, types[task.kind ?? 'follow_up'])),
		);
	}

	createTaskPayloads(payloads: TaskPayload[]): Promise<Array<ItemResult<{ taskId: string }>>> {
		return createAmoTasks(this.transport, payloads, WRITE_BATCH);
	}

	listTasks(filter: TaskFilter): Promise<CrmTask[]> {
		return listAmoTasks(this.transport, filter);
	}

	listNotes(dealIds: string[]): Promise<Map<string, CrmNote[]>> {
		return listAmoNotes(this.transport, dealIds);
	}

	listCalls(dealIds: string[]): Promise<Map<string, CrmCall[]>> {
		return listAmoCalls(this.transport, dealIds);
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

	/**
	 * Call notes on the leads, 250 a request. A note whose answer was lost is looked up by its `uniq` (the call's
	 * key) before it is sent again.
	 */
	async logCalls(items: NewCall[]): Promise<Array<ItemResult<{ callId: string }>>> {
		const written = await this.createNotes('leads', items.map(callNotePayload));
		return written.map((r) => (r.ok ? { ok: true, value: { callId: r.value.noteId } } : r));
	}
}

function dealsInOrder(deals: CrmDeal[]): CrmDeal[] {
	return [...deals].sort((a, b) => {
		const openA = a.semantics === 'open' ? 0 : 1;
		const openB = b.semantics === 'open' ? 0 : 1;
		return openA - openB || b.updatedAt.localeCompare(a.updatedAt);
	});
}
