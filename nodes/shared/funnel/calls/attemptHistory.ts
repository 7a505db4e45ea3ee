/**
 * The attempts the cadence counts, from a lead's call history in the CRM (`FunnelCrm.listCalls`) and the call
 * result that just arrived. Our calls count, whatever their outcome; a call from the client counts only when it
 * was answered (the client was reached; a missed incoming call is not an attempt of ours).
 *
 * The result that triggered the run is often already in the CRM (the PBX wrote it there too, or Call Attempts did
 * on an earlier delivery) and a webhook may be delivered twice. A history record is that call when it carries the
 * call's key (the one Call Attempts writes, or the telephony's call id), or when it is in the same direction within
 * two minutes of it (a PBX's own record does not always carry its call id). A call Call Attempts wrote and the
 * telephony's own record of it, written later, are one call too.
 */
import type { CrmCall } from '../../crm/types';
import type { CallAttempt } from './cadence';
import { isLoggedCallKey, loggedCallKey } from './callKey';
import { CALL_OUTCOMES, type CallResult } from './callResult';

const SAME_CALL_MS = 2 * 60_000;

/** When a call happened: its start, else its end, else now (a PBX that sends neither reports at the call's end). */
export function callMoment(call: CallResult, now: string): string {
	return call.startedAt ?? call.endedAt ?? now;
}

function directionOf(call: CallResult): CrmCall['direction'] {
	return call.direction === 'inbound' ? 'inbound' : 'outbound';
}

function near(a: string, b: string): boolean {
	return Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_CALL_MS;
}

/** The history's record of this call, or null when the CRM does not hold it yet. */
export function sameCallIn(
	history: CrmCall[],
	current: CallResult,
	key: string | null,
	now: string,
): CrmCall | null {
	const keys = new Set<string>();
	if (key) keys.add(loggedCallKey(key));
	if (current.callId) keys.add(current.callId);
	const byKey = history.find((c) => c.key && keys.has(c.key));
	if (byKey) return byKey;
	const at = callMoment(current, now);
	const direction = directionOf(current);
	return history.find((c) => c.direction === direction && near(c.at, at)) ?? null;
}

/**
 * The history without second records of one call: a record Call Attempts wrote of a call the telephony has since
 * written itself, and a second record with the same key (two workers writing one delivery at the same moment).
 */
function withoutEchoes(history: CrmCall[]): CrmCall[] {
	const keys = new Set<string>();
	return history.filter((c) => {
		if (!isLoggedCallKey(c.key)) return true;
		if (keys.has(c.key!)) return false;
		keys.add(c.key!);
		return !history.some(
			(other) =>
				other !== c &&
				!isLoggedCallKey(other.key) &&
				other.direction === c.direction &&
				near(other.at, c.at),
		);
	});
}

export function attemptsFromHistory(
	history: CrmCall[],
	current: CallResult | null,
	now: string,
	key: string | null = null,
): CallAttempt[] {
	const calls = history.some((c) => isLoggedCallKey(c.key)) ? withoutEchoes(history) : history;
	const attempts: CallAttempt[] = [];
	for (const call of calls) {
		if (call.direction === 'inbound' && call.outcome !== 'answered') continue;
		attempts.push({ at: call.at, outcome: call.outcome });
	}
	if (
		current &&
		(current.direction !== 'inbound' || current.outcome === 'answered') &&
		!sameCallIn(calls, current, key, now)
	)
		attempts.push({ at: callMoment(current, now), outcome: current.outcome });
	return attempts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export type FieldHistory = { ok: true; calls: CrmCall[] } | { ok: false; reason: string };

/** A moment long past: calls known only by their number count as attempts but not toward a day's limit or gap. */
const LONG_AGO_MS = Date.UTC(2000, 0, 1);

/**
 * Earlier calls from a field the user keeps (a CRM field, a sheet column): a number (calls made before this one,
 * none of them a conversation), or a list of calls — ISO times, or objects with a time (`at`, `time`, `date`,
 * `startedAt`) and an outcome (`outcome`, `status`, `result`: answered, no_answer, busy…) — or the same as JSON
 * text. Empty means no earlier calls. A count has no times, so the daily limit and the gap know only the calls
 * that have one.
 */
export function callsFromField(value: unknown): FieldHistory {
	if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
		return { ok: true, calls: [] };
	if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
		try {
			return callsFromField(JSON.parse(value));
		} catch {
			return { ok: false, reason: 'the call history is not valid JSON' };
		}
	}
	if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
		const count = Number(value);
		if (!Number.isInteger(count) || count < 0 || count > 1000)
			return { ok: false, reason: `"${String(value)}" is not a number of calls` };
		return {
			ok: true,
			calls: Array.from({ length: count }, (_, i) =>
				fieldCall(new Date(LONG_AGO_MS + i * 1000).toISOString(), 'no_answer', i),
			),
		};
	}
	const list = Array.isArray(value) ? value : [value];
	const calls: CrmCall[] = [];
	for (const [i, entry] of list.entries()) {
		const read = fieldEntry(entry, i);
		if (typeof read === 'string')
			return { ok: false, reason: `call ${i + 1} of the history: ${read}` };
		calls.push(read);
	}
	return { ok: true, calls };
}

function fieldEntry(entry: unknown, i: number): CrmCall | string {
	if (typeof entry === 'string' || typeof entry === 'number') {
		const at = momentOf(entry);
		return at ? fieldCall(at, 'no_answer', i) : `"${String(entry)}" is not a time`;
	}
	if (typeof entry !== 'object' || entry === null)
		return 'expected a time or an object with a time and an outcome';
	const row = entry as Record<string, unknown>;
	const at = momentOf(
		row.at ?? row.time ?? row.date ?? row.startedAt ?? row.started_at ?? row.created_at,
	);
	if (!at) return 'no time (at, time, date or startedAt)';
	const said = String(row.outcome ?? row.status ?? row.result ?? '')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
	const outcome = (CALL_OUTCOMES as string[]).includes(said)
		? (said as CrmCall['outcome'])
		: said === 'reached'
			? 'answered'
			: 'unknown';
	const direction = /^in/i.test(String(row.direction ?? '')) ? 'inbound' : 'outbound';
	return { ...fieldCall(at, outcome, i), direction };
}

/** An ISO time, or unix seconds / milliseconds. */
function momentOf(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	const ms =
		typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : Date.parse(String(value));
	return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function fieldCall(at: string, outcome: CrmCall['outcome'], i: number): CrmCall {
	return {
		id: `field-${i}`,
		dealId: null,
		direction: 'outbound',
		outcome,
		durationSeconds: 0,
		at,
		phone: null,
		responsibleUserId: null,
		rawStatus: null,
	};
}
