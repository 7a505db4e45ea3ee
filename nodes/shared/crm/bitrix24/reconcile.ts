/**
 * How the command runner learns whether a write whose answer was lost took effect, before it sends it again.
 * Creates carry ORIGINATOR_ID + ORIGIN_ID (leads, deals, contacts, activities): one list by those finds them.
 * To-dos and comments have no such marker: they are found by owner, text and time. Deletes and merges are
 * checked by whether the records are gone. Every lookup reads; nothing here writes.
 */
import type { Command, CommandRunner, Reconciler } from './commands';
import { Bitrix24Error } from './errors';
import { chunk, listAll, rowsOf } from './paging';
import { toText } from './parse';

/** Our mark on what we create: the external system field of Bitrix24. */
export const ORIGINATOR = 'n8n-sales-funnel';

type Entity = 'lead' | 'deal' | 'contact' | 'company';

function fieldsOf(command: Command): Record<string, unknown> {
	return ((command.params.fields ?? command.params.FIELDS) as Record<string, unknown>) ?? {};
}

/** Finds creates by (ORIGINATOR_ID, ORIGIN_ID); `list` is the method that lists what `add` made. */
function byOrigin(
	list: string,
	originOf: (c: Command) => { originator: string; origin: string } | null,
	shape: (id: number) => unknown,
): Reconciler {
	return {
		key: `origin:${list}:${shape(0) === 0 ? 'id' : 'item'}`,
		async find(commands, runner) {
			const marks = commands.map(originOf);
			if (marks.some((m) => !m || !m.origin)) {
				throw new Bitrix24Error(
					'NO_MARK',
					'A create without ORIGIN_ID cannot be checked',
					undefined,
					list,
				);
			}
			const found = new Map<string, number>();
			const byOriginator = new Map<string, string[]>();
			for (const m of marks as Array<{ originator: string; origin: string }>)
				byOriginator.set(m.originator, [...(byOriginator.get(m.originator) ?? []), m.origin]);
			const lookups: Array<{ originator: string; params: Record<string, unknown> }> = [];
			for (const [originator, origins] of byOriginator) {
				for (const part of chunk(origins, 50)) {
					lookups.push({
						originator,
						params: {
							filter: { ORIGINATOR_ID: originator, '@ORIGIN_ID': part },
							select: ['ID', 'ORIGIN_ID'],
							order: { ID: 'ASC' },
						},
					});
				}
			}
			// All lookups in one batch; a lookup with more than a page (duplicates made by someone else) reads on.
			const pages = await runner.run(lookups.map((l) => ({ method: list, params: l.params })));
			for (let i = 0; i < lookups.length; i++) {
				const page = pages[i];
				if (!page.ok) throw page.error;
				const rows =
					page.next === undefined
						? rowsOf(page.value)
						: await listAll(runner, list, lookups[i].params);
				// The oldest record with a mark is the one the first attempt made.
				for (const row of rows) {
					const key = `${lookups[i].originator}\n${toText(row.ORIGIN_ID)}`;
					if (!found.has(key)) found.set(key, Number(row.ID));
				}
			}
			const result = new Map<number, unknown>();
			marks.forEach((m, i) => {
				const id = m && found.get(`${m.originator}\n${m.origin}`);
				if (id) result.set(i, shape(id));
			});
			return result;
		},
	};
}

const legacyMark = (c: Command) => {
	const f = fieldsOf(c);
	return f.ORIGIN_ID ? { originator: toText(f.ORIGINATOR_ID), origin: toText(f.ORIGIN_ID) } : null;
};

/** `crm.lead|deal|contact.add` answer the new ID. */
export function createdByOrigin(entity: Entity): Reconciler {
	return byOrigin(`crm.${entity}.list`, legacyMark, (id) => id);
}

/** `crm.activity.add` (calls we log) carries ORIGIN_ID too. */
export const activityByOrigin: Reconciler = byOrigin('crm.activity.list', legacyMark, (id) => id);

/**
 * `crm.activity.todo.add`: a to-do of the same owner, title, deadline and responsible, created since `since`.
 * Each found to-do answers one command only.
 */
export function todoReconciler(since: string): Reconciler {
	return {
		key: `todo:${since}`,
		async find(commands, runner) {
			const result = new Map<number, unknown>();
			const used = new Set<string>();
			const byType = new Map<number, number[]>();
			for (const c of commands)
				byType.set(Number(c.params.ownerTypeId), [
					...(byType.get(Number(c.params.ownerTypeId)) ?? []),
					Number(c.params.ownerId),
				]);
			const rows: Array<Record<string, unknown>> = [];
			for (const [ownerTypeId, owners] of byType) {
				for (const part of chunk([...new Set(owners)], 50)) {
					rows.push(
						...(await listAll(runner, 'crm.activity.list', {
							filter: {
								OWNER_TYPE_ID: ownerTypeId,
								'@OWNER_ID': part,
								PROVIDER_ID: 'CRM_TODO',
								'>=CREATED': since,
							},
							select: ['ID', 'OWNER_ID', 'OWNER_TYPE_ID', 'SUBJECT', 'DEADLINE', 'RESPONSIBLE_ID'],
						})),
					);
				}
			}
			commands.forEach((c, i) => {
				const match = rows.find(
					(r) =>
						!used.has(toText(r.ID)) &&
						Number(r.OWNER_TYPE_ID) === Number(c.params.ownerTypeId) &&
						Number(r.OWNER_ID) === Number(c.params.ownerId) &&
						toText(r.SUBJECT) === toText(c.params.title) &&
						Date.parse(toText(r.DEADLINE)) === Date.parse(toText(c.params.deadline)) &&
						(c.params.responsibleId === undefined ||
							Number(r.RESPONSIBLE_ID) === Number(c.params.responsibleId)),
				);
				if (match) {
					used.add(toText(match.ID));
					result.set(i, { id: Number(match.ID) });
				}
			});
			return result;
		},
	};
}

/** `crm.timeline.comment.add`: a comment with the same text on the same record, written since `since`. */
export function commentReconciler(since: string): Reconciler {
	return {
		key: `comment:${since}`,
		async find(commands, runner) {
			const result = new Map<number, unknown>();
			const used = new Set<string>();
			const owners = new Map<string, { type: string; id: number }>();
			for (const c of commands) {
				const f = fieldsOf(c);
				owners.set(`${toText(f.ENTITY_TYPE)}:${toText(f.ENTITY_ID)}`, {
					type: toText(f.ENTITY_TYPE),
					id: Number(f.ENTITY_ID),
				});
			}
			const found = await runner.run(
				[...owners.values()].map((o) => ({
					method: 'crm.timeline.comment.list',
					params: {
						filter: { ENTITY_TYPE: o.type, ENTITY_ID: o.id, '>=CREATED': since },
						select: ['ID', 'ENTITY_ID', 'ENTITY_TYPE', 'COMMENT'],
					},
				})),
			);
			const rows: Array<Record<string, unknown>> = [];
			for (const outcome of found) {
				if (!outcome.ok) throw outcome.error;
				if (Array.isArray(outcome.value))
					rows.push(...(outcome.value as Array<Record<string, unknown>>));
			}
			commands.forEach((c, i) => {
				const f = fieldsOf(c);
				const match = rows.find(
					(r) =>
						!used.has(toText(r.ID)) &&
						Number(r.ENTITY_ID) === Number(f.ENTITY_ID) &&
						toText(r.ENTITY_TYPE).toLowerCase() === toText(f.ENTITY_TYPE).toLowerCase() &&
						toText(r.COMMENT) === toText(f.COMMENT),
				);
				if (match) {
					used.add(toText(match.ID));
					result.set(i, Number(match.ID));
				}
			});
			return result;
		},
	};
}

async function existingIds(
	runner: CommandRunner,
	entity: Entity,
	ids: number[],
): Promise<Set<number>> {
	const present = new Set<number>();
	for (const part of chunk([...new Set(ids)], 50)) {
		for (const row of await listAll(runner, `crm.${entity}.list`, {
			filter: { '@ID': part },
			select: ['ID'],
		}))
			present.add(Number(row.ID));
	}
	return present;
}

/** `crm.*.delete`: the record is gone → the delete ran. */
export function deletedReconciler(entity: Entity): Reconciler {
	return {
		key: `deleted:${entity}`,
		async find(commands, runner) {
			const ids = commands.map((c) => Number(c.params.id ?? c.params.ID));
			const present = await existingIds(runner, entity, ids);
			const result = new Map<number, unknown>();
			ids.forEach((id, i) => {
				if (!present.has(id)) result.set(i, true);
			});
			return result;
		},
	};
}

const ENTITY_OF_TYPE: Record<number, Entity> = { 1: 'lead', 2: 'deal', 3: 'contact' };

/** `crm.entity.mergeBatch`: all but the first record gone → the merge ran. */
export const mergeReconciler: Reconciler = {
	key: 'merge',
	async find(commands, runner) {
		const result = new Map<number, unknown>();
		for (let i = 0; i < commands.length; i++) {
			const p = commands[i].params.params as { entityTypeId: number; entityIds: number[] };
			const entity = ENTITY_OF_TYPE[Number(p.entityTypeId)];
			if (!entity) continue;
			const others = p.entityIds.slice(1).map(Number);
			const present = await existingIds(runner, entity, others);
			if (present.size === 0) result.set(i, { STATUS: 'SUCCESS', ENTITY_IDS: others });
		}
		return result;
	},
};

/** `crm.*.userfield.update` adding list values: they are all there → the update ran. */
export function enumValuesReconciler(entity: Entity): Reconciler {
	return {
		key: `enum:${entity}`,
		async find(commands, runner) {
			const result = new Map<number, unknown>();
			for (let i = 0; i < commands.length; i++) {
				const field = (await runner.one({
					method: `crm.${entity}.userfield.get`,
					params: { id: commands[i].params.id },
				})) as { LIST?: Array<{ VALUE: string }> };
				const wanted = (
					(fieldsOf(commands[i]).LIST as Array<{ VALUE?: string; ID?: unknown }>) ?? []
				)
					.filter((v) => !v.ID)
					.map((v) => toText(v.VALUE));
				const have = new Set((field.LIST ?? []).map((v) => v.VALUE));
				if (wanted.every((v) => have.has(v))) result.set(i, true);
			}
			return result;
		},
	};
}

/** An update that appends phones or e-mails (items without ID): the values are there → it ran. */
export function appendedValuesReconciler(entity: Entity): Reconciler {
	return {
		key: `appended:${entity}`,
		async find(commands, runner) {
			const result = new Map<number, unknown>();
			const records = await runner.run(
				commands.map((c) => ({ method: `crm.${entity}.get`, params: { id: c.params.id } })),
			);
			commands.forEach((c, i) => {
				const outcome = records[i];
				if (!outcome.ok) return;
				const record = outcome.value as Record<string, unknown>;
				const fields = fieldsOf(c);
				const ran = ['PHONE', 'EMAIL', 'WEB', 'IM'].every((type) => {
					const appended = ((fields[type] as Array<{ ID?: unknown; VALUE?: unknown }>) ?? [])
						.filter((v) => !v.ID)
						.map((v) => toText(v.VALUE).trim());
					const have = new Set(
						((record[type] as Array<{ VALUE?: unknown }>) ?? []).map((v) => toText(v.VALUE).trim()),
					);
					return appended.every((v) => have.has(v));
				});
				if (ran) result.set(i, true);
			});
			return result;
		},
	};
}
