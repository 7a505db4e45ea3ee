/**
 * Bitrix24 telephony (reference §2.8). **Doc**: `telephony.externalcall.finish` (`CALL_ID`, `USER_ID`,
 * `DURATION`, `STATUS_CODE`, `FAILED_REASON`, `RECORD_URL`), the status codes (codes_and_types: 200 successful,
 * 304 missed, 603 rejected, 603-S cancelled, 403 forbidden, 404 wrong number, 486 busy, 484/503 destination
 * unavailable, 480 temporarily unavailable, 402 insufficient funds, 423 blocked, OTHER undefined), and the
 * `voximplant.statistic.get` / ONVOXIMPLANTCALLEND records (`CALL_ID`, `CALL_TYPE` 1 outgoing, 2 incoming,
 * 3 incoming redirected, 4 callback, `PHONE_NUMBER`, `CALL_DURATION`, `CALL_FAILED_CODE`, `CALL_START_DATE`,
 * `PORTAL_USER_ID`, `CALL_RECORD_URL`). 480 is read as unreachable (phone off), as §2.8 suggests.
 */
import type { CallOutcome } from '../../crm/types';
import { toIsoTimestamp } from '../timestamp';
import { blankCall, callParty, secondsOf, textOrNull, type CallParse, type CallReadOptions } from './callResult';

const STATUS_CODES: Record<string, [CallOutcome, string]> = {
	'200': ['answered', 'successful call'],
	'304': ['no_answer', 'missed call'],
	'603': ['rejected', 'rejected'],
	'603-S': ['rejected', 'cancelled'],
	'486': ['busy', 'busy'],
	'404': ['wrong_number', 'wrong number'],
	'484': ['unreachable', 'destination unavailable'],
	'503': ['unreachable', 'destination unavailable'],
	'480': ['unreachable', 'temporarily unavailable'],
	'403': ['unknown', 'forbidden'],
	'402': ['unknown', 'insufficient funds'],
	'423': ['unknown', 'blocked'],
	OTHER: ['unknown', 'undefined'],
};

/** The unified outcome of a Bitrix24 `STATUS_CODE` / `CALL_FAILED_CODE`; for the CRM adapter and for events. */
export function bitrix24CallOutcome(code: unknown): { outcome: CallOutcome; meaning: string } {
	const text = String(code ?? '').trim().toUpperCase();
	const known = STATUS_CODES[text];
	return known ? { outcome: known[0], meaning: known[1] } : { outcome: 'unknown', meaning: text ? `status ${text}` : 'no status code' };
}

/** The call record inside an ONVOXIMPLANTCALLEND event (`{ event, data }`) or the record itself. */
function recordOf(payload: Record<string, unknown>): Record<string, unknown> {
	return typeof payload.data === 'object' && payload.data !== null && 'CALL_ID' in (payload.data as object)
		? (payload.data as Record<string, unknown>)
		: payload;
}

export function isBitrix24CallPayload(payload: Record<string, unknown>): boolean {
	const record = recordOf(payload);
	return 'STATUS_CODE' in record || 'CALL_FAILED_CODE' in record || ('CALL_ID' in record && ('CALL_DURATION' in record || 'DURATION' in record));
}

export function readBitrix24Call(payload: Record<string, unknown>, options: CallReadOptions = {}): CallParse {
	const record = recordOf(payload);
	const code = record.STATUS_CODE ?? record.CALL_FAILED_CODE;
	const mapped = bitrix24CallOutcome(code);
	const call = blankCall('bitrix24', mapped.outcome);
	call.rawStatus = textOrNull(code);
	call.rawMeaning = [mapped.meaning, textOrNull(record.FAILED_REASON ?? record.CALL_FAILED_REASON)].filter(Boolean).join('; ');
	call.callId = textOrNull(record.CALL_ID);
	const type = String(record.CALL_TYPE ?? record.TYPE ?? '');
	call.direction = type === '1' || type === '4' ? 'outbound' : type === '2' || type === '3' ? 'inbound' : null;
	const client = callParty(record.PHONE_NUMBER, options.defaultCountry);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.operatorExtension = textOrNull(record.USER_PHONE_INNER);
	const duration = secondsOf(record.CALL_DURATION ?? record.DURATION);
	call.talkSeconds = mapped.outcome === 'answered' ? duration : 0;
	const start = textOrNull(record.CALL_START_DATE);
	if (start) {
		const iso = toIsoTimestamp(start, options.zone ?? 'Europe/Moscow');
		if (iso.ok) call.startedAt = iso.iso;
	}
	call.recordingUrl = textOrNull(record.CALL_RECORD_URL ?? record.RECORD_URL);
	return { ok: true, call };
}
