import { sleep } from 'n8n-workflow';

import type { FunnelCrm } from '../shared/crm';
import { claimKey, type ClaimGroup } from '../shared/claims/claimStore';
import { storedKey, type LeadKeys } from '../shared/funnel/dedup/dedupKeys';
import type { CrmDuplicate } from '../shared/funnel/dedup/duplicateOf';
import type { OpenClaims } from '../shared/n8n/claimOptions';
import { findCrmDuplicates, type CrmFindings } from './crmScope';

/** What the CRM check with claims found, by item. */
export interface ClaimedCrmCheck extends CrmFindings {
	/** Leads another execution held at the same moment, matched to what it wrote: the execution's id. */
	concurrent: Map<number, string>;
	/** Leads another execution held, of which nothing reached the CRM in the wait: the holder's id. */
	waitedOut: Map<number, string>;
}

/** Pauses between looks at the CRM while another execution writes the person: short first, then every 3 s. */
const PAUSES_MS = [500, 1000, 2000, 3000];

/**
 * The CRM scope under a claim: before anything is decided, each candidate claims its person's keys (every phone and
 * the email, all or none). A lead whose person is free is this execution's: it is looked up in the CRM as usual and
 * leaves as New or Duplicate. A lead whose person another execution holds is never New: it is looked up again until
 * the other execution's deal is in the CRM (then it is a Duplicate of that deal), or the other execution gives the
 * person up or its claim expires (then this one claims and decides), or the wait is over — then a person found in
 * the CRM is that Duplicate and one not found fails with the reason. Claims stay until they expire: the deal is
 * written after this node, by the workflow. If this node fails, it gives its claims back.
 *
 * A claim belongs to the execution. Two requests with the same contacts received in the same millisecond are still
 * two claimants, so one waits; a retry of a failed execution is a new execution — n8n retries from the failed node,
 * so this node runs again only if it failed itself (and gave its claims back) or the execution failed before it.
 */
export async function findCrmDuplicatesClaimed(
	crm: FunnelCrm,
	claims: OpenClaims,
	keys: readonly LeadKeys[],
	crmKeys: readonly LeadKeys[],
	candidates: readonly number[],
	preferPipeline = '',
): Promise<ClaimedCrmCheck> {
	const groupOf = (i: number): ClaimGroup => ({
		owner: claims.owner,
		keys: [
			...new Set(keys[i].keys.map((k) => claimKey(claims.prefix, 'person', storedKey(k)))),
		].sort(),
	});
	const result: ClaimedCrmCheck = {
		found: keys.map(() => null),
		unknownKeys: keys.map(() => ({ phones: [], emails: [] })),
		concurrent: new Map(),
		waitedOut: new Map(),
	};
	const mine: ClaimGroup[] = [];
	const deadline = Date.now() + claims.waitMs;
	let pending = candidates.filter((i) => groupOf(i).keys.length > 0);
	let lookup: readonly number[] = candidates;
	let done = false;
	try {
		for (let round = 0; ; round++) {
			const answers = await claims.store.claim(pending.map(groupOf), claims.ttlMs);
			const held: number[] = [];
			pending.forEach((i, k) => {
				const answer = answers[k];
				if (answer.claimed) {
					mine.push(groupOf(i));
					result.concurrent.delete(i);
				} else {
					result.concurrent.set(i, answer.heldBy);
					held.push(i);
				}
			});
			const looked = await findCrmDuplicates(crm, crmKeys, lookup, preferPipeline);
			for (const i of lookup) {
				result.found[i] = looked.found[i];
				result.unknownKeys[i] = looked.unknownKeys[i];
			}
			const over = Date.now() >= deadline;
			const waiting = held.filter((i) => !settled(result.found[i]) && !(over && result.found[i]));
			if (waiting.length === 0) break;
			if (over) {
				for (const i of waiting) result.waitedOut.set(i, result.concurrent.get(i)!);
				break;
			}
			await sleep(
				Math.min(PAUSES_MS[Math.min(round, PAUSES_MS.length - 1)], deadline - Date.now()),
			);
			pending = waiting;
			lookup = waiting;
		}
		done = true;
	} finally {
		if (!done) await claims.store.release(mine);
	}
	return result;
}

/**
 * The other execution's work is visible: the person has an open deal (a new deal, or the client's deal in work), or
 * is a Bitrix24 lead. A person found with only closed deals may be getting a new deal from the other execution.
 */
function settled(found: CrmDuplicate | null): boolean {
	return found !== null && (found.stageSemantics === 'open' || found.entity === 'lead');
}
