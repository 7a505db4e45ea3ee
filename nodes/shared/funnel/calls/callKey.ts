/**
 * What makes a repeated webhook of one call harmless. PBXs retry a delivery they think failed, and some send the
 * same event twice (Sipuni); each delivery must lead to one decision and at most one call-back task.
 *
 * The key is the source's own call id (`mango:<entry_id>`, `zadarma:<pbx_call_id>`…), else the client's number
 * and the call's start time, else nothing (then nothing tells two deliveries apart). The key is also written into
 * the task it created, so the CRM itself tells whether a delivery was already handled — that survives a lost
 * deduplication store and two workers handling two deliveries at the same moment.
 */
import type { CallResult } from './callResult';

export function callKey(call: CallResult): string | null {
	if (call.callId) return `${call.source}:${call.callId}`;
	if (call.clientPhone && call.startedAt)
		return `${call.source}:${call.clientPhone}@${call.startedAt}`;
	return null;
}

/** The key a call Call Attempts writes into the CRM's history carries (amoCRM note `uniq`, Bitrix24 ORIGIN_ID). */
export function loggedCallKey(key: string): string {
	return `${LOGGED_PREFIX}${key}`;
}

/** Whether a history record's key is one Call Attempts wrote. */
export function isLoggedCallKey(crmKey: string | null | undefined): boolean {
	return typeof crmKey === 'string' && crmKey.startsWith(LOGGED_PREFIX);
}

const LOGGED_PREFIX = 'n8n:';

/** The mark a call-back task carries: "[call mango:4f2a…]". */
export function taskMark(key: string): string {
	return `[call ${key}]`;
}

/** Whether a task's text carries the mark of this call. */
export function isTaskOfCall(taskText: string, key: string): boolean {
	return taskText.includes(taskMark(key));
}

/** The words of a call-back task, with placeholders filled in: {attempt}, {maxAttempts}, {phone}. */
export const DEFAULT_TASK_TEXT = 'Перезвонить клиенту (попытка {attempt} из {maxAttempts})';

/**
 * The text of a call-back task: the user's template filled in, then the call's mark —
 * "Перезвонить клиенту (попытка 2 из 3) [call mango:4f2a]".
 */
export function callBackTaskText(
	template: string,
	values: { attempt: number; maxAttempts: number; phone: string | null },
	key: string | null,
): string {
	const words = (template.trim() || DEFAULT_TASK_TEXT)
		.replace(/\{attempt\}/g, String(values.attempt))
		.replace(/\{maxAttempts\}/g, String(values.maxAttempts))
		.replace(/\{phone\}/g, values.phone ?? '');
	return key ? `${words} ${taskMark(key)}` : words;
}
