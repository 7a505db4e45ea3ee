import { sleep } from 'n8n-workflow';

import type { ClaimGroup, ClaimStore } from './claimStore';

/** Pauses between tries while another execution holds a key: short first, then every 2 s. */
const PAUSES_MS = [200, 500, 1000, 2000];

/**
 * Claims groups of keys for work done inside one node (a call's task, a stage move): a group another execution holds
 * is tried again until that execution gives it back or its claim expires, at most `waitMs`. Returns, by group, whether
 * it is held now; the caller does the work of the held groups and then gives them back (`store.release`).
 */
export async function holdClaims(
	store: ClaimStore,
	groups: readonly ClaimGroup[],
	ttlMs: number,
	waitMs: number,
): Promise<{ held: boolean[]; heldBy: Array<string | null> }> {
	const held = groups.map(() => false);
	const heldBy: Array<string | null> = groups.map(() => null);
	const deadline = Date.now() + waitMs;
	let pending = groups.map((_, i) => i);
	for (let round = 0; pending.length > 0; round++) {
		const answers = await store.claim(
			pending.map((i) => groups[i]),
			ttlMs,
		);
		const still: number[] = [];
		pending.forEach((i, k) => {
			const answer = answers[k];
			held[i] = answer.claimed;
			heldBy[i] = answer.claimed ? null : answer.heldBy;
			if (!answer.claimed) still.push(i);
		});
		pending = still;
		if (pending.length === 0 || Date.now() >= deadline) break;
		await sleep(Math.min(PAUSES_MS[Math.min(round, PAUSES_MS.length - 1)], deadline - Date.now()));
	}
	return { held, heldBy };
}
