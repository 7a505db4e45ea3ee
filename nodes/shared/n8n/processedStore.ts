import { sleep } from 'n8n-workflow';

/**
 * n8n's deduplication store (table `processed_data`, one row per workflow and context) creates a context's row with
 * a plain INSERT after reading that there is none. Two executions recording into a new context at the same moment
 * (queue mode: two workers, the first leads after a workflow is published) both read "none" and both insert; the
 * second fails with the database's unique-key error and nothing of it is recorded. Seen in the queue-mode test on
 * PostgreSQL: `duplicate key value violates unique constraint "PK_…"` (SQLite says `UNIQUE constraint failed`).
 * Asking again is safe and right: the row now exists, so the retry merges this execution's keys into it.
 */
const ATTEMPTS = 4;

export function isFirstRecordRace(error: unknown): boolean {
	const message = error instanceof Error ? error.message : String(error);
	return /duplicate key value violates unique constraint|UNIQUE constraint failed|ER_DUP_ENTRY/i.test(
		message,
	);
}

export async function retryFirstRecordRace<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			// Handed back unchanged: the callers wrap the store's failures in their own node errors.
			if (attempt >= ATTEMPTS || !isFirstRecordRace(error)) return await Promise.reject(error);
			// The winner's transaction is committed by the time the loser's insert fails; a short pause spreads
			// several losers so they do not collide again on the update that follows.
			await sleep(20 * attempt + Math.floor(Math.random() * 30));
		}
	}
}
