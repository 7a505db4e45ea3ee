/**
 * One call's result, whatever PBX or CRM reported it. Every source's "call finished" event is read into
 * `CallResult` by its own module (mango.ts, zadarma.ts, sipuni.ts, uis.ts, onlinePbx.ts, amocrmCall.ts,
 * bitrix24Call.ts, customMapping.ts); the unified outcome is one of answered, no answer, busy, rejected, unreachable, wrong number, unknown. The source's own
 * code is always kept beside the outcome, because the mapping is ours, not the vendors'.
 */
import type { CallOutcome } from '../../crm/types';
import { normalizePhone } from '../phone';
import { rememberPhone } from './phoneKind';

export type { CallOutcome };

export const CALL_OUTCOMES: CallOutcome[] = [
	'answered',
	'no_answer',
	'busy',
	'rejected',
	'unreachable',
	'wrong_number',
	'unknown',
];

export type TelephonySource =
	'amocrm' | 'bitrix24' | 'custom' | 'mango' | 'onlinePbx' | 'sipuni' | 'uis' | 'zadarma';

/** Each source's name as a person reading the CRM's call history knows it. */
export const TELEPHONY_NAMES: Record<TelephonySource, string> = {
	amocrm: 'amoCRM',
	bitrix24: 'Bitrix24',
	custom: 'Telephony',
	mango: 'Mango Office',
	onlinePbx: 'onlinePBX',
	sipuni: 'Sipuni',
	uis: 'UIS',
	zadarma: 'Zadarma',
};

export type CallDirection = 'inbound' | 'internal' | 'outbound';

export interface CallResult {
	source: TelephonySource;
	outcome: CallOutcome;
	/** The source's own code or status ("1121", "NOANSWER", "486", "subscriber_busy"), null when it sent none. */
	rawStatus: string | null;
	/** What that code means, in words, for reports. */
	rawMeaning: string | null;
	/** The source's id of the call: the key that makes a retried webhook harmless. */
	callId: string | null;
	direction: CallDirection | null;
	/** The client's number, E.164; null for internal calls or when only extensions were given. */
	clientPhone: string | null;
	clientPhoneRaw: string | null;
	/** The operator's short internal number. */
	operatorExtension: string | null;
	/** Seconds of conversation; 0 when nobody answered. */
	talkSeconds: number | null;
	totalSeconds: number | null;
	startedAt: string | null;
	endedAt: string | null;
	recordingUrl: string | null;
	/**
	 * The CRM record a call from the CRM itself is attached to (an amoCRM call note's lead, a Bitrix24 call
	 * activity's deal or lead): that is the call's deal, no lookup by phone needed. Null for telephony webhooks.
	 */
	attachedTo: { entity: 'deal' | 'lead'; id: string } | null;
}

export type CallParse =
	| { ok: true; call: CallResult }
	/** `notFinal`: a valid event that is not the end of a call (call started, answered): nothing to count yet. */
	| { ok: false; reason: string; notFinal: boolean };

export interface CallReadOptions {
	defaultCountry?: string;
	/** IANA zone of times written without one (Zadarma `call_start`). */
	zone?: string;
	/** The company's own numbers (E.164): a side with one of them is ours when the event does not say who called. */
	ownNumbers?: ReadonlySet<string>;
}

/** A party of a call as a PBX writes it: a client's number, or an operator's extension (≤ 5 digits). */
export interface CallParty {
	phone: string | null;
	raw: string | null;
	extension: string | null;
}

/**
 * Reads `sip:79161234567@pbx.ru`, `tel:+7…`, `79161234567`, `8 916…` or `105`: a number of more than five
 * digits is a client phone (E.164 via the phone core), five digits or fewer an operator extension.
 */
export function callParty(value: unknown, defaultCountry = 'RU'): CallParty {
	if (value === null || value === undefined || typeof value === 'object')
		return { phone: null, raw: null, extension: null };
	const raw = String(value).trim();
	if (!raw) return { phone: null, raw: null, extension: null };
	const user = raw.replace(/^(?:sips?|tel):/i, '').replace(/@.*$/, '');
	const digits = user.replace(/\D/g, '');
	// A SIP login such as "user1" is neither a phone nor an extension number.
	if (/[a-zа-яё]/i.test(user)) return { phone: null, raw, extension: null };
	if (digits.length > 0 && digits.length <= 5) return { phone: null, raw, extension: digits };
	const parsed = normalizePhone(raw, { defaultCountry });
	if (!parsed.ok) return { phone: null, raw, extension: null };
	rememberPhone(parsed);
	return { phone: parsed.e164, raw, extension: null };
}

/** A count of seconds from a number or a digit string; null otherwise. */
export function secondsOf(value: unknown): number | null {
	if (value === null || value === undefined || value === '') return null;
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	return Number.isFinite(n) && n >= 0 ? Math.round(n) : null;
}

/** Unix seconds (number or digits) as ISO; null otherwise. */
export function unixToIso(value: unknown): string | null {
	const n = secondsOf(value);
	return n === null || n === 0 ? null : new Date(n * 1000).toISOString();
}

export function textOrNull(value: unknown): string | null {
	if (value === null || value === undefined || typeof value === 'object') return null;
	const text = String(value).trim();
	return text === '' ? null : text;
}

export function notFinal(reason: string): CallParse {
	return { ok: false, reason, notFinal: true };
}

export function unreadable(reason: string): CallParse {
	return { ok: false, reason, notFinal: false };
}

/** A blank result to fill in: every field a source does not report stays null. */
export function blankCall(source: TelephonySource, outcome: CallOutcome): CallResult {
	return {
		source,
		outcome,
		rawStatus: null,
		rawMeaning: null,
		callId: null,
		direction: null,
		clientPhone: null,
		clientPhoneRaw: null,
		operatorExtension: null,
		talkSeconds: null,
		totalSeconds: null,
		startedAt: null,
		endedAt: null,
		recordingUrl: null,
		attachedTo: null,
	};
}
