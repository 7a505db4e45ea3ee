/**
 * The one CRM interface every funnel node (Lead Dedup, Lead Tagger, Lead Distribution, Call Attempts,
 * Pipeline Audit, ...) talks to. amoCRM and Bitrix24 each implement it in `crm/<crm>/adapter.ts` on top of
 * their transport; the funnel nodes never see CRM-specific shapes.
 *
 * Words: a **deal** is what the sales funnel moves through stages — an amoCRM lead («сделка»), or a Bitrix24
 * deal (or a Bitrix24 lead when the user chooses the lead funnel). A **contact** is the person.
 * Ids are strings in both CRMs. Times are ISO 8601 UTC strings.
 *
 * Every batch method takes many items and returns one result per item, in the same order, so a node can
 * send every input item to exactly one output. Adapters batch and pace requests themselves.
 */

import type { FunnelHistory } from './historyTypes';

export type * from './historyTypes';

export type CrmKind = 'amocrm' | 'bitrix24';

/** Where a stage sits in the funnel: still working, closed won, or closed lost. */
export type StageSemantics = 'open' | 'won' | 'lost';

export interface CrmUser {
	id: string;
	name: string;
	email: string | null;
	active: boolean;
	/**
	 * An administrator of the account (amoCRM `rights.is_admin`). Bitrix24's user list does not tell it: there it
	 * is known only for the user the connection works as (`profile`). Undefined: the CRM did not say.
	 */
	isAdmin?: boolean;
	/** The account's owner (amoCRM: the user who created the account; Bitrix24: the portal's first user, ID 1). */
	isOwner?: boolean;
	/**
	 * Not a person who sells: the user this connection works as (the amoCRM token's user, the Bitrix24 webhook's
	 * owner — an integration's account, often an administrator), or a bot.
	 */
	isTechnical?: boolean;
	/**
	 * What kind of user: a member of staff, or someone outside the sales team — an amoCRM free user (no paid seat),
	 * a Bitrix24 extranet (external partner) or e-mail user. Undefined: a member of staff.
	 */
	kind?: 'employee' | 'free' | 'extranet' | 'email' | 'bot';
}

export interface CrmStage {
	id: string;
	name: string;
	pipelineId: string;
	sort: number;
	semantics: StageSemantics;
	/** amoCRM "Incoming leads" (unsorted) stage. */
	isIncoming: boolean;
}

export interface CrmPipeline {
	id: string;
	name: string;
	isMain: boolean;
	/** In funnel order; won and lost stages last. */
	stages: CrmStage[];
}

export interface CrmLossReason {
	id: string;
	name: string;
	/**
	 * Bitrix24 has no loss-reason field: a reason is a failure stage of the pipeline (its id then is the
	 * stage id and `stageId` is set), or a value of a list field the user chose.
	 */
	stageId?: string;
	pipelineId?: string;
}

export interface CrmDeal {
	id: string;
	name: string;
	pipelineId: string;
	stageId: string;
	semantics: StageSemantics;
	responsibleUserId: string | null;
	price: number | null;
	createdAt: string;
	updatedAt: string;
	closedAt: string | null;
	/** When the deal entered its current stage, when the CRM tells (Bitrix24 MOVED_TIME); else null. */
	stageChangedAt: string | null;
	/**
	 * Set where stageChangedAt is unknown but a history read shows the deal entered its stage at or before this
	 * moment (amoCRM: no stage change in the events feed since then): it has been there at least that long.
	 */
	stageEnteredBy?: string;
	tags: string[];
	contactIds: string[];
	lossReasonId: string | null;
	/** The deal's CRM web page, for reports. */
	url: string | null;
}

export interface CrmContact {
	id: string;
	name: string;
	/** As stored in the CRM (free text in amoCRM). */
	phones: string[];
	emails: string[];
	responsibleUserId: string | null;
	dealIds: string[];
	createdAt: string | null;
}

export interface CrmTask {
	id: string;
	dealId: string | null;
	text: string;
	dueAt: string;
	responsibleUserId: string | null;
	completed: boolean;
	createdAt: string | null;
}

/** Unified call outcome: the same seven whatever the telephony or CRM. */
export type CallOutcome =
	'answered' | 'no_answer' | 'busy' | 'rejected' | 'unreachable' | 'wrong_number' | 'unknown';

export interface CrmCall {
	id: string;
	dealId: string | null;
	direction: 'inbound' | 'outbound';
	outcome: CallOutcome;
	durationSeconds: number;
	at: string;
	phone: string | null;
	responsibleUserId: string | null;
	/** The CRM's own status code (amoCRM call_status, Bitrix24 STATUS_CODE), kept for reports. */
	rawStatus: string | null;
	/** The record's key of the call when it has one (amoCRM note `uniq`, Bitrix24 ORIGIN_ID). */
	key?: string | null;
}

/** A finished call to write into a deal's history (amoCRM call note, Bitrix24 completed call activity). */
export interface NewCall {
	dealId: string;
	direction: 'inbound' | 'outbound';
	outcome: CallOutcome;
	/** When the call started (ISO). */
	at: string;
	talkSeconds: number;
	/** The client's number, E.164. */
	phone: string;
	/**
	 * The call's key, kept with the record (amoCRM `uniq`, Bitrix24 ORIGIN_ID): a later read knows the call by it,
	 * and a write whose answer was lost is found by it instead of being sent again.
	 */
	key: string;
	/** Who reported the call, in words ("Zadarma"). */
	source: string;
	/** The telephony's result in words, for the person reading the history. */
	result?: string | null;
	recordingUrl?: string | null;
	responsibleUserId?: string | null;
	/** The client's contact, to bind the call to (Bitrix24). */
	contactId?: string | null;
}

/** A contact found by a phone or email key, with its deals. */
export interface ContactMatch {
	/** The key that matched: E.164 phone or normalised email. */
	key: string;
	keyType: 'phone' | 'email';
	contact: CrmContact;
	/** The contact's deals (open ones first, then the most recent). */
	deals: CrmDeal[];
	/** Bitrix24 finds leads as well as contacts: which entity this match is. */
	entity: 'contact' | 'lead';
}

export interface CrmItemError {
	message: string;
	/** The CRM's code (amoCRM validation code, Bitrix24 `error`), when it gave one. */
	code?: string;
	httpCode?: number;
	/** What the user can do about it. */
	description?: string;
}

export type ItemResult<T> = { ok: true; value: T } | { ok: false; error: CrmItemError };

export interface NewContact {
	name: string;
	phone?: string | null;
	email?: string | null;
	responsibleUserId?: string | null;
}

/** New phones and emails for a person the CRM already has. */
export interface ContactDetails {
	contactId: string;
	/** Bitrix24 finds leads as well as contacts: which entity holds the person. Default: contact. */
	entity?: 'contact' | 'lead';
	/** E.164 numbers. */
	phones?: string[];
	emails?: string[];
}

/** A note (amoCRM common note, Bitrix24 timeline comment) on a deal. */
export interface CrmNote {
	id: string;
	dealId: string;
	text: string;
	createdAt: string | null;
}

/** Values for a deal's fields, each named as the CRM shows the field («Дата последнего вебинара»). */
export interface NamedFieldValues {
	dealId: string;
	/**
	 * Field name → value: text, a number, a date ("2026-11-20" or an ISO moment), a list option's text,
	 * true/false; null clears the field.
	 */
	values: Record<string, string | number | boolean | null>;
}

export interface NewDeal {
	name: string;
	pipelineId?: string;
	stageId?: string;
	responsibleUserId?: string | null;
	price?: number | null;
	tags?: string[];
	/** A new contact to create with the deal, or an existing one to link. */
	contact?: NewContact | { id: string };
	/** Free text put on the deal as a note / timeline comment after creation. */
	note?: string;
	/** Our idempotency key (e.g. Tilda tranid): adapters use it to find what an interrupted write created. */
	externalId?: string;
	utm?: Partial<Record<'source' | 'medium' | 'campaign' | 'content' | 'term', string>>;
	/** CRM-specific extra fields (amoCRM custom_fields_values, Bitrix24 UF_*), passed through unchanged. */
	fields?: Record<string, unknown>;
}

export interface DealUpdate {
	id: string;
	pipelineId?: string;
	stageId?: string;
	responsibleUserId?: string;
	/** With a lost stage: the reason (amoCRM loss_reason_id; Bitrix24 failure stage or list value). */
	lossReasonId?: string;
	price?: number;
	fields?: Record<string, unknown>;
}

export interface NewTask {
	dealId: string;
	text: string;
	dueAt: string;
	responsibleUserId?: string | null;
	/** amoCRM task type (1 follow-up, 2 meeting) / Bitrix24: a call is a to-do titled as such. */
	kind?: 'call' | 'follow_up' | 'meeting';
}

export interface DealFilter {
	pipelineIds?: string[];
	stageIds?: string[];
	responsibleUserIds?: string[];
	/** Only deals in open stages (not won or lost). */
	openOnly?: boolean;
	createdFrom?: string;
	createdTo?: string;
	updatedFrom?: string;
	updatedTo?: string;
}

export interface TaskFilter {
	dealIds?: string[];
	responsibleUserIds?: string[];
	completed?: boolean;
}

export interface FunnelCrm extends FunnelHistory {
	readonly kind: CrmKind;

	listUsers(): Promise<CrmUser[]>;
	listPipelines(): Promise<CrmPipeline[]>;
	listLossReasons(): Promise<CrmLossReason[]>;

	/** Contacts whose phone (E.164 keys) or email (lower-cased keys) equals a key exactly, after the CRM's loose search. */
	findContacts(keys: { phones?: string[]; emails?: string[] }): Promise<ContactMatch[]>;

	getDeals(ids: string[]): Promise<Map<string, CrmDeal>>;
	/** Pages through deals; yields one page at a time so bulk jobs stay bounded in memory. */
	listDeals(filter: DealFilter): AsyncIterable<CrmDeal[]>;
	createDeals(
		items: NewDeal[],
	): Promise<Array<ItemResult<{ dealId: string; contactId: string | null }>>>;
	updateDeals(items: DealUpdate[]): Promise<Array<ItemResult<{ dealId: string }>>>;
	/** Adds tags, keeping the deal's other tags. */
	addTags(
		items: Array<{ dealId: string; tags: string[] }>,
	): Promise<Array<ItemResult<{ dealId: string }>>>;
	/** Removes these tags only. */
	removeTags(
		items: Array<{ dealId: string; tags: string[] }>,
	): Promise<Array<ItemResult<{ dealId: string }>>>;
	addNotes(
		items: Array<{ dealId: string; text: string }>,
	): Promise<Array<ItemResult<{ noteId: string }>>>;
	/** The text notes on each deal (amoCRM common notes, Bitrix24 timeline comments), oldest first. */
	listNotes(dealIds: string[]): Promise<Map<string, CrmNote[]>>;
	/**
	 * Adds to each contact the phones and emails it does not hold yet (compared as E.164 numbers and lower-case
	 * addresses), keeping every value it has. Returns what was added (nothing, when it held them all).
	 */
	addContactDetails(
		items: ContactDetails[],
	): Promise<Array<ItemResult<{ contactId: string; phones: string[]; emails: string[] }>>>;

	createTasks(items: NewTask[]): Promise<Array<ItemResult<{ taskId: string }>>>;
	listTasks(filter: TaskFilter): Promise<CrmTask[]>;
	/** Call history per deal (amoCRM call notes, Bitrix24 call activities), oldest first. */
	listCalls(dealIds: string[]): Promise<Map<string, CrmCall[]>>;
	/** Writes finished calls into the deals' history; a call whose key the history already holds is not written again. */
	logCalls(items: NewCall[]): Promise<Array<ItemResult<{ callId: string }>>>;

	/**
	 * Writes values into fields found by their name (case, ё and spacing ignored): the deal's own field, else — on
	 * amoCRM, where such fields often sit on the contact — the deal's main contact's. A name the account has no
	 * field for comes back in `missing`; nothing is created.
	 */
	setFieldsByName(
		items: NamedFieldValues[],
	): Promise<Array<ItemResult<{ written: string[]; missing: string[] }>>>;

	/** Bitrix24 only (`crm.entity.mergeBatch`); amoCRM has no merge API. */
	mergeContacts?(
		groups: Array<{ keepId: string; mergeIds: string[] }>,
	): Promise<Array<ItemResult<{ status: 'merged' | 'conflict' }>>>;
}
