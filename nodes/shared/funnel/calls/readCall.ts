/**
 * Which telephony sent a payload, and its result: the presets are tried by the shape of the body, or the
 * source the user chose is read directly. An n8n Webhook item (`{ headers, params, query, body }`) is looked into:
 * the body, or the query for sources that use GET (Sipuni).
 */
import { readAmocrmCall, isAmocrmCallPayload } from './amocrmCall';
import { readBitrix24Call, isBitrix24CallPayload } from './bitrix24Call';
import {
	unreadable,
	type CallParse,
	type CallReadOptions,
	type TelephonySource,
} from './callResult';
import { isMangoPayload, readMangoCall } from './mango';
import { isOnlinePbxPayload, readOnlinePbxCall } from './onlinePbx';
import { isSipuniPayload, readSipuniCall } from './sipuni';
import { isUisPayload, readUisCall } from './uis';
import { isZadarmaPayload, readZadarmaCall } from './zadarma';

type PresetSource = Exclude<TelephonySource, 'custom'>;

const PRESETS: Array<{
	source: PresetSource;
	matches: (payload: Record<string, unknown>) => boolean;
	read: (payload: Record<string, unknown>, options: CallReadOptions) => CallParse;
}> = [
	{ source: 'mango', matches: isMangoPayload, read: readMangoCall },
	{ source: 'zadarma', matches: isZadarmaPayload, read: readZadarmaCall },
	{ source: 'sipuni', matches: isSipuniPayload, read: readSipuniCall },
	{ source: 'onlinePbx', matches: isOnlinePbxPayload, read: readOnlinePbxCall },
	{ source: 'uis', matches: isUisPayload, read: readUisCall },
	{ source: 'bitrix24', matches: isBitrix24CallPayload, read: readBitrix24Call },
	{ source: 'amocrm', matches: isAmocrmCallPayload, read: readAmocrmCall },
];

/**
 * The request's payload: an n8n Webhook item's body (or query, when the body is empty); the fetched record of a
 * Bitrix24 Trigger activity event (`record`); else the item itself (an amoCRM Trigger note event is flat).
 */
export function callPayload(json: Record<string, unknown>): Record<string, unknown> {
	if (json.entity === 'activity' && typeof json.record === 'object' && json.record !== null)
		return json.record as Record<string, unknown>;
	if (
		typeof json.headers === 'object' &&
		json.headers !== null &&
		('body' in json || 'query' in json)
	) {
		const body = json.body;
		if (
			typeof body === 'object' &&
			body !== null &&
			!Array.isArray(body) &&
			Object.keys(body).length > 0
		)
			return body as Record<string, unknown>;
		if (typeof json.query === 'object' && json.query !== null)
			return json.query as Record<string, unknown>;
	}
	return json;
}

export function detectTelephony(payload: Record<string, unknown>): PresetSource | null {
	return PRESETS.find((preset) => preset.matches(payload))?.source ?? null;
}

/** Reads a call result from a preset source, or the one detected from the payload's shape. */
export function readCallResult(
	json: Record<string, unknown>,
	source: PresetSource | 'auto',
	options: CallReadOptions = {},
): CallParse {
	const payload = callPayload(json);
	const chosen = source === 'auto' ? detectTelephony(payload) : source;
	if (!chosen) {
		return unreadable(
			'not a call result of a known telephony (Mango, Zadarma, Sipuni, onlinePBX, UIS/CoMagic, amoCRM, Bitrix24): choose the source or use a custom mapping',
		);
	}
	return PRESETS.find((preset) => preset.source === chosen)!.read(payload, options);
}
