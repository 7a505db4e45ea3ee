/**
 * Who called whom, when a call-end event lacks the field that says it (a Sipuni event without `src_type`/
 * `dst_type`, a Mango summary without `call_direction`, a user-templated UIS notification without `direction`).
 * The numbers tell: an operator's extension (five digits or fewer) or one of the company's own numbers is our side,
 * any other phone number the client's. Our side calling a client is outbound, a client calling our side inbound,
 * our side on both ends internal. Two client-looking numbers, or a side missing, cannot be told apart: null.
 */
import type { CallDirection, CallParty, TelephonySource } from './callResult';

/** Our side of a call: an extension, or a number the company owns (E.164). */
function isOurs(party: CallParty, ownNumbers: ReadonlySet<string>): boolean {
	return party.extension !== null || (party.phone !== null && ownNumbers.has(party.phone));
}

function isClient(party: CallParty, ownNumbers: ReadonlySet<string>): boolean {
	return party.phone !== null && !ownNumbers.has(party.phone);
}

export function directionFromParties(
	from: CallParty,
	to: CallParty,
	ownNumbers: ReadonlySet<string> = new Set(),
): CallDirection | null {
	const fromOurs = isOurs(from, ownNumbers);
	const toOurs = isOurs(to, ownNumbers);
	if (fromOurs && toOurs) return 'internal';
	if (fromOurs && isClient(to, ownNumbers)) return 'outbound';
	if (toOurs && isClient(from, ownNumbers)) return 'inbound';
	return null;
}

/** The field each source says the direction with, for the reason of a call whose direction is unknown. */
export const DIRECTION_FIELDS: Record<TelephonySource, string> = {
	amocrm: '"direction" (or a call_in/call_out note type)',
	bitrix24: '"CALL_TYPE"',
	custom: 'the Direction parameter',
	mango: '"call_direction"',
	onlinePbx: '"direction"',
	sipuni: '"src_type"/"dst_type"',
	uis: '"direction"',
	zadarma: '"event"',
};

/** Why a call without a direction is not counted, naming the field the event lacks. */
export function unknownDirectionReason(source: TelephonySource): string {
	return `the call's direction is unknown: the event has no ${DIRECTION_FIELDS[source]} and its numbers do not tell who called whom (list the company's own numbers in Options → Company Phone Numbers)`;
}
