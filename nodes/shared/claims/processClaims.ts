import type { ClaimAnswer, ClaimStore } from './claimStore';

/**
 * Claims kept in this n8n process. In regular mode every execution of every workflow runs in the one n8n process,
 * so a claim here is as atomic as one in Redis: JavaScript runs one piece of code at a time, and a claim is checked
 * and taken without awaiting in between. In queue mode each worker has its own map and two workers do not see each
 * other's claims — which is why Redis is offered, and why Lead Dedup can reconcile after writing.
 * The map is this module's: it lives as long as the process, which is the point; entries expire by their TTL.
 */
const claims = new Map<string, { owner: string; expiresAt: number }>();
const counters = new Map<string, number>();
/** Expired entries are swept now and then, on use: nothing runs in the background. */
const SWEEP_EVERY = 1000;
let sinceSweep = 0;

function sweep(now: number) {
	if (++sinceSweep < SWEEP_EVERY) return;
	sinceSweep = 0;
	for (const [key, claim] of claims) if (claim.expiresAt <= now) claims.delete(key);
}

function holderOf(key: string, now: number): string | null {
	const claim = claims.get(key);
	if (!claim) return null;
	if (claim.expiresAt > now) return claim.owner;
	claims.delete(key);
	return null;
}

export const processClaimStore: ClaimStore = {
	kind: 'process',
	async claim(groups, ttlMs) {
		const now = Date.now();
		sweep(now);
		return groups.map(({ keys, owner }): ClaimAnswer => {
			for (const key of keys) {
				const holder = holderOf(key, now);
				if (holder !== null && holder !== owner) return { claimed: false, heldBy: holder };
			}
			for (const key of keys) claims.set(key, { owner, expiresAt: now + ttlMs });
			return { claimed: true };
		});
	},
	async release(groups) {
		const now = Date.now();
		for (const { keys, owner } of groups)
			for (const key of keys) if (holderOf(key, now) === owner) claims.delete(key);
	},
	async increment(key, count) {
		const value = (counters.get(key) ?? 0) + count;
		counters.set(key, value);
		return value;
	},
	async close() {},
};
