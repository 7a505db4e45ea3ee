/**
 * amoCRM calls: `POST /api/v4/calls` bodies and the `call_in`/`call_out` notes whose `params` carry the same
 * fields. **Doc** for the calls API fields; **Code** (the official SDK amocrm/amocrm-api-php,
 * `CallInterface.php`) for `call_status`: 1 left a message, 2 call back later, 3 not available, 4 conversation,
 * 5 wrong number, 6 could not get through, 7 busy, 8 undefined. There is no "phone off" status: 6 covers it,
 * with the reason in free text (`call_result`). Without a `call_status`, talk time decides (inferred).
 * A lead's note (`entity_type` leads, as the amoCRM Trigger gives it) names the call's deal.
 */
import type { CallOutcome } from '../../crm/types';
import {
	blankCall,
	callParty,
	notFinal,
	secondsOf,
	textOrNull,
	unixToIso,
	type CallParse,
	type CallReadOptions,
} from './callResult';

const CALL_STATUSES: Record<number, [CallOutcome, string]> = {
	1: ['no_answer', 'left a message'],
	2: ['answered', 'spoke: call back later'],
	3: ['no_answer', 'the person was not available'],
	4: ['answered', 'conversation took place'],
	5: ['wrong_number', 'wrong number'],
	6: ['no_answer', 'could not get through'],
	7: ['busy', 'busy'],
	8: ['unknown', 'undefined'],
};

/** The unified outcome of an amoCRM `call_status` (1–8); for the CRM adapter and for webhooks alike. */
export function amocrmCallOutcome(
	callStatus: unknown,
	talkSeconds: number | null = null,
): { outcome: CallOutcome; meaning: string } {
	const known = CALL_STATUSES[Number(callStatus)];
	if (known) return { outcome: known[0], meaning: known[1] };
	if (talkSeconds !== null)
		return talkSeconds > 0
			? { outcome: 'answered', meaning: 'talk time > 0' }
			: { outcome: 'no_answer', meaning: 'no talk time' };
	return { outcome: 'unknown', meaning: 'no call status' };
}

export function isAmocrmCallPayload(payload: Record<string, unknown>): boolean {
	const params = payload.params as Record<string, unknown> | undefined;
	return (
		'call_status' in payload ||
		(typeof payload.note_type === 'string' && /^call_(?:in|out)$/.test(payload.note_type)) ||
		(typeof params === 'object' && params !== null && ('call_status' in params || 'uniq' in params))
	);
}

export function readAmocrmCall(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	// The amoCRM Trigger's note events include every kind of note: only call notes are calls.
	if (typeof payload.note_type === 'string' && !/^call_(?:in|out)$/.test(payload.note_type)) {
		return notFinal(`an amoCRM "${payload.note_type}" note is not a call`);
	}
	const params = (
		typeof payload.params === 'object' && payload.params !== null ? payload.params : payload
	) as Record<string, unknown>;
	const talk = secondsOf(params.duration);
	const mapped = amocrmCallOutcome(params.call_status, talk);
	const call = blankCall('amocrm', mapped.outcome);
	call.rawStatus = textOrNull(params.call_status);
	call.rawMeaning = [mapped.meaning, textOrNull(params.call_result)].filter(Boolean).join('; ');
	call.callId = textOrNull(params.uniq) ?? textOrNull(payload.id);
	const direction =
		textOrNull(payload.direction ?? params.direction) ??
		(payload.note_type === 'call_in'
			? 'inbound'
			: payload.note_type === 'call_out'
				? 'outbound'
				: null);
	call.direction = direction === 'inbound' || direction === 'outbound' ? direction : null;
	const client = callParty(params.phone, options.defaultCountry);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.talkSeconds = talk;
	call.startedAt = unixToIso(payload.created_at ?? params.created_at);
	call.recordingUrl = textOrNull(params.link);
	const entityId = textOrNull(payload.entity_id);
	if (entityId && /^leads?$/.test(String(payload.entity_type ?? '')))
		call.attachedTo = { entity: 'deal', id: entityId };
	return { ok: true, call };
}
