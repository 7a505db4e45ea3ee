/**
 * Timeline comments, to-dos and call history on Bitrix24 — all crm.activity / crm.timeline records owned by a deal
 * (or a lead on the lead funnel).
 */
import type { CrmCall, CrmNote, CrmTask, ItemResult, NewTask, TaskFilter } from '../types';
import { chunk, readAfterId, scanById } from './paging';
import { toApiDateTime, toIsoUtc, toText } from './parse';
import { callFromActivity, isTask, taskFromActivity } from './records';
import { commentReconciler, todoReconciler } from './reconcile';
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
 * a counted list, which a portal charges by the size of its whole activity table (reference §2.2): the calls
 * of a week's 6,581 new deals counted page by page ran crm.activity.list out of its operating budget.

/**
 * Activities of these deals (or of every deal), read the fast way: `start=-1`, ID order, `>ID` paging — never
 * a counted list, which a portal charges by the size of its whole activity table (reference §2.2): the calls
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
