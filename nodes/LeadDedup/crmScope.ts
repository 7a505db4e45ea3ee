import type { FunnelCrm } from '../shared/crm';
import { resolvePipeline } from '../shared/crm/stages';
import {
	crmDuplicateOf,
	crmLookupKeys,
	keysTheCrmLacks,
	matchesByKey,
} from '../shared/funnel/dedup/crmMatch';
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

/** What the CRM said about the candidates, by item. */
export interface CrmFindings {
	/** The CRM record each lead repeats, or null. */
	found: Array<CrmDuplicate | null>;
	/** The lead's phones and emails no record of the CRM holds: new details of a person it found. */
	unknownKeys: Array<{ phones: string[]; emails: string[] }>;
}

/**
 * Looks the candidates up in the CRM in one call (the adapter batches: Bitrix24 findbycomm 1,000 numbers a request,
 * amoCRM per key or through an index of all contacts) and returns, by item, the CRM record each repeats. The
 * funnels are read only when a deal was found, to name its stage. `preferPipeline` (a name or ID) makes the deal
 * named the client's deal in that pipeline, when they have one there.
 */
export async function findCrmDuplicates(
	crm: FunnelCrm,
	leads: readonly LeadKeys[],
	candidates: readonly number[],
	preferPipeline = '',
): Promise<CrmFindings> {
	const found: Array<CrmDuplicate | null> = leads.map(() => null);
	const unknownKeys = leads.map(() => ({ phones: [] as string[], emails: [] as string[] }));
	const lookup = crmLookupKeys(candidates.map((i) => leads[i]));
	if (lookup.phones.length + lookup.emails.length === 0) return { found, unknownKeys };
	const matches = await crm.findContacts(lookup);
	const byKey = matchesByKey(matches);
	for (const i of candidates) unknownKeys[i] = keysTheCrmLacks(leads[i], byKey);
	if (matches.length === 0) return { found, unknownKeys };
	const pipelines = matches.some((m) => m.deals.length > 0) ? await crm.listPipelines() : [];
	let preferId: string | null = null;
	if (preferPipeline.trim() && pipelines.length) {
		const pipeline = resolvePipeline(pipelines, preferPipeline);
		if (!pipeline.ok) throw new Error(`Prefer Deals in Pipeline: ${pipeline.reason}`);
		preferId = pipeline.value.id;
	}
	for (const i of candidates)
		found[i] = crmDuplicateOf(leads[i], byKey, crm.kind, pipelines, preferId);
	return { found, unknownKeys };
}
