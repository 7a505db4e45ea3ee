import type { ContactMatch, CrmKind, StageSemantics } from '../../crm/types';
import type { DedupKeyType } from './dedupKeys';

/** Where an earlier copy of the lead was found, and by which key: carried by every Duplicate item. */
export type DuplicateOf = InputDuplicate | HistoryDuplicate | CrmDuplicate;

interface MatchedKey {
	keyType: DedupKeyType;
	/** The matching value: E.164 phone, email, `phone|email`, or `channel|externalId`. */
	key: string;
}

/** An earlier item of the same execution. */
export interface InputDuplicate extends MatchedKey {
	where: 'input';
	/** The earlier input item that has the same key. */
	itemIndex: number;
	/** The first item of the chain (the one that went out as New): the same as itemIndex unless chained. */
	firstItemIndex: number;
}

/** A lead of an earlier execution, remembered by n8n's deduplication store. */
export interface HistoryDuplicate extends MatchedKey {
	where: 'history';
}

/** A contact (or Bitrix24 lead) already in the CRM, with the deal a manager would look at. */
export interface CrmDuplicate extends MatchedKey {
	where: 'crm';
	crm: CrmKind;
	entity: 'contact' | 'lead';
	contactId: string;
	contactName: string;
	/** Every contact of this person the lead's keys found, oldest first (more than one: candidates for a merge). */
	contactIds: string[];
	dealId: string | null;
	dealName: string | null;
	responsibleUserId: string | null;
	pipelineId: string | null;
	pipelineName: string | null;
	stageId: string | null;
	stageName: string | null;
	/** open / won / lost: what the ownership guard of Lead Distribution needs. */
	stageSemantics: StageSemantics | null;
	dealUrl: string | null;
}

/**
 * The CRM duplicate for a contact match: the deal shown is the first open one (the adapter lists open deals
 * first), else the most recent; the responsible is the deal's, else the contact's. With a preferred pipeline, the
 * client's deal in that pipeline comes first (open, else the most recent) when they have one there.
 */
export function duplicateFromCrmMatch(
	crm: CrmKind,
	match: ContactMatch,
	preferPipelineId?: string | null,
): CrmDuplicate {
	const inPreferred = preferPipelineId
		? match.deals.filter((d) => d.pipelineId === preferPipelineId)
		: [];
	const deals = inPreferred.length ? inPreferred : match.deals;
	const deal = deals.find((d) => d.semantics === 'open') ?? deals[0] ?? null;
	return {
		where: 'crm',
		keyType: match.keyType,
		key: match.key,
		crm,
		entity: match.entity,
		contactId: match.contact.id,
		contactName: match.contact.name,
		contactIds: match.entity === 'contact' ? [match.contact.id] : [],
		dealId: deal?.id ?? null,
		dealName: deal?.name ?? null,
		responsibleUserId: deal?.responsibleUserId ?? match.contact.responsibleUserId ?? null,
		pipelineId: deal?.pipelineId ?? null,
		pipelineName: null,
		stageId: deal?.stageId ?? null,
		stageName: null,
		stageSemantics: deal?.semantics ?? null,
		dealUrl: deal?.url ?? null,
	};
}
