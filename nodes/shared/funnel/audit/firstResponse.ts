/**
 * When a manager first answered a new lead, from the deal's calls: our first call (whatever its outcome — the
 * manager reacted) or the first incoming call that was answered. Calls logged before the deal existed (a contact's
 * earlier history) do not count. Emails and messages are not in the CRM interface's call history, so a lead answered
 * only by email reads as not answered yet: the finding says "first call", and the rule can be turned off.
 */
import type { CrmCall } from '../../crm/types';

/** Calls written a minute before the deal (the PBX created the deal while the call went on) still count. */
const CLOCK_SLACK_MS = 60_000;

export function firstResponseAt(calls: CrmCall[], dealCreatedAt: string): string | null {
	const created = Date.parse(dealCreatedAt);
	let first: number | null = null;
	for (const call of calls) {
		const at = Date.parse(call.at);
		if (Number.isNaN(at) || (!Number.isNaN(created) && at < created - CLOCK_SLACK_MS)) continue;
		if (call.direction === 'inbound' && call.outcome !== 'answered') continue;
		if (first === null || at < first) first = at;
	}
	return first === null ? null : new Date(first).toISOString();
}

/** Whether a deal is new enough for its first response to be measured (older ones were reported in their week). */
export function isWithinResponseWindow(
	dealCreatedAt: string,
	now: string,
	windowDays: number,
): boolean {
	const created = Date.parse(dealCreatedAt);
	return !Number.isNaN(created) && Date.parse(now) - created <= windowDays * 86_400_000;
}
