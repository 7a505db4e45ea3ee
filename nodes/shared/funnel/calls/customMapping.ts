/**
 * A telephony the presets do not know: the user says where the status, phone, talk time, direction and call id
 * are (in the node, with expressions), and which status values mean which outcome. Status values are compared
 * case-insensitively and trimmed. A status the table does not list is unknown — unless the user asked that
 * talk time decides ("answered when talk time > 0").
 */
import type { CallOutcome } from '../../crm/types';
import {
	blankCall,
	callParty,
	CALL_OUTCOMES,
	secondsOf,
	textOrNull,
	type CallParse,
	type CallReadOptions,
} from './callResult';
import { callTimeIso } from './callTime';

export interface CustomCallValues {
	status?: unknown;
	talkSeconds?: unknown;
	phone?: unknown;
	direction?: unknown;
	callId?: unknown;
	startedAt?: unknown;
}

export interface CustomCallMapping {
	/** Raw status value → outcome, e.g. { "ANSWERED": "answered", "NO ANSWER": "no_answer" }. */
	outcomes: Record<string, CallOutcome>;
	/** Decide by talk time when the status is missing or not in the table. */
	talkTimeDecides?: boolean;
}

/** Reads "status=outcome" lines ("ANSWERED = answered", "Абонент занят = busy") into a mapping table. */
export function parseOutcomeTable(text: string): {
	outcomes: Record<string, CallOutcome>;
	problems: string[];
} {
	const outcomes: Record<string, CallOutcome> = {};
	const problems: string[] = [];
	for (const line of text.split(/\n|;/)) {
		if (!line.trim()) continue;
		const at = line.lastIndexOf('=');
		const raw = at < 0 ? '' : line.slice(0, at).trim().toLowerCase();
		const outcome =
			at < 0
				? ''
				: line
						.slice(at + 1)
						.trim()
						.toLowerCase()
						.replace(/[\s-]+/g, '_');
		if (!raw || !(CALL_OUTCOMES as string[]).includes(outcome)) {
			problems.push(
				`"${line.trim()}": write it as "status = outcome" with an outcome among ${CALL_OUTCOMES.join(', ')}`,
			);
			continue;
		}
		outcomes[raw] = outcome as CallOutcome;
	}
	return { outcomes, problems };
}

export function readCustomCall(
	values: CustomCallValues,
	mapping: CustomCallMapping,
	options: CallReadOptions = {},
): CallParse {
	const status = textOrNull(values.status);
	const talk = secondsOf(values.talkSeconds);
	const lookup = status === null ? undefined : mapping.outcomes[status.toLowerCase()];
	let outcome: CallOutcome = lookup ?? 'unknown';
	if (!lookup && mapping.talkTimeDecides && talk !== null)
		outcome = talk > 0 ? 'answered' : 'no_answer';
	const call = blankCall('custom', outcome);
	call.rawStatus = status;
	call.rawMeaning = lookup
		? `mapped "${status}"`
		: status === null
			? null
			: `"${status}" is not in the mapping`;
	call.callId = textOrNull(values.callId);
	const direction = String(values.direction ?? '')
		.trim()
		.toLowerCase();
	call.direction = /^(?:in|inbound|incoming|входящий)$/.test(direction)
		? 'inbound'
		: /^(?:out|outbound|outgoing|исходящий)$/.test(direction)
			? 'outbound'
			: null;
	const client = callParty(values.phone, options.defaultCountry);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.talkSeconds = talk;
	if (values.startedAt !== undefined && values.startedAt !== '') {
		const iso = callTimeIso(values.startedAt, options.zone ?? 'Europe/Moscow');
		if (iso.ok) call.startedAt = iso.iso;
	}
	return { ok: true, call };
}
