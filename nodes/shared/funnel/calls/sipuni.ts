/**
 * Sipuni "events on the PBX". **Doc** for the transport (GET or POST, URL-encoded, reply
 * `{"success": true}`, `event` mandatory); **Code** for the fields, consistent across many integrations: `event`
 * 1 call start, 2 hang-up (the result), 3 answer, 4 end of a secondary leg; `call_id`, `src_num`, `src_type`
 * (1 external, 2 internal), `dst_num`, `dst_type`, `short_src_num`, `short_dst_num`, `timestamp` (event 2: end
 * time), `call_start_timestamp`, `call_answer_timestamp` (0 or absent without an answer), `status` ∈ ANSWER, BUSY,
 * NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, `call_record_link`. Talk seconds = `timestamp − call_answer_timestamp`.
 * CHANUNAVAIL ≈ phone off, CONGESTION ≈ network failure (both inferred; we call both unreachable).
 */
import type { CallOutcome } from '../../crm/types';
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

const STATUSES: Record<string, [CallOutcome, string]> = {
	ANSWER: ['answered', 'answered'],
	BUSY: ['busy', 'busy'],
	NOANSWER: ['no_answer', 'no answer'],
	CANCEL: ['rejected', 'cancelled'],
	CONGESTION: ['unreachable', 'network congestion'],
	CHANUNAVAIL: ['unreachable', 'channel unavailable (phone off or out of coverage)'],
};

export function isSipuniPayload(payload: Record<string, unknown>): boolean {
	return (
		'call_id' in payload &&
		/^[1-4]$/.test(String(payload.event ?? '')) &&
		('src_num' in payload || 'dst_num' in payload)
	);
}

export function readSipuniCall(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	const event = String(payload.event ?? '');
	if (event !== '2') {
		const names: Record<string, string> = {
			'1': 'call start',
			'3': 'answer',
			'4': 'end of a secondary leg',
		};
		return names[event]
			? notFinal(
					`Sipuni event ${event} (${names[event]}) is not the call's result; the result is event 2`,
				)
			: unreadable('a Sipuni event without a known "event" number');
	}
	const status = String(payload.status ?? '')
		.trim()
		.toUpperCase();
	const known = STATUSES[status];
	const call = blankCall('sipuni', known ? known[0] : 'unknown');
	call.rawStatus = status || null;
	call.rawMeaning = known ? known[1] : null;
	call.callId = textOrNull(payload.call_id);
	const typed = textOrNull(payload.src_type) !== null || textOrNull(payload.dst_type) !== null;
	// An operator's side also shows as its short number (short_src_num / short_dst_num).
	const src = callParty(payload.src_num, options.defaultCountry);
	const dst = callParty(payload.dst_num, options.defaultCountry);
	const srcSide = textOrNull(payload.short_src_num) ? callParty(payload.short_src_num) : src;
	const dstSide = textOrNull(payload.short_dst_num) ? callParty(payload.short_dst_num) : dst;
	if (typed) {
		const srcExternal = String(payload.src_type) === '1';
		const dstExternal = String(payload.dst_type) === '1';
		call.direction = srcExternal ? 'inbound' : dstExternal ? 'outbound' : 'internal';
	} else {
		call.direction = directionFromParties(srcSide, dstSide, options.ownNumbers);
	}
	const inbound = call.direction === 'inbound';
	if (call.direction !== 'internal') {
		const client = inbound ? src : dst;
		call.clientPhone = client.phone;
		call.clientPhoneRaw = client.raw;
	}
	call.operatorExtension = (inbound ? dstSide : srcSide).extension;
	const end = secondsOf(payload.timestamp);
	const answer = secondsOf(payload.call_answer_timestamp);
	const start = secondsOf(payload.call_start_timestamp);
	call.talkSeconds = answer && end && end >= answer ? end - answer : 0;
	call.totalSeconds = start && end && end >= start ? end - start : null;
	call.startedAt = unixToIso(payload.call_start_timestamp);
	call.endedAt = unixToIso(payload.timestamp);
	call.recordingUrl = textOrNull(payload.call_record_link);
	return { ok: true, call };
}
