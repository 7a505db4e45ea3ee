/**
 * The call being handled, written into its deal's CRM history when the history does not hold it yet (the telephony
 * only posts its webhook, or logs the call minutes later), so the history is the one record that later executions
 * and other queue-mode workers count from. One logCalls for all items. A call the history already holds — the same
 * key, or the same direction within two minutes (attemptHistory.ts) — is not written again; a write whose answer
 * was lost is found by the call's key, not repeated (the CRM adapters).
 */
import { randomUUID } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import type { FunnelCrm, NewCall } from '../shared/crm/types';
import { callMoment, sameCallIn } from '../shared/funnel/calls/attemptHistory';
import { loggedCallKey } from '../shared/funnel/calls/callKey';
import { TELEPHONY_NAMES } from '../shared/funnel/calls/callResult';
import { crmCallError, crmItemError } from '../shared/n8n/funnelCrmErrors';
import type { CallWork, ItemError } from './work';

export type CallRecord =
	| { action: 'written'; id: string }
	| { action: 'alreadyInCrm'; id: string }
	| { action: 'none'; reason: string };

/** Each call's record in the CRM, or the error that kept it from being written; none when writing is off. */
export async function recordCalls(
	ctx: IExecuteFunctions,
	crm: FunnelCrm | null,
	work: CallWork[],
	enabled: boolean,
	now: string,
): Promise<Map<CallWork, CallRecord | ItemError>> {
	const records = new Map<CallWork, CallRecord | ItemError>();
	if (!enabled || !crm) return records;
	const toWrite: Array<{ work: CallWork; call: NewCall }> = [];
	for (const w of work) {
		const deal = w.deal;
		if (!deal) continue;
		const known = sameCallIn(w.earlierCalls, w.call, w.key, now);
		w.earlierCalls = [];
		if (known) {
			records.set(w, { action: 'alreadyInCrm', id: known.id });
			continue;
		}
		const { call } = w;
		if (!call.clientPhone) {
			records.set(w, { action: 'none', reason: 'the call has no client number to write' });
			continue;
		}
		toWrite.push({
			work: w,
			call: {
				dealId: deal.id,
				direction: call.direction === 'inbound' ? 'inbound' : 'outbound',
				outcome: call.outcome,
				at: callMoment(call, now),
				talkSeconds: call.talkSeconds ?? 0,
				phone: call.clientPhone,
				// A call without a key of its own cannot be told from a repeat anyway; its write still needs one.
				key: loggedCallKey(w.key ?? `${call.source}:${randomUUID()}`),
				source: TELEPHONY_NAMES[call.source],
				result: call.rawMeaning || call.rawStatus || call.outcome,
				recordingUrl: call.recordingUrl,
				responsibleUserId: deal.responsibleUserId,
				contactId: deal.contactIds[0] ?? null,
			},
		});
	}
	if (toWrite.length === 0) return records;
	let written: Awaited<ReturnType<FunnelCrm['logCalls']>>;
	try {
		written = await crm.logCalls(toWrite.map((t) => t.call));
	} catch (error) {
		for (const { work: w } of toWrite) records.set(w, crmCallError(ctx.getNode(), error, w.index));
		return records;
	}
	toWrite.forEach(({ work: w }, i) => {
		const result = written[i];
		records.set(
			w,
			result.ok
				? { action: 'written', id: result.value.callId }
				: crmItemError(ctx.getNode(), crm.kind, result.error, w.index),
		);
	});
	return records;
}
