/** What the funnel metrics read beside `FunnelCrm`'s own: stage history, calls in a window, chats, sold deals. */
import type { CrmCall, CrmDeal, CrmLossReason, CrmPipeline, CrmUser } from './types';

/**
 * A deal entering a stage: amoCRM's `lead_status_changed` event (it tells the stage left as well), a Bitrix24
 * `crm.stagehistory.list` row (creation, a move, a move to a final stage, a funnel change).
 */
export interface StageChange {
	/** The CRM's own id of the record (amoCRM event id, Bitrix24 history row id). */
	id: string;
	dealId: string;
	at: string;
	pipelineId: string;
	stageId: string;
	/** The stage left, when known: amoCRM tells it; Bitrix24 only through the deal's previous row in the read. */
	fromPipelineId: string | null;
	fromStageId: string | null;
	/** `created`: the deal was made in this stage (Bitrix24 records it; amoCRM's feed has only moves). */
	kind: 'created' | 'moved';
	/** Who made the change, when the CRM tells. */
	userId: string | null;
}

export interface StageChangeFilter {
	/** ISO start of the window, inclusive. */
	from: string;
	/** ISO end of the window, exclusive; default now. */
	to?: string;
	/** Only these deals; default every deal of the funnel. */
	dealIds?: string[];
	/** Only moves into these stages (amoCRM filters the feed by them; elsewhere the answer is filtered). */
	intoStages?: Array<{ pipelineId: string; stageId: string }>;
}

/** What a won deal consisted of, for units per check and margin. */
export interface SaleDetails {
	/** Units of all products on the deal (amoCRM catalog elements, Bitrix24 product rows); null when it has none. */
	units: number | null;
	/** Product lines on the deal. */
	productLines: number;
	/** The number in the cost field the user named; null when the deal leaves it empty. */
	cost: number | null;
}

/** Calls of the whole account in a window, whatever they are attached to (deal, contact, lead). */
export interface CallWindow {
	/** ISO start, inclusive. */
	from: string;
	/** ISO end, exclusive; default: until now. */
	to?: string;
}

/** A message of a deal's chat, as the CRM's history tells it (amoCRM `incoming_chat_message` / `outgoing_chat_message`). */
export interface ChatMessage {
	id: string;
	dealId: string;
	at: string;
	/** inbound: the client wrote; outbound: the company did. */
	direction: 'inbound' | 'outbound';
	/** Who wrote an outbound message; null for a robot (an auto-reply) or the client. */
	userId: string | null;
}

/** What names things in a report: `FunnelHistory.listReference`. */
export interface AccountReference {
	pipelines: CrmPipeline[];
	users: CrmUser[];
	lossReasons: CrmLossReason[];
}

/** What `listDealsSince` reads. */
export interface DealsSinceQuery {
	/** ISO: the deals changed in any way since then — made, moved or edited. */
	from: string;
	/** Deals wanted besides (e.g. those stage changes name), read by id when the pass did not bring them. */
	ids?: string[];
	/** Whose products and cost to read (e.g. the won deals); none when absent. */
	salesOf?: (deal: CrmDeal) => boolean;
	/** A deal field (name or id) holding the cost, for margin. */
	costField?: string;
}

export interface DealsWithSales {
	deals: Map<string, CrmDeal>;
	/** For each deal `salesOf` chose. */
	sales: Map<string, SaleDetails>;
}

/**
 * Reads the metrics need beside `FunnelCrm`'s own: stage history, the account's calls in a window, and the deals
 * changed since a moment with the products and a cost field of those sold. Every one pages within the CRM's limits.
 */
export interface FunnelHistory {
	/**
	 * The pipelines, users and loss reasons together, in as few requests as the CRM allows. Users are for names: a
	 * credential that may not list them gets none rather than an error.
	 */
	listReference(): Promise<AccountReference>;
	/** Stage changes in a window, oldest first within each page; pages are yielded as they come. */
	listStageChanges(filter: StageChangeFilter): AsyncIterable<StageChange[]>;
	/** Every call logged in the window (amoCRM call notes of leads and contacts, Bitrix24 call activities). */
	listCallsBetween(window: CallWindow): AsyncIterable<CrmCall[]>;
	/**
	 * The deals' chat messages in the window, where the CRM's API tells them (amoCRM's events feed); null where it
	 * does not (Bitrix24 keeps chats in its open lines, outside the CRM's history).
	 */
	listChatMessages(window: CallWindow): AsyncIterable<ChatMessage[]> | null;
	/**
	 * Every deal changed since `from` (one pass; a deal made or moved since then is among them) and the `ids` it
	 * did not bring; the products and cost of those `salesOf` chooses — in the same pages where the CRM allows.
	 */
	listDealsSince(query: DealsSinceQuery): Promise<DealsWithSales>;
}
