/**
 * Tags on Bitrix24 live in a multiple list field: read the field's current values, change them, write back only
 * the records whose set changed (one write per record however many items name it).
 */
import type { ItemResult } from '../types';
import type { Command, CommandOutcome } from './commands';
import { Bitrix24Error } from './errors';
import { tagIds, type ListField } from './fieldInfo';
import { chunk, rowsOf } from './paging';
import { toText } from './parse';
import { failure, type Bitrix24Scope } from './scope';
import { changedTagSet, sameSet } from './tags';

/** Read the tag field, change it, write it back — only where it changes. */
export async function changeTags(
	scope: Bitrix24Scope,
	items: Array<{ dealId: string; tags: string[] }>,
	mode: 'add' | 'remove',
): Promise<Array<ItemResult<{ dealId: string }>>> {
	const runner = await scope.runner();
	const results: Array<ItemResult<{ dealId: string }> | undefined> = new Array(items.length);
	let field: ListField;
	try {
		field = (await scope.tagsField(true)) as ListField;
	} catch (error) {
		return items.map(() => failure(error as Bitrix24Error));
	}
	const wanted = new Map<number, string[]>();
	let current: Map<string, string[]>;
	try {
		for (let i = 0; i < items.length; i++) {
			if (mode === 'add') {
				const ids = await scope.resolveTagValues(items[i].tags);
				if (!ids.ok) results[i] = failure({ message: ids.error, code: 'TAG_NOT_FOUND' });
				else wanted.set(i, ids.ids);
			} else {
				wanted.set(i, tagIds(field, items[i].tags).ids);
			}
		}
		field = ((await scope.tagsField(true)) ?? field) as ListField;
		const ids = [...new Set(items.filter((_, i) => wanted.has(i)).map((it) => it.dealId))];
		current = await currentTagValues(scope, ids, field.name);
	} catch (error) {
		// The tag values or the current tags could not be read (the portal kept failing): no deal was written,
		// each item not yet answered says so (the batch contract: one result per item, never a throw).
		const reason =
			error instanceof Bitrix24Error
				? error
				: { message: error instanceof Error ? error.message : String(error) };
		return items.map((_, i) => results[i] ?? failure(reason));
	}
	const writes: Array<{ index: number; command: Command }> = [];
	for (const [i, tagValueIds] of wanted) {
		const have = current.get(items[i].dealId);
		if (!have) {
			results[i] = failure({
				message: `${scope.entity === 'deal' ? 'Deal' : 'Lead'} ${items[i].dealId} was not found`,
				code: 'RECORD_NOT_FOUND',
			});
			continue;
		}
		const next =
			mode === 'add' ? changedTagSet(have, tagValueIds, []) : changedTagSet(have, [], tagValueIds);
		current.set(items[i].dealId, next);
		if (sameSet(next, have)) results[i] = { ok: true, value: { dealId: items[i].dealId } };
		else
			writes.push({
				index: i,
				command: {
					method: `crm.${scope.entity}.update`,
					params: { id: Number(items[i].dealId), fields: { [field.name]: next } },
				},
			});
	}
	// Two items for the same deal: the last write carries both changes.
	const lastWrite = new Map<string, number>();
	writes.forEach((w, n) => lastWrite.set(items[w.index].dealId, n));
	const toSend = writes.filter((w, n) => lastWrite.get(items[w.index].dealId) === n);
	const outcomes = await runner.run(
		toSend.map((w) => ({
			...w.command,
			params: {
				...w.command.params,
				fields: { [field.name]: current.get(items[w.index].dealId) },
			},
		})),
	);
	const byDeal = new Map<string, CommandOutcome>();
	toSend.forEach((w, n) => byDeal.set(items[w.index].dealId, outcomes[n]));
	for (const w of writes) {
		const outcome = byDeal.get(items[w.index].dealId) as CommandOutcome;
		results[w.index] = outcome.ok
			? { ok: true, value: { dealId: items[w.index].dealId } }
			: failure(outcome.error);
	}
	return results as Array<ItemResult<{ dealId: string }>>;
}

async function currentTagValues(
	scope: Bitrix24Scope,
	ids: string[],
	fieldName: string,
): Promise<Map<string, string[]>> {
	const runner = await scope.runner();
	const method = `crm.${scope.entity}.list`;
	const answers = await runner.run(
		chunk(ids).map((part) => ({
			method,
			params: { filter: { '@ID': part }, select: ['ID', fieldName], start: -1 },
		})),
	);
	const result = new Map<string, string[]>();
	for (const answer of answers) {
		if (!answer.ok) throw answer.error;
		for (const row of rowsOf(answer.value)) {
			const value = row[fieldName];
			result.set(
				toText(row.ID),
				Array.isArray(value) ? value.map(String) : value ? [String(value)] : [],
			);
		}
	}
	return result;
}
