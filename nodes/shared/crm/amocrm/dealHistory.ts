/** A deal's history as amoCRM keeps it: tasks, text notes and call notes, read in bulk by deal IDs. */
import type { CrmCall, CrmNote, CrmTask, TaskFilter } from '../types';
import { allOf } from './paging';
import { toCall, toNote, toTask } from './parse';
import { idGroups, type QueryValue } from './query';
import type { RawNote, RawTask } from './rawTypes';
import type { AmoTransport } from './transport';

export async function listAmoTasks(
	transport: AmoTransport,
	filter: TaskFilter,
): Promise<CrmTask[]> {
	const base: Record<string, QueryValue> = {};
	if (filter.responsibleUserIds?.length) base.responsible_user_id = filter.responsibleUserIds;
	if (filter.completed !== undefined) base.is_completed = filter.completed ? 1 : 0;
	const groups = filter.dealIds
		? idGroups([...new Set(filter.dealIds)], 'filter[entity_id]')
		: [undefined];
	const tasks: CrmTask[] = [];
	for (const group of groups) {
		if (group && group.length === 0) continue;
		const f = group ? { ...base, entity_type: 'leads', entity_id: group } : base;
		tasks.push(
			...(await allOf<RawTask>(transport, '/api/v4/tasks', 'tasks', { filter: f })).map(toTask),
		);
	}
	return tasks;
}

/** The notes of these types on each deal (an empty list for a deal with none), many deals a request. */
async function leadNotes(
	transport: AmoTransport,
	dealIds: string[],
	types: string[],
): Promise<Map<string, RawNote[]>> {
	const notes = new Map<string, RawNote[]>(dealIds.map((id) => [id, []]));
	for (const group of idGroups([...new Set(dealIds)], 'filter[entity_id]')) {
		const found = await allOf<RawNote>(transport, '/api/v4/leads/notes', 'notes', {
			filter: { entity_id: group, note_type: types },
		});
		for (const note of found) notes.get(String(note.entity_id))?.push(note);
	}
	return notes;
}

export async function listAmoNotes(
	transport: AmoTransport,
	dealIds: string[],
): Promise<Map<string, CrmNote[]>> {
	const notes = new Map<string, CrmNote[]>();
	for (const [id, raw] of await leadNotes(transport, dealIds, ['common']))
		notes.set(
			id,
			raw
				.map(toNote)
				.sort(
					(a, b) =>
						(a.createdAt ?? '').localeCompare(b.createdAt ?? '') || Number(a.id) - Number(b.id),
				),
		);
	return notes;
}

export async function listAmoCalls(
	transport: AmoTransport,
	dealIds: string[],
): Promise<Map<string, CrmCall[]>> {
	const calls = new Map<string, CrmCall[]>();
	for (const [id, raw] of await leadNotes(transport, dealIds, ['call_in', 'call_out']))
		calls.set(
			id,
			raw.map(toCall).sort((a, b) => a.at.localeCompare(b.at) || Number(a.id) - Number(b.id)),
		);
	return calls;
}
