/**
 * Tags live in a multiple list field. Writing the field replaces its whole set, so adding or removing a tag is
 * read → change → write, touching only the tags asked for. A tag missing from the field's list is created only
 * when the user allows it (Options → Create Missing Tags); creating list values needs CRM administrator rights.
 */
import type { CommandRunner } from './commands';
import { enumValuesReconciler } from './reconcile';
import {
	loadFields,
	tagIds,
	type EntityFields,
	type FieldEntity,
	type ListField,
} from './fieldInfo';
import { Bitrix24Error } from './errors';
import { listAll } from './paging';

/** The new set of value ids: the current ones, plus `add`, minus `remove`, in a stable order. */
export function changedTagSet(current: string[], add: string[], remove: string[]): string[] {
	const removed = new Set(remove);
	return [...new Set([...current, ...add])].filter((id) => !removed.has(id));
}

export function sameSet(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((v) => b.includes(v));
}

/**
 * Makes sure every tag name has a value in the field, creating the missing ones (one request) and reloading the
 * field. Returns the field as it is now.
 */
export async function createMissingTagValues(
	runner: CommandRunner,
	entity: FieldEntity,
	field: ListField,
	names: string[],
): Promise<{ field: ListField; fields: EntityFields }> {
	const { missing } = tagIds(field, names);
	if (missing.length) {
		const [row] = await listAll(runner, `crm.${entity}.userfield.list`, {
			filter: { FIELD_NAME: field.name },
		});
		if (!row)
			throw new Bitrix24Error(
				'NOT_FOUND',
				`The field ${field.name} was not found among the user fields`,
				undefined,
				`crm.${entity}.userfield.list`,
			);
		await runner.one({
			method: `crm.${entity}.userfield.update`,
			params: { id: row.ID, fields: { LIST: missing.map((value) => ({ VALUE: value })) } },
			reconcile: enumValuesReconciler(entity),
		});
	}
	const fields = await loadFields(runner, entity);
	return { field: fields.lists.get(field.name) ?? field, fields };
}
