import type { FunnelCrm } from '../shared/crm';
import { crmDuplicateOf, crmLookupKeys, matchesByKey } from '../shared/funnel/dedup/crmMatch';
import type { LeadKeys } from '../shared/funnel/dedup/dedupKeys';
import type { CrmDuplicate, DuplicateOf } from '../shared/funnel/dedup/duplicateOf';

/**
 * Which leads the CRM is asked about: the first lead of each person in this input (its repeats point at it), and
 * not a repeated submission of an earlier execution — that request was handled already, its deal needs no second
 * note. A lead the history knows by phone or email is asked about: the client wrote again, and the CRM names the deal.
 */
export function crmCandidates(duplicates: ReadonlyArray<DuplicateOf | null>): number[] {
	const candidates: number[] = [];
	duplicates.forEach((duplicate, i) => {
		if (duplicate === null || (duplicate.where === 'history' && duplicate.keyType !== 'externalId'))
			candidates.push(i);
	});
	return candidates;
}

/**
 * Looks the candidates up in the CRM in one call (the adapter batches: Bitrix24 findbycomm 1,000 numbers a request,
 * amoCRM per key or through an index of all contacts) and returns, by item, the CRM record each repeats. The
 * funnels are read only when a deal was found, to name its stage.
 */
export async function findCrmDuplicates(
	crm: FunnelCrm,
	leads: readonly LeadKeys[],
	candidates: readonly number[],
): Promise<Array<CrmDuplicate | null>> {
	const result: Array<CrmDuplicate | null> = leads.map(() => null);
	const lookup = crmLookupKeys(candidates.map((i) => leads[i]));
	if (lookup.phones.length + lookup.emails.length === 0) return result;
	const matches = await crm.findContacts(lookup);
	if (matches.length === 0) return result;
	const pipelines = matches.some((m) => m.deals.length > 0) ? await crm.listPipelines() : [];
	const byKey = matchesByKey(matches);
	for (const i of candidates) result[i] = crmDuplicateOf(leads[i], byKey, crm.kind, pipelines);
	return result;
}
