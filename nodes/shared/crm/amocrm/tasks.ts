/** Tasks written in bulk: created 250 a request (a lost answer looked up before anything is resent), completed by PATCH. */
import type { ItemResult, NewTask } from '../types';
import { byRequestId } from './answers';
import type { AmoCatalog } from './catalog';
import { claimsOf, findCreatedTasks, type TaskPayload } from './existing';
import type { AmoTransport } from './transport';
import { writeInBatches } from './writes';

export function createAmoTasks(
	transport: AmoTransport,
	payloads: TaskPayload[],
	maxBatch: number,
): Promise<Array<ItemResult<{ taskId: string }>>> {
	return writeInBatches<TaskPayload, { taskId: string }>(payloads, {
		transport,
		kind: 'create',
		maxBatch,
		send: async (batch) => {
			const answer = await transport.request<{
				_embedded?: { tasks?: Array<{ id: number; request_id?: string }> };
			}>('POST', '/api/v4/tasks', { body: batch });
			return byRequestId(batch, answer.body?._embedded?.tasks ?? [], (t) => ({
				taskId: String(t.id),
			}));
		},
		findExisting: findCreatedTasks(transport),
		claims: claimsOf.task,
	});
}

export function patchAmoTasks(
	transport: AmoTransport,
	payloads: Array<Record<string, unknown>>,
	maxBatch: number,
): Promise<Array<ItemResult<{ taskId: string }>>> {
	return writeInBatches<Record<string, unknown>, { taskId: string }>(payloads, {
		transport,
		kind: 'idempotent',
		maxBatch,
		send: async (batch) => {
			await transport.request('PATCH', '/api/v4/tasks', { body: batch });
			return batch.map((p) => ({ taskId: String(p.id) }));
		},
	});
}

/** amoCRM has follow-up (1) and meeting (2); a call is the account's own "Звонок"/"Call" type when it has one. */
export async function taskTypeIds(
	catalog: AmoCatalog,
	items: NewTask[],
): Promise<Record<NonNullable<NewTask['kind']>, number>> {
	const ids = { follow_up: 1, meeting: 2, call: 1 };
	if (!items.some((t) => t.kind === 'call')) return ids;
	const types = (await catalog.account())._embedded?.task_types ?? [];
	const call = types.find((t) => /^(звонок|позвонить|перезвонить|call)$/i.test(t.name.trim()));
	if (call) ids.call = call.id;
	return ids;
}
