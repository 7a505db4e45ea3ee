/**
 * Mango Office VPBX API, "call finished" = `POST <base>/events/summary`. **Documented**: the official PDF
 * "MANGO OFFICE API v1.10" gives the fields, the `disconnect_reason` codes and
 * the signature. The body is a form with `vpbx_api_key`, `sign` and `json` (the event as a JSON string);
 * `sign = sha256(vpbx_api_key + json + vpbx_api_salt)` (not checked: that needs the account's salt, see README).
 * Summary: `entry_id` (the call), `call_direction` (0 internal, 1 inbound, 2 outbound), `from{extension, number}`,
 * `to{extension, number}`, `create_time`, `forward_time`, `talk_time` (unix time of answer, 0 without a
 * conversation), `end_time`, `entry_result` (1 conversation, 0 missed), `disconnect_reason`.
 * `/events/call` (one leg's state) is not a result. Talk seconds = `end_time − talk_time` (inferred).
 * The outcome map is ours: codes the table does not list are read by their class (2219 → 2210 → 2200 →
 * 2000), as Mango's documentation says to.
 */
import {
	blankCall,
	callParty,
	notFinal,
	secondsOf,
	textOrNull,
	unixToIso,
	unreadable,
	type CallParse,
	type CallParty,
	type CallReadOptions,
} from './callResult';
import { directionFromParties } from './direction';
import type { CallOutcome } from '../../crm/types';

const DISCONNECT_REASONS: Record<number, [CallOutcome, string]> = {
	1100: ['no_answer', 'call ended normally without a conversation'],
	1110: ['no_answer', 'ended by the caller before an answer'],
	1111: ['no_answer', 'no answer within the timeout'],
	1120: ['rejected', 'ended by the called party'],
	1121: ['busy', 'busy'],
	1122: ['rejected', 'rejected by the called party'],
	1123: ['rejected', 'the called party is in do-not-disturb mode'],
	1130: ['unreachable', 'calls to the number are restricted'],
	1131: ['unreachable', 'the number is unavailable'],
	1132: ['wrong_number', 'the number is not served'],
	1133: ['wrong_number', 'the number does not exist'],
	1134: ['unreachable', 'the number cannot be reached'],
	1160: ['no_answer', 'group call: nobody answered'],
	1170: ['no_answer', 'ended by the forwarding scheme'],
	1180: ['unknown', 'ended by an API command'],
	1190: ['unknown', 'our number is inactive or outside its schedule'],
	2000: ['unknown', 'billing restriction on our account'],
	3200: ['wrong_number', 'wrong number'],
	4200: [
		'unreachable',
		'the subscriber cannot be reached at the moment (phone off or out of coverage)',
	],
	5000: ['unknown', 'overload or technical failure'],
};

/** The outcome for a disconnect code, by the code or else its class (tens, hundreds, thousands). */
export function mangoDisconnectOutcome(code: number): { outcome: CallOutcome; meaning: string } {
	for (const classOf of [code, code - (code % 10), code - (code % 100), code - (code % 1000)]) {
		const known = DISCONNECT_REASONS[classOf];
		if (known) return { outcome: known[0], meaning: known[1] };
	}
	return { outcome: 'unknown', meaning: `disconnect reason ${code}` };
}

/** The event object from a Mango request: the form's `json` field, or an already parsed body. */
export function mangoEvent(payload: Record<string, unknown>): Record<string, unknown> | null {
	if (typeof payload.json === 'string') {
		try {
			const parsed = JSON.parse(payload.json);
			return typeof parsed === 'object' && parsed !== null
				? (parsed as Record<string, unknown>)
				: null;
		} catch {
			return null;
		}
	}
	if (typeof payload.json === 'object' && payload.json !== null)
		return payload.json as Record<string, unknown>;
	return payload;
}

export function isMangoPayload(payload: Record<string, unknown>): boolean {
	if ('vpbx_api_key' in payload && 'json' in payload) return true;
	return (
		'entry_id' in payload &&
		('entry_result' in payload || 'call_state' in payload || 'call_direction' in payload)
	);
}

export function readMangoCall(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	const event = mangoEvent(payload);
	if (!event) return unreadable('the Mango "json" field is not valid JSON');
	if ('call_state' in event && !('entry_result' in event)) {
		return notFinal(
			`Mango /events/call (leg state "${String(event.call_state)}") is not the call's result; the result is /events/summary`,
		);
	}
	if (!('entry_result' in event))
		return unreadable('not a Mango /events/summary: it has no "entry_result"');
	const from = (event.from ?? {}) as Record<string, unknown>;
	const to = (event.to ?? {}) as Record<string, unknown>;
	const direction = textOrNull(event.call_direction) === null ? null : Number(event.call_direction);
	const answered = Number(event.entry_result) === 1;
	const reason = secondsOf(event.disconnect_reason);
	const mapped = answered
		? { outcome: 'answered' as const, meaning: 'conversation took place' }
		: mangoDisconnectOutcome(reason ?? 0);
	const call = blankCall('mango', mapped.outcome);
	call.rawStatus = reason === null ? String(event.entry_result) : String(reason);
	call.rawMeaning = mapped.meaning;
	call.callId = textOrNull(event.entry_id);
	const fromSide = mangoParty(from, options.defaultCountry);
	const toSide = mangoParty(to, options.defaultCountry);
	call.direction =
		direction === 1
			? 'inbound'
			: direction === 2
				? 'outbound'
				: direction === 0
					? 'internal'
					: directionFromParties(fromSide, toSide, options.ownNumbers);
	const client = call.direction === 'inbound' ? from : call.direction === 'outbound' ? to : null;
	const operator = call.direction === 'inbound' ? to : from;
	if (client) {
		const party = callParty(client.number, options.defaultCountry);
		call.clientPhone = party.phone;
		call.clientPhoneRaw = party.raw;
	}
	call.operatorExtension = textOrNull(operator.extension);
	const created = secondsOf(event.create_time);
	const talk = secondsOf(event.talk_time);
	const end = secondsOf(event.end_time);
	call.talkSeconds = talk && end && end >= talk ? end - talk : 0;
	call.totalSeconds = created && end && end >= created ? end - created : null;
	call.startedAt = unixToIso(event.create_time);
	call.endedAt = unixToIso(event.end_time);
	return { ok: true, call };
}

/** A side of a Mango call: its operator's extension when it has one, else its number. */
function mangoParty(side: Record<string, unknown>, defaultCountry?: string): CallParty {
	const extension = textOrNull(side.extension);
	return extension
		? { phone: null, raw: extension, extension }
		: callParty(side.number, defaultCountry);
}
