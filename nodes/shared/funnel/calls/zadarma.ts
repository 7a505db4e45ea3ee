/**
 * Zadarma PBX notifications. **Code** (the official SDK zadarma/user-api-v1, `lib/Webhook/*`):
 * form POSTs `NOTIFY_START`, `NOTIFY_INTERNAL`, `NOTIFY_ANSWER`, `NOTIFY_END`, `NOTIFY_OUT_START`,
 * `NOTIFY_OUT_END`, `NOTIFY_RECORD`, `NOTIFY_IVR`. The results are `NOTIFY_END` (inbound: `caller_id` is the
 * client, `called_did` our number, `internal` the extension) and `NOTIFY_OUT_END` (outbound: `destination` is
 * the client), with `pbx_call_id`, `call_start`, `duration` (s), `disposition`, `status_code` (Q.850),
 * `is_recorded`, `call_id_with_rec`. Numbers sometimes lack the "+".
 * Signature: header `Signature` = base64(hex(HMAC-SHA1(caller_id + called_did + call_start, secret))) for
 * NOTIFY_END, `internal + destination + call_start` for NOTIFY_OUT_END (SDK); not checked: that needs the account's
 * secret, see README.
 * The `call_start` time zone is not documented: it is read in the zone given (the account's).
 */
import type { CallOutcome } from '../../crm/types';
import { callTimeIso } from './callTime';
import {
	blankCall,
	callParty,
	notFinal,
	secondsOf,
	textOrNull,
	unreadable,
	type CallParse,
	type CallReadOptions,
} from './callResult';
import { q850Outcome } from './q850';

const DISPOSITIONS: Record<string, CallOutcome> = {
	answered: 'answered',
	busy: 'busy',
	cancel: 'rejected',
	'no answer': 'no_answer',
	failed: 'unreachable',
	'unallocated number': 'wrong_number',
	'no money': 'unknown',
	'no limit': 'unknown',
	'no day limit': 'unknown',
	'line limit': 'unknown',
};

const FINAL_EVENTS = new Set(['NOTIFY_END', 'NOTIFY_OUT_END']);

export function isZadarmaPayload(payload: Record<string, unknown>): boolean {
	return (
		(typeof payload.event === 'string' && payload.event.startsWith('NOTIFY_')) ||
		'pbx_call_id' in payload
	);
}

export function readZadarmaCall(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	const event = String(payload.event ?? '');
	if (!FINAL_EVENTS.has(event)) {
		return event
			? notFinal(
					`Zadarma ${event} is not a call's result; results are NOTIFY_END and NOTIFY_OUT_END`,
				)
			: unreadable('a Zadarma notification without "event"');
	}
	const outbound = event === 'NOTIFY_OUT_END';
	const disposition = String(payload.disposition ?? '')
		.trim()
		.toLowerCase();
	const cause = q850Outcome(payload.status_code);
	let outcome: CallOutcome = DISPOSITIONS[disposition] ?? cause?.outcome ?? 'unknown';
	// "failed" says little; the Q.850 cause says what failed.
	if (disposition === 'failed' && cause && cause.outcome !== 'no_answer') outcome = cause.outcome;
	const call = blankCall('zadarma', outcome);
	call.rawStatus = disposition || textOrNull(payload.status_code);
	call.rawMeaning =
		[disposition || null, cause ? `Q.850 ${String(payload.status_code)}: ${cause.meaning}` : null]
			.filter(Boolean)
			.join('; ') || null;
	call.callId = textOrNull(payload.pbx_call_id);
	call.direction = outbound ? 'outbound' : 'inbound';
	const client = callParty(
		outbound ? payload.destination : payload.caller_id,
		options.defaultCountry,
	);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.operatorExtension = textOrNull(payload.internal);
	const duration = secondsOf(payload.duration);
	call.talkSeconds = outcome === 'answered' ? duration : 0;
	call.totalSeconds = null;
	const start = textOrNull(payload.call_start);
	if (start) {
		const iso = callTimeIso(start, options.zone ?? 'Europe/Moscow');
		if (iso.ok) call.startedAt = iso.iso;
	}
	return { ok: true, call };
}
