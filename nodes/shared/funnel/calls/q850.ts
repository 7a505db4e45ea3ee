/**
 * ITU-T Q.850 release causes, which SIP providers pass through (Zadarma `status_code`, FreeSWITCH hangup causes
 * behind onlinePBX). A standard, so the meanings are documented; the mapping to our outcomes is ours.
 */
import type { CallOutcome } from '../../crm/types';

const CAUSES: Record<number, [CallOutcome, string, string]> = {
	1: ['wrong_number', 'UNALLOCATED_NUMBER', 'unallocated (unassigned) number'],
	3: ['unreachable', 'NO_ROUTE_DESTINATION', 'no route to destination'],
	16: ['no_answer', 'NORMAL_CLEARING', 'normal call clearing'],
	17: ['busy', 'USER_BUSY', 'user busy'],
	18: ['no_answer', 'NO_USER_RESPONSE', 'no user responding'],
	19: ['no_answer', 'NO_ANSWER', 'no answer from user'],
	20: ['unreachable', 'SUBSCRIBER_ABSENT', 'subscriber absent (phone off)'],
	21: ['rejected', 'CALL_REJECTED', 'call rejected'],
	22: ['wrong_number', 'NUMBER_CHANGED', 'number changed'],
	27: ['unreachable', 'DESTINATION_OUT_OF_ORDER', 'destination out of order'],
	28: ['wrong_number', 'INVALID_NUMBER_FORMAT', 'invalid number format'],
	31: ['no_answer', 'NORMAL_UNSPECIFIED', 'normal, unspecified'],
	34: ['unknown', 'NORMAL_CIRCUIT_CONGESTION', 'no circuit available'],
	38: ['unknown', 'NETWORK_OUT_OF_ORDER', 'network out of order'],
	41: ['unknown', 'NORMAL_TEMPORARY_FAILURE', 'temporary failure'],
	42: ['unknown', 'SWITCH_CONGESTION', 'switching equipment congestion'],
};

const BY_NAME = new Map(
	Object.values(CAUSES).map(([outcome, name, meaning]) => [name, { outcome, meaning }]),
);

/** A Q.850 cause by number (17) or FreeSWITCH name (USER_BUSY); null when not one we know. */
export function q850Outcome(cause: unknown): { outcome: CallOutcome; meaning: string } | null {
	if (cause === null || cause === undefined || cause === '') return null;
	const text = String(cause).trim();
	if (/^\d+$/.test(text)) {
		const known = CAUSES[Number(text)];
		return known ? { outcome: known[0], meaning: known[2] } : null;
	}
	return BY_NAME.get(text.toUpperCase()) ?? null;
}
