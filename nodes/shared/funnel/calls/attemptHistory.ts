/**
 * The attempts the cadence counts, from a lead's call history in the CRM (`FunnelCrm.listCalls`) and the call
 * result that just arrived. Our calls count, whatever their outcome; a call from the client counts only when it
 * was answered (the client was reached; a missed incoming call is not an attempt of ours).
 *
 * The result that triggered the run is often already in the CRM (the PBX wrote it there too) and a webhook may
 * be delivered twice: a history call in the same direction within two minutes of it is taken to be the same call
 * and is not counted twice. (CRM call records do not carry the PBX's call id, so time is the only key.)
 */
import type { CrmCall } from '../../crm/types';
import type { CallAttempt } from './cadence';
import type { CallResult } from './callResult';

const SAME_CALL_MS = 2 * 60_000;

export function attemptsFromHistory(history: CrmCall[], current: CallResult | null, now: string): CallAttempt[] {
	const attempts: Array<CallAttempt & { direction: CrmCall['direction'] }> = [];
	for (const call of history) {
		if (call.direction === 'inbound' && call.outcome !== 'answered') continue;
		attempts.push({ at: call.at, outcome: call.outcome, direction: call.direction });
	}
	if (current && (current.direction !== 'inbound' || current.outcome === 'answered')) {
		const at = current.startedAt ?? current.endedAt ?? now;
		const direction = current.direction === 'inbound' ? 'inbound' : 'outbound';
		const known = attempts.some((a) => a.direction === direction && Math.abs(Date.parse(a.at) - Date.parse(at)) <= SAME_CALL_MS);
		if (!known) attempts.push({ at, outcome: current.outcome, direction });
	}
	return attempts
		.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
		.map(({ at, outcome }) => ({ at, outcome }));
}
