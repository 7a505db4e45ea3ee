/**
 * onlinePBX web hooks. **Doc** for `call_start`/`call_answered` (JSON POST: `uuid`,
 * `direction` inbound|outbound, `caller`, `callee`, `gateway`, `date`); **Code** for `call_end` with
 * `dialog_duration` (talk seconds; 0 = not answered) and `call_missed`. The full `call_end` payload is
 * **unknown**: a `hangup_cause` (FreeSWITCH names, onlinePBX being FreeSWITCH-based) and `call_duration` are read
 * when present — an assumption, harmless when absent. The operator is the short number among caller/callee.
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
	type CallReadOptions,
} from './callResult';
import { directionFromParties } from './direction';
import { q850Outcome } from './q850';

const NOT_FINAL = new Set(['call_start', 'call_user_start', 'call_answered']);

export function isOnlinePbxPayload(payload: Record<string, unknown>): boolean {
	return (
		typeof payload.event === 'string' &&
		/^call_/.test(payload.event) &&
		('uuid' in payload || 'caller' in payload || 'callee' in payload)
	);
}

export function readOnlinePbxCall(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	const event = String(payload.event ?? '');
	if (NOT_FINAL.has(event))
		return notFinal(
			`onlinePBX ${event} is not the call's result; results are call_end and call_missed`,
		);
	if (event !== 'call_end' && event !== 'call_missed')
		return unreadable(`onlinePBX event "${event}" is not a call result`);
	const talk = secondsOf(payload.dialog_duration);
	const cause = q850Outcome(payload.hangup_cause);
	let call;
	if (event === 'call_missed') {
		call = blankCall('onlinePbx', 'no_answer');
		call.rawMeaning = 'missed call';
	} else if (talk !== null && talk > 0) {
		call = blankCall('onlinePbx', 'answered');
		call.rawMeaning = 'conversation took place';
	} else {
		call = blankCall('onlinePbx', cause?.outcome ?? 'no_answer');
		call.rawMeaning = cause?.meaning ?? 'no talk time';
	}
	call.rawStatus = textOrNull(payload.hangup_cause) ?? event;
	call.callId = textOrNull(payload.uuid);
	const direction = String(payload.direction ?? '').toLowerCase();
	const caller = callParty(payload.caller, options.defaultCountry);
	const callee = callParty(payload.callee, options.defaultCountry);
	call.direction =
		direction === 'inbound'
			? 'inbound'
			: direction === 'outbound'
				? 'outbound'
				: directionFromParties(caller, callee, options.ownNumbers);
	let client = call.direction === 'outbound' ? callee : caller;
	let operator = call.direction === 'outbound' ? caller : callee;
	if (client.extension && !operator.extension) [client, operator] = [operator, client];
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.operatorExtension = operator.extension;
	call.talkSeconds = talk ?? (call.outcome === 'answered' ? null : 0);
	call.totalSeconds = secondsOf(payload.call_duration);
	// `date` is the event's own time: for call_end and call_missed, when the call ended.
	call.endedAt = unixToIso(payload.date);
	return { ok: true, call };
}
