/**
 * The call cadence: after a call to a lead, what next — **Reached** (the last call was answered), **Retry**
 * (the attempt number and when to call next), **Exhausted** (enough failed attempts, or a wrong number), or
 * **Foreign number** (not called: contacted by email or messenger instead).
 *
 * Attempts are counted since the last conversation: after a talk ("call me next week") a new series starts.
 * Every call without a conversation counts, whatever the reason (busy, no answer, phone off, unknown).
 * The next attempt is never earlier than the gap after the last call, never on a day that already had the
 * mobile's daily maximum of calls, and always inside the calling hours of a working day (`callingWindow.ts`).
 */
import { DateTime } from 'luxon';

import type { CallOutcome } from '../../crm/types';
import {
	calendarProblems,
	nextOpenMoment,
	type CallingCalendar,
	type CallingHours,
} from './callingWindow';
import {
	fixedCalendar,
	isoDateOf,
	localDay,
	localMinuteOf,
	nextDayStart,
	nextOpenMs,
	type FixedCalendar,
} from './fixedCalendar';
import {
	isForeignPhone,
	phoneCountry,
	phoneKind,
	type ForeignRule,
	type PhoneKind,
} from './phoneKind';
import { STEADY_DAYS_AFTER, steadyOffsetMinutes } from './timeZone';

export interface CallAttempt {
	/** When the call was made (ISO). */
	at: string;
	outcome: CallOutcome;
}

export interface PhoneKindRule {
	/** Calls a day to this kind of number; null: no limit. */
	maxPerDay: number | null;
	/** Minutes between two calls. */
	minGapMinutes: number;
}

export interface Cadence {
	/** Failed attempts in a row after which the lead is Exhausted. */
	maxAttempts: number;
	hours: CallingHours | null;
	workingDays: number[] | null;
	holidays: string[];
	mobile: PhoneKindRule;
	landline: PhoneKindRule;
	foreign: ForeignRule;
	/** A wrong number ends the series at once: calling again cannot help. */
	stopOnWrongNumber: boolean;
}

export interface CadenceInput {
	/** The lead's calls so far, including the one just made, in any order. */
	attempts: CallAttempt[];
	/** The lead's phone, E.164. */
	phone: string | null;
	/** Mobile or landline; found from the number when not given. */
	kind?: PhoneKind;
	/** The number's country (RU, KZ, DE…); found from the number when not given. */
	country?: string | null;
	/** The moment of the decision (ISO); the next attempt is never before it. */
	now: string;
	/** The lead's or the company's IANA time zone. */
	zone: string;
}

export type CadenceDecision =
	| { decision: 'reached'; failedAttempts: number; reachedAt: string }
	| {
			decision: 'retry';
			/** Failed attempts so far in this series. */
			attempt: number;
			nextAttempt: number;
			/** ISO, UTC. */
			nextAttemptAt: string;
			/** "2024-03-15 12:00" in `zone`. */
			nextAttemptLocal: string;
			zone: string;
			kind: PhoneKind;
			reason: string;
	  }
	| { decision: 'exhausted'; attempt: number; reason: string }
	| { decision: 'foreign'; attempt: number; phone: string; country: string | null; reason: string };

/** What is wrong with a cadence, in words; empty when it can be used. */
export function cadenceProblems(cadence: Cadence, zone: string): string[] {
	const problems = calendarProblems(calendarOf(cadence, zone));
	if (!Number.isInteger(cadence.maxAttempts) || cadence.maxAttempts < 1)
		problems.push('the number of attempts must be 1 or more');
	for (const [kind, rule] of [
		['mobile', cadence.mobile],
		['landline', cadence.landline],
	] as const) {
		if (rule.maxPerDay !== null && (!Number.isInteger(rule.maxPerDay) || rule.maxPerDay < 1))
			problems.push(`calls a day to a ${kind} must be 1 or more (or no limit)`);
		if (!Number.isFinite(rule.minGapMinutes) || rule.minGapMinutes < 0)
			problems.push(`minutes between calls to a ${kind} must be 0 or more`);
	}
	return problems;
}

export function decideNextCall(input: CadenceInput, cadence: Cadence): CadenceDecision {
	const nowMs = Date.parse(input.now);
	if (Number.isNaN(nowMs)) throw new Error(`"${input.now}" is not a moment (expected ISO 8601)`);
	const timed = input.attempts.map((a) => ({ ...a, ms: Date.parse(a.at) }));
	const bad = timed.find((a) => Number.isNaN(a.ms));
	if (bad) throw new Error(`a call's time "${bad.at}" is not a moment (expected ISO 8601)`);
	const attempts = timed.sort((a, b) => a.ms - b.ms);
	const last = attempts[attempts.length - 1];
	let lastTalk = -1;
	for (let i = attempts.length - 1; i >= 0 && lastTalk < 0; i--)
		if (attempts[i].outcome === 'answered') lastTalk = i;
	const failed = attempts.length - 1 - lastTalk;
	if (last && last.outcome === 'answered')
		return { decision: 'reached', failedAttempts: failedBefore(attempts), reachedAt: last.at };

	if (input.phone && isForeignPhone(input.phone, cadence.foreign)) {
		const country = input.country !== undefined ? input.country : phoneCountry(input.phone);
		return {
			decision: 'foreign',
			attempt: failed,
			phone: input.phone,
			country,
			reason: `${input.phone} is ${country === 'KZ' ? 'a Kazakh' : 'a foreign'} number: contact the client by email or messenger`,
		};
	}
	if (cadence.stopOnWrongNumber && last?.outcome === 'wrong_number') {
		return {
			decision: 'exhausted',
			attempt: failed,
			reason: 'wrong number: calling again cannot help',
		};
	}
	if (failed >= cadence.maxAttempts) {
		return {
			decision: 'exhausted',
			attempt: failed,
			reason: `${failed} attempts without a conversation (the cadence allows ${cadence.maxAttempts})`,
		};
	}

	const kind = input.kind ?? phoneKind(input.phone);
	const rule = kind === 'mobile' ? cadence.mobile : cadence.landline;
	const callMs = attempts.map((a) => a.ms);
	// Plain millisecond arithmetic when the zone keeps one offset around now (fixedCalendar.ts); a next call beyond
	// the span that offset is vouched for is worked out again with the zone's own rules.
	const offset = steadyOffsetMinutes(input.zone, nowMs);
	if (offset !== null) {
		const fixed = fixedCalendar(calendarOf(cadence, input.zone), offset);
		const next = nextCallMoment(callMs, rule, fixedDays(fixed), nowMs);
		if (next.ms < nowMs + STEADY_DAYS_AFTER * 86_400_000)
			return retryAt(next, failed, input.zone, kind, localMinuteOf(next.ms, fixed));
	}
	const calendar = calendarOf(cadence, input.zone);
	const next = nextCallMoment(callMs, rule, zoneDays(calendar), nowMs);
	const local = DateTime.fromMillis(next.ms, { zone: input.zone }).toFormat('yyyy-MM-dd HH:mm');
	return retryAt(next, failed, input.zone, kind, local);
}

function retryAt(
	next: { ms: number; reason: string },
	failed: number,
	zone: string,
	kind: PhoneKind,
	local: string,
): CadenceDecision {
	return {
		decision: 'retry',
		attempt: failed,
		nextAttempt: failed + 1,
		nextAttemptAt: new Date(next.ms).toISOString(),
		nextAttemptLocal: local,
		zone,
		kind,
		reason: next.reason,
	};
}

/** The calendar questions the next call asks: the next open moment, the local day (and its date), the next day. */
export interface CallingDays {
	nextOpen(ms: number): number;
	/** The local day of a moment: equal for moments of one local date. */
	dayOf(ms: number): number | string;
	/** "yyyy-MM-dd" of a day `dayOf` gave. */
	dateOf(day: number | string): string;
	nextDay(ms: number): number;
}

/** The zone's own rules (luxon): right across a DST switch. */
function zoneDays(calendar: CallingCalendar): CallingDays {
	return {
		nextOpen: (ms) => nextOpenMoment(ms, calendar).toMillis(),
		dayOf: (ms) => DateTime.fromMillis(ms, { zone: calendar.zone }).toISODate() as string,
		dateOf: (day) => String(day),
		nextDay: (ms) => DateTime.fromMillis(ms, { zone: calendar.zone }).endOf('day').toMillis() + 1,
	};
}

/** A fixed offset: plain arithmetic. */
function fixedDays(calendar: FixedCalendar): CallingDays {
	return {
		nextOpen: (ms) => nextOpenMs(ms, calendar),
		dayOf: (ms) => localDay(ms, calendar),
		dateOf: (day) => isoDateOf(Number(day)),
		nextDay: (ms) => nextDayStart(ms, calendar),
	};
}

/** The earliest allowed moment for the next call after calls at `callMs`, and why it is then. */
export function nextCallMoment(
	callMs: number[],
	rule: PhoneKindRule,
	days: CallingDays,
	nowMs: number,
): { ms: number; reason: string } {
	let lastMs = -Infinity;
	for (const ms of callMs) if (ms > lastMs) lastMs = ms;
	const afterGap = lastMs + rule.minGapMinutes * 60_000;
	const from = Math.max(nowMs, afterGap);
	let reason =
		afterGap > nowMs
			? `${rule.minGapMinutes} min after the last call`
			: 'as soon as calls are allowed';
	let candidate = days.nextOpen(from);
	if (candidate > from) reason = 'at the next calling hours';
	if (rule.maxPerDay === null) return { ms: candidate, reason };
	const callDays = callMs.map((ms) => days.dayOf(ms));
	for (let guard = 0; guard < 800; guard++) {
		const day = days.dayOf(candidate);
		let callsThatDay = 0;
		for (const d of callDays) if (d === day) callsThatDay++;
		if (callsThatDay < rule.maxPerDay) return { ms: candidate, reason };
		reason = `${callsThatDay} calls on ${days.dateOf(day)} already (at most ${rule.maxPerDay} a day): the next calling day`;
		candidate = days.nextOpen(days.nextDay(candidate));
	}
	throw new Error('no calling time found within two years: check the cadence');
}

function calendarOf(cadence: Cadence, zone: string): CallingCalendar {
	return {
		hours: cadence.hours,
		workingDays: cadence.workingDays,
		holidays: cadence.holidays,
		zone,
	};
}

/** Failed attempts of the series the answered call ended. */
function failedBefore(attempts: CallAttempt[]): number {
	let count = 0;
	for (let i = attempts.length - 2; i >= 0 && attempts[i].outcome !== 'answered'; i--) count++;
	return count;
}
