/**
 * Calls handled by an earlier execution, remembered in n8n's deduplication store (durable, shared by queue-mode
 * workers) under this node. A call is recorded when it is decided and forgotten again if its CRM change failed,
 * so the telephony's retry redoes it. The store has no locking: two deliveries handled at the same moment by two
 * workers may both pass — the call's mark on its task (callKey.ts) still keeps the second task from being made.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { retryFirstRecordRace } from '../shared/n8n/processedStore';

const REMEMBERED_CALLS = 10_000;

export async function repeatedCalls(ctx: IExecuteFunctions, keys: string[]): Promise<Set<string>> {
	if (keys.length === 0) return new Set();
	const { processed } = await retryFirstRecordRace(() =>
		ctx.helpers.checkProcessedAndRecord(keys, 'node', {
			mode: 'entries',
			maxEntries: REMEMBERED_CALLS,
		}),
	);
	return new Set(processed.map(String));
}

export async function forgetCalls(ctx: IExecuteFunctions, keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	await ctx.helpers.removeProcessed(keys, 'node', {
		mode: 'entries',
		maxEntries: REMEMBERED_CALLS,
	});
}
