/**
 * Timeline comments, to-dos and call history on Bitrix24 — all crm.activity / crm.timeline records owned by a deal
 * (or a lead on the lead funnel).
 */
import type {
	CallOutcome,
	CrmCall,
	CrmNote,
	CrmTask,
	ItemResult,
	NewCall,
	NewTask,
	TaskFilter,
} from '../types';
import { chunk, readAfterId, scanById } from './paging';
import { toApiDateTime, toIsoUtc, toText } from './parse';
import { callFromActivity, isTask, taskFromActivity } from './records';
import { activityByOrigin, commentReconciler, ORIGINATOR, todoReconciler } from './reconcile';
import { failure, type Bitrix24Scope } from './scope';

export async function addNotes(
	scope: Bitrix24Scope,
	items: Array<{ dealId: string; text: string }>,
): Promise<Array<ItemResult<{ noteId: string }>>> {
	const runner = await scope.runner();
	const since = new Date(Date.now() - 5 * 60_000).toISOString();
	const reconcile = commentReconciler(toApiDateTime(since));
	const outcomes = await runner.run(
		items.map((n) => ({
			method: 'crm.timeline.comment.add',
			params: {
				fields: { ENTITY_ID: Number(n.dealId), ENTITY_TYPE: scope.entity, COMMENT: n.text },
			},
			reconcile,
		})),
	);
	return outcomes.map((o) =>
		o.ok ? { ok: true, value: { noteId: String(o.value) } } : failure(o.error),
	);
}

// ---- tasks and calls ---------------------------------------------------------------------------------

export async function createTasks(
	scope: Bitrix24Scope,
	items: NewTask[],
): Promise<Array<ItemResult<{ taskId: string }>>> {
	const runner = await scope.runner();
	// Our clock may run ahead of the portal's: look back a few minutes when checking for a lost answer.
	const reconcile = todoReconciler(toApiDateTime(new Date(Date.now() - 5 * 60_000).toISOString()));
	const outcomes = await runner.run(
		items.map((t) => {
			const title =
				t.kind === 'call' && !/^(позвонить|перезвонить|звонок|call)/i.test(t.text)
					? `Позвонить: ${t.text}`
					: t.text;
			return {
				method: 'crm.activity.todo.add',
				params: {
					ownerTypeId: scope.ownerTypeId,
					ownerId: Number(t.dealId),
					deadline: toApiDateTime(t.dueAt),
					title: title.slice(0, 255),
					description: t.text,
					...(t.responsibleUserId ? { responsibleId: Number(t.responsibleUserId) } : {}),
				},
				reconcile,
			};
		}),
	);
	return outcomes.map((o) =>
		o.ok
			? { ok: true, value: { taskId: toText((o.value as { id?: unknown })?.id ?? o.value) } }
			: failure(o.error),
	);
}

/**
 * Activities of these deals (or of every deal), read the fast way: `start=-1`, ID order, `>ID` paging — never
 * a counted list, which a portal charges by the size of its whole activity table: the calls
 * of a week's 6,581 new deals counted page by page ran crm.activity.list out of its operating budget.
 */
async function activitiesOf(
	scope: Bitrix24Scope,
	dealIds: string[] | undefined,
	extra: Record<string, unknown>,
): Promise<Array<Record<string, unknown>>> {
	const base = { OWNER_TYPE_ID: scope.ownerTypeId, ...extra };
	const select = ['*', 'COMMUNICATIONS'];
	if (dealIds) {
		if (dealIds.length === 0) return [];
		// 50 owners a command: each chunk is its own list, paged by ID until a page comes back short. Each deal once,
		// or a deal named twice would have its activities read twice.
		const owners = chunk([...new Set(dealIds)]);
		return readAfterId(
			await scope.runner(),
			'crm.activity.list',
			{ select },
			owners.map((part) => ({ ...base, '@OWNER_ID': part })),
		);
	}
	const { client } = await scope.connect();
	const rows: Array<Record<string, unknown>> = [];
	for await (const page of scanById(
		client,
		'crm.activity.list',
		{ filter: base, select },
		{ idField: 'ID' },
	))
		rows.push(...page);
	return rows;
}

export async function listTasks(scope: Bitrix24Scope, filter: TaskFilter): Promise<CrmTask[]> {
	const extra: Record<string, unknown> = {};
	if (filter.responsibleUserIds?.length) extra['@RESPONSIBLE_ID'] = filter.responsibleUserIds;
	if (filter.completed !== undefined) extra.COMPLETED = filter.completed ? 'Y' : 'N';
	const rows = await activitiesOf(scope, filter.dealIds, extra);
	return rows.filter(isTask).map(taskFromActivity);
}

/** Timeline comments of each deal (or lead), oldest first: every deal's list paged by ID, 50 lists a request. */
export async function listNotes(
	scope: Bitrix24Scope,
	dealIds: string[],
): Promise<Map<string, CrmNote[]>> {
	const ids = [...new Set(dealIds)];
	const result = new Map<string, CrmNote[]>(ids.map((id) => [id, []]));
	if (ids.length === 0) return result;
	const rows = await readAfterId(
		await scope.runner(),
		'crm.timeline.comment.list',
		{ select: ['ID', 'ENTITY_ID', 'ENTITY_TYPE', 'COMMENT', 'CREATED'] },
		ids.map((id) => ({ ENTITY_ID: Number(id), ENTITY_TYPE: scope.entity })),
	);
	for (const row of rows) {
		const dealId = toText(row.ENTITY_ID);
		result.get(dealId)?.push({
			id: toText(row.ID),
			dealId,
			text: toText(row.COMMENT),
			createdAt: toIsoUtc(row.CREATED),
		});
	}
	return result;
}

export async function listCalls(
	scope: Bitrix24Scope,
	dealIds: string[],
): Promise<Map<string, CrmCall[]>> {
	// Calls made: a call activity not completed yet is a planned call (a task), not an attempt.
	const rows = await activitiesOf(scope, dealIds, { TYPE_ID: 2, COMPLETED: 'Y' });
	const result = new Map<string, CrmCall[]>(dealIds.map((id) => [id, []]));
	for (const call of rows.map(callFromActivity)) {
		if (call.dealId) result.set(call.dealId, [...(result.get(call.dealId) ?? []), call]);
	}
	for (const [id, calls] of result)
		result.set(
			id,
			calls.sort((a, b) => a.at.localeCompare(b.at)),
		);
	return result;
}

/** The telephony status code of an outcome, kept in the activity's SETTINGS where the call history reads it back. */
const STATUS_CODES: Record<CallOutcome, string> = {
	answered: '200',
	no_answer: '304',
	busy: '486',
	rejected: '603',
	unreachable: '480',
	wrong_number: '404',
	unknown: 'OTHER',
};

/**
 * Completed call activities (crm.activity.add, TYPE_ID 2), 50 a batch. ORIGIN_ID is the call's key: a call whose
 * answer was lost is looked up by it (activityByOrigin) instead of being written twice.
 */
export async function logCalls(
	scope: Bitrix24Scope,
	items: NewCall[],
): Promise<Array<ItemResult<{ callId: string }>>> {
	const runner = await scope.runner();
	const outcomes = await runner.run(
		items.map((call) => {
			const inbound = call.direction === 'inbound';
			const start = Date.parse(call.at);
			const end = new Date(start + Math.max(0, Math.round(call.talkSeconds)) * 1000);
			const contact = call.contactId ? Number(call.contactId) : null;
			return {
				method: 'crm.activity.add',
				params: {
					fields: {
						OWNER_TYPE_ID: scope.ownerTypeId,
						OWNER_ID: Number(call.dealId),
						TYPE_ID: 2,
						SUBJECT: `${inbound ? 'Входящий' : 'Исходящий'} звонок ${call.phone}`,
						DESCRIPTION: [call.source, call.result].filter(Boolean).join(': '),
						DIRECTION: inbound ? 1 : 2,
						COMPLETED: 'Y',
						START_TIME: toApiDateTime(new Date(start).toISOString()),
						END_TIME: toApiDateTime(end.toISOString()),
						COMMUNICATIONS: [
							{
								VALUE: call.phone,
								ENTITY_ID: contact ?? Number(call.dealId),
								ENTITY_TYPE_ID: contact ? 3 : scope.ownerTypeId,
							},
						],
						...(call.responsibleUserId ? { RESPONSIBLE_ID: Number(call.responsibleUserId) } : {}),
						SETTINGS: { STATUS_CODE: STATUS_CODES[call.outcome] },
						ORIGINATOR_ID: ORIGINATOR,
						ORIGIN_ID: call.key,
					},
				},
				reconcile: activityByOrigin,
			};
		}),
	);
	return outcomes.map((o) =>
		o.ok ? { ok: true, value: { callId: toText(o.value) } } : failure(o.error),
	);
}
