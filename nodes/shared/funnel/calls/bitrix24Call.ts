/**
 * Bitrix24 telephony. **Doc**: `telephony.externalcall.finish` (`CALL_ID`, `USER_ID`,
 * `DURATION`, `STATUS_CODE`, `FAILED_REASON`, `RECORD_URL`), the status codes (codes_and_types: 200 successful,
 * 304 missed, 603 rejected, 603-S cancelled, 403 forbidden, 404 wrong number, 486 busy, 484/503 destination
 * unavailable, 480 temporarily unavailable, 402 insufficient funds, 423 blocked, OTHER undefined), and the
 * `voximplant.statistic.get` / ONVOXIMPLANTCALLEND records (`CALL_ID`, `CALL_TYPE` 1 outgoing, 2 incoming,
 * 3 incoming redirected, 4 callback, `PHONE_NUMBER`, `CALL_DURATION`, `CALL_FAILED_CODE`, `CALL_START_DATE`,
 * `PORTAL_USER_ID`, `CALL_RECORD_URL`). 480 (temporarily unavailable) is read as unreachable: the phone is off. Also the CRM's call
 * activities (`crm.activity.get`, what the Bitrix24 Trigger fetches for ONCRMACTIVITYADD), which name their deal.
 */
import type { CallOutcome } from '../../crm/types';
import { callTimeIso } from './callTime';
import {
	blankCall,
	callParty,
	notFinal,
	secondsOf,
	textOrNull,
	type CallParse,
	type CallReadOptions,
} from './callResult';

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
	const text = String(code ?? '')
		.trim()
		.toUpperCase();
	const known = STATUS_CODES[text];
	return known
		? { outcome: known[0], meaning: known[1] }
		: { outcome: 'unknown', meaning: text ? `status ${text}` : 'no status code' };
}

/** The call record inside an ONVOXIMPLANTCALLEND event (`{ event, data }`) or the record itself. */
function recordOf(payload: Record<string, unknown>): Record<string, unknown> {
	return typeof payload.data === 'object' &&
		payload.data !== null &&
		'CALL_ID' in (payload.data as object)
		? (payload.data as Record<string, unknown>)
		: payload;
}

/** A CRM activity record (`crm.activity.get`, the Bitrix24 Trigger's fetched record): it has an owner and a type. */
function isActivity(record: Record<string, unknown>): boolean {
	return 'TYPE_ID' in record && 'OWNER_ID' in record && 'OWNER_TYPE_ID' in record;
}

export function isBitrix24CallPayload(payload: Record<string, unknown>): boolean {
	const record = recordOf(payload);
	return (
		isActivity(record) ||
		'STATUS_CODE' in record ||
		'CALL_FAILED_CODE' in record ||
		('CALL_ID' in record && ('CALL_DURATION' in record || 'DURATION' in record))
	);
}

export function readBitrix24Call(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	const record = recordOf(payload);
	if (isActivity(record)) return readCallActivity(record, options);
	const code = record.STATUS_CODE ?? record.CALL_FAILED_CODE;
	const mapped = bitrix24CallOutcome(code);
	const call = blankCall('bitrix24', mapped.outcome);
	call.rawStatus = textOrNull(code);
	call.rawMeaning = [mapped.meaning, textOrNull(record.FAILED_REASON ?? record.CALL_FAILED_REASON)]
		.filter(Boolean)
		.join('; ');
	call.callId = textOrNull(record.CALL_ID);
	const type = String(record.CALL_TYPE ?? record.TYPE ?? '');
	call.direction =
		type === '1' || type === '4' ? 'outbound' : type === '2' || type === '3' ? 'inbound' : null;
	const client = callParty(record.PHONE_NUMBER, options.defaultCountry);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.operatorExtension = textOrNull(record.USER_PHONE_INNER);
	const duration = secondsOf(record.CALL_DURATION ?? record.DURATION);
	call.talkSeconds = mapped.outcome === 'answered' ? duration : 0;
	const start = textOrNull(record.CALL_START_DATE);
	if (start) {
		const iso = callTimeIso(start, options.zone ?? 'Europe/Moscow');
		if (iso.ok) call.startedAt = iso.iso;
	}
	call.recordingUrl = textOrNull(record.CALL_RECORD_URL ?? record.RECORD_URL);
	return { ok: true, call };
}

/**
 * A call activity of the CRM (TYPE_ID 2): the telephony's code when its SETTINGS keep one, else talk time (END_TIME −
 * START_TIME) of a completed call decides, as the CRM adapter reads its history. A call not completed yet is a
 * planned call, and other activities (to-dos — this node's own call-back tasks among them —, e-mails, meetings)
 * are not calls: both are not final.
 */
function readCallActivity(record: Record<string, unknown>, options: CallReadOptions): CallParse {
	if (String(record.TYPE_ID) !== '2')
		return notFinal(`a Bitrix24 activity of type ${String(record.TYPE_ID)} is not a call`);
	if (String(record.COMPLETED ?? '') !== 'Y')
		return notFinal('a Bitrix24 call activity not completed yet is a planned call');
	const settings = (
		typeof record.SETTINGS === 'object' && record.SETTINGS !== null ? record.SETTINGS : {}
	) as Record<string, unknown>;
	const code = settings.STATUS_CODE ?? settings.CALL_FAILED_CODE;
	const start = Date.parse(String(record.START_TIME ?? ''));
	const end = Date.parse(String(record.END_TIME ?? ''));
	const talk =
		Number.isFinite(start) && Number.isFinite(end)
			? Math.max(0, Math.round((end - start) / 1000))
			: 0;
	const mapped =
		code !== undefined
			? bitrix24CallOutcome(code)
			: talk > 0
				? { outcome: 'answered' as const, meaning: 'talk time > 0' }
				: { outcome: 'no_answer' as const, meaning: 'no talk time' };
	const call = blankCall('bitrix24', mapped.outcome);
	call.rawStatus = textOrNull(code);
	call.rawMeaning = mapped.meaning;
	call.callId = `activity-${String(record.ID)}`;
	call.direction = String(record.DIRECTION) === '1' ? 'inbound' : 'outbound';
	const communications = Array.isArray(record.COMMUNICATIONS)
		? (record.COMMUNICATIONS as Array<Record<string, unknown>>)
		: [];
	const client = callParty(communications[0]?.VALUE, options.defaultCountry);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.talkSeconds = mapped.outcome === 'answered' ? talk : 0;
	call.startedAt = Number.isFinite(start) ? new Date(start).toISOString() : null;
	call.endedAt = Number.isFinite(end) ? new Date(end).toISOString() : null;
	const owner = String(record.OWNER_TYPE_ID);
	if (owner === '1' || owner === '2')
		call.attachedTo = { entity: owner === '2' ? 'deal' : 'lead', id: String(record.OWNER_ID) };
	return { ok: true, call };
}
