import type { AccountState } from '../account';
import type { EntityType, Tag } from '../model';
import { isRecord, type ItemErrors } from '../validation';

/**
 * Tags on write (§3.8): `_embedded.tags` REPLACES the entity's set (`null` detaches all); `tags_to_add` /
 * `tags_to_delete` change it incrementally; when `_embedded.tags` is present it wins. Tags are given as `{id}`
 * or `{name}`; unknown names are created in the entity type's own dictionary.
 */
export function prepareTags(
	account: AccountState,
	entity: EntityType,
	item: Record<string, unknown>,
	errors: ItemErrors,
): ((current: number[]) => number[]) | undefined {
	const embedded = isRecord(item._embedded) ? item._embedded : undefined;
	if (embedded && 'tags' in embedded) {
		if (embedded.tags === null) return () => [];
		const refs = refsOf(account, entity, embedded.tags, errors, '_embedded.tags');
		return refs ? () => dedupe(refs.map((resolve) => resolve().id)) : undefined;
	}
	const toAdd =
		item.tags_to_add === undefined
			? []
			: refsOf(account, entity, item.tags_to_add, errors, 'tags_to_add');
	const toDelete =
		item.tags_to_delete === undefined ? [] : deleteRefsOf(item.tags_to_delete, errors);
	if (!toAdd || !toDelete) return undefined;
	if (toAdd.length === 0 && toDelete.length === 0) return undefined;
	return (current) => {
		const kept = current.filter((id) => {
			const tag = account.tags[entity].get(id);
			return !toDelete.some(
				(ref) =>
					ref.id === id || (tag && ref.name !== undefined && ref.name === tag.name.toLowerCase()),
			);
		});
		return dedupe([...kept, ...toAdd.map((resolve) => resolve().id)]);
	};
}

function refsOf(
	account: AccountState,
	entity: EntityType,
	list: unknown,
	errors: ItemErrors,
	path: string,
): Array<() => Tag> | undefined {
	if (!Array.isArray(list)) {
		errors.wrongType(path, 'array');
		return undefined;
	}
	const refs: Array<() => Tag> = [];
	list.forEach((ref, i) => {
		if (isRecord(ref) && ref.id !== undefined) {
			const tag = account.tags[entity].get(Number(ref.id));
			if (!tag) errors.notChoice(`${path}.${i}.id`);
			else refs.push(() => tag);
		} else if (isRecord(ref) && typeof ref.name === 'string' && ref.name.trim()) {
			const name = ref.name;
			const color = typeof ref.color === 'string' ? ref.color : null;
			refs.push(() => account.tagByName(entity, name, color));
		} else {
			errors.blank(`${path}.${i}.name`);
		}
	});
	return refs;
}

function deleteRefsOf(
	list: unknown,
	errors: ItemErrors,
): Array<{ id?: number; name?: string }> | undefined {
	if (!Array.isArray(list)) {
		errors.wrongType('tags_to_delete', 'array');
		return undefined;
	}
	return list.filter(isRecord).map((ref) => ({
		id: ref.id !== undefined ? Number(ref.id) : undefined,
		name: typeof ref.name === 'string' ? ref.name.trim().toLowerCase() : undefined,
	}));
}

function dedupe(ids: number[]): number[] {
	return [...new Set(ids)];
}

export function tagsOut(account: AccountState, entity: EntityType, ids: number[]) {
	return ids
		.map((id) => account.tags[entity].get(id))
		.filter((t): t is Tag => Boolean(t))
		.map((t) => ({ id: t.id, name: t.name, color: t.color }));
}
