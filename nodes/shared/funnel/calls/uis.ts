/**
 * UIS / CoMagic (and Novofon, same naming). **Assumption-heavy**: HTTP notifications are templated by the user
 * from variables, so the field names below are the variables' names, which a template usually
 * keeps: `call_session_id`, `contact_phone_number`, `direction` (in|out), `talk_time_duration`,
 * `total_time_duration`, `wait_time_duration`, `extension_phone_number`/`employee_id`, `start_time`/
 * `notification_time`, `file_link`/`full_record_file_link`, and from the Data API report (**Doc**,
 * get.calls_report) `finish_reason` and `is_lost`. A call with talk time was answered whatever the reason says.
 * `subscriber_disconnects` → rejected and `subscriber_number_problems` → unreachable are our reading, not documented;
 * reasons on our side (no operator answered, schedule, balance) say nothing about the client: unknown.
 */
import type { CallOutcome } from '../../crm/types';
import { callTimeIso } from './callTime';
import {
	blankCall,
	callParty,
	secondsOf,
	textOrNull,
	type CallParse,
	type CallReadOptions,
} from './callResult';
import { directionFromParties } from './direction';

const FINISH_REASONS: Record<string, [CallOutcome, string]> = {
	operator_answer: ['answered', 'an operator answered'],
	another_operator_answer: ['answered', 'another operator answered'],
	subscriber_busy: ['busy', 'Абонент занят'],
	subscriber_not_responsible: ['no_answer', 'Абонент не отвечает'],
	no_success_subscriber_call: ['no_answer', 'Не дозвонились до абонента'],
	subscriber_disconnects: ['rejected', 'the subscriber hung up'],
	subscriber_number_problems: ['unreachable', "problems with the subscriber's number"],
	no_success_operator_call: ['unknown', 'no operator answered (our side)'],
	employee_inactive_by_schedule: ['unknown', 'the employee was off schedule (our side)'],
	numa_in_black_list: ['unknown', 'the number is blacklisted'],
	disconnect_before_call_processing: ['unknown', 'ended before the call was processed'],
	not_enough_money: ['unknown', 'not enough money on our account'],
};

export function isUisPayload(payload: Record<string, unknown>): boolean {
	return (
		'call_session_id' in payload ||
		'communication_id' in payload ||
		('notification_name' in payload && 'contact_phone_number' in payload)
	);
}

export function readUisCall(
	payload: Record<string, unknown>,
	options: CallReadOptions = {},
): CallParse {
	const talk = secondsOf(payload.talk_time_duration ?? payload.talk_duration);
	const reason = textOrNull(payload.finish_reason ?? payload.lost_reason);
	const lost =
		payload.is_lost === undefined
			? null
			: ['true', '1', 'yes'].includes(String(payload.is_lost).toLowerCase());
	let outcome: CallOutcome;
	let meaning: string | null = null;
	if (talk !== null && talk > 0) {
		outcome = 'answered';
		meaning = 'conversation took place';
	} else if (reason && FINISH_REASONS[reason]) {
		[outcome, meaning] = FINISH_REASONS[reason];
	} else if (lost !== null) {
		outcome = lost ? 'no_answer' : 'answered';
		meaning = lost ? 'lost call' : 'not a lost call';
	} else if (talk === 0) {
		outcome = 'no_answer';
		meaning = 'no talk time';
	} else {
		outcome = 'unknown';
	}
	const call = blankCall('uis', outcome);
	call.rawStatus = reason ?? (lost === null ? null : `is_lost=${lost}`);
	call.rawMeaning = meaning;
	call.callId = textOrNull(payload.call_session_id ?? payload.communication_id ?? payload.id);
	const direction = String(payload.direction ?? '').toLowerCase();
	call.direction =
		direction === 'in' || direction === 'inbound'
			? 'inbound'
			: direction === 'out' || direction === 'outbound'
				? 'outbound'
				: directionFromParties(
						callParty(payload.calling_phone_number, options.defaultCountry),
						callParty(payload.called_phone_number, options.defaultCountry),
						options.ownNumbers,
					);
	const client = callParty(
		payload.contact_phone_number ?? payload.calling_phone_number,
		options.defaultCountry,
	);
	call.clientPhone = client.phone;
	call.clientPhoneRaw = client.raw;
	call.operatorExtension = textOrNull(payload.extension_phone_number);
	call.talkSeconds = talk ?? (outcome === 'answered' ? null : 0);
	call.totalSeconds = secondsOf(payload.total_time_duration ?? payload.total_duration);
	const start = textOrNull(payload.start_time ?? payload.notification_time);
	if (start) {
		const iso = callTimeIso(start, options.zone ?? 'Europe/Moscow');
		if (iso.ok) call.startedAt = iso.iso;
	}
	call.recordingUrl = textOrNull(payload.full_record_file_link ?? payload.file_link);
	return { ok: true, call };
}
