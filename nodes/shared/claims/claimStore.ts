/**
 * An atomic claim shared by the executions that may handle the same person or call at the same moment. n8n gives
 * community nodes no such primitive: workflow static data and the deduplication store are read-modify-write, so
 * two executions that check the same key at once both see it free. A claim store answers "is this key mine?" in one
 * atomic step — Redis (`SET key owner NX PX ttl`, all of a person's keys at once in a script) for every worker of a
 * queue-mode n8n, or a map in this n8n process (exact in regular mode, where every execution runs in one process).
 */
export type ClaimStoreKind = 'redis' | 'process';

export interface ClaimStore {
	readonly kind: ClaimStoreKind;
	/**
	 * Claims each group of keys for its owner, all keys of a group or none: a group whose keys are free (or already
	 * its owner's) becomes the owner's for `ttlMs`; otherwise nothing of it changes and the answer names the owner
	 * holding it. One round trip for every group.
	 */
	claim(groups: readonly ClaimGroup[], ttlMs: number): Promise<ClaimAnswer[]>;
	/** Gives back the keys each owner holds (a key another owner holds meanwhile stays theirs). */
	release(groups: readonly ClaimGroup[]): Promise<void>;
	/** Adds `count` to a counter and returns its new value (Redis `INCRBY`): turns taken by `count` leads at once. */
	increment(key: string, count: number): Promise<number>;
	close(): Promise<void>;
}

/** The keys of one person (or one call) and who claims them. */
export interface ClaimGroup {
	keys: readonly string[];
	owner: string;
}

export type ClaimAnswer = { claimed: true } | { claimed: false; heldBy: string };

/** The claim store could not be reached or loaded; the message says what is missing and what to do. */
export class ClaimStoreError extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'ClaimStoreError';
	}
}

/** Where a workflow's claims live: `sales-funnel:<prefix>:<what>:<key>`; the prefix is the workflow's unless set. */
export function claimKey(prefix: string, what: string, key: string): string {
	return `sales-funnel:${prefix}:${what}:${key}`;
}
