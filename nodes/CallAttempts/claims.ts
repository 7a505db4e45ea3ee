import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { claimKey, type ClaimGroup } from '../shared/claims/claimStore';
import { holdClaims } from '../shared/claims/holdClaims';
import type { OpenClaims } from '../shared/n8n/claimOptions';
import type { CallWork, ItemFailure } from './work';

/**
 * Claims each call's key before its history is read, so two deliveries of one call handled at the same moment (two
 * workers) never both make a task: the second waits until the first has acted and given the call back, then finds
 * it handled (Skipped). A call still held when the wait is over fails with the reason, to be retried — it is never
 * handled twice, nor dropped. Calls without a key (no call ID, no start time) are not claimed.
 */
export async function claimCalls(
	ctx: IExecuteFunctions,
	claims: OpenClaims,
	work: CallWork[],
	failures: ItemFailure[],
): Promise<{ work: CallWork[]; held: ClaimGroup[] }> {
	const keyed = work.filter((w) => w.key);
	const groups = keyed.map((w) => ({
		keys: [claimKey(claims.prefix, 'call', w.key!)],
		owner: claims.owner,
	}));
	const { held, heldBy } = await holdClaims(claims.store, groups, claims.ttlMs, claims.waitMs);
	const busy = new Set<CallWork>();
	keyed.forEach((w, k) => {
		if (held[k]) return;
		busy.add(w);
		failures.push({
			index: w.index,
			error: new NodeOperationError(
				ctx.getNode(),
				`Another execution (${heldBy[k]}) is handling this call (${w.key}) and did not finish within ${Math.round(claims.waitMs / 1000)} s`,
				{
					itemIndex: w.index,
					description:
						'Nothing was done for it here, so no second task is made. Retry it later, or raise "Wait for the Other Execution".',
				},
			),
		});
	});
	return { work: work.filter((w) => !busy.has(w)), held: groups.filter((_, k) => held[k]) };
}
