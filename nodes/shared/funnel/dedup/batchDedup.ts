import type { DedupKey, LeadKeys } from './dedupKeys';
import { storedKey } from './dedupKeys';
import type { HistoryDuplicate, InputDuplicate } from './duplicateOf';

/**
 * Finds leads that repeat an earlier lead of the same input. One pass, a map from key to the first lead that
 * had it, and union-find over leads so chains collapse: A (phone 1) — B (phone 1, email 2) — C (email 2) are
 * one person and C points at A as the chain's first item. A repeated submission (same external id) is a
 * duplicate before any contact is compared.
 */
export function dedupWithinInput(leads: readonly LeadKeys[]): Array<InputDuplicate | null> {
	const firstWithKey = new Map<string, number>();
	const firstWithExternal = new Map<string, number>();
	const parent: number[] = [];
	const root = (i: number): number => {
		let r = i;
		while (parent[r] !== r) r = parent[r];
		// Path compression keeps chains of thousands flat.
		while (parent[i] !== r) {
			const next = parent[i];
			parent[i] = r;
			i = next;
		}
		return r;
	};

	const result: Array<InputDuplicate | null> = [];
	for (let i = 0; i < leads.length; i++) {
		parent[i] = i;
		const { keys, external } = leads[i];
		const externalValue = external ? storedKey(external) : null;
		const repeatOf = externalValue === null ? undefined : firstWithExternal.get(externalValue);
		if (repeatOf !== undefined && external) {
			parent[i] = root(repeatOf);
			result.push(inputDuplicate(external, repeatOf, root(repeatOf)));
			continue;
		}
		if (externalValue !== null) firstWithExternal.set(externalValue, i);

		let first: { key: DedupKey; itemIndex: number } | null = null;
		let chainStart = i;
		const matchedRoots: number[] = [];
		for (const key of keys) {
			const value = storedKey(key);
			const earlier = firstWithKey.get(value);
			if (earlier === undefined) {
				firstWithKey.set(value, i);
				continue;
			}
			first ??= { key, itemIndex: earlier };
			const r = root(earlier);
			matchedRoots.push(r);
			if (r < chainStart) chainStart = r;
		}
		// Join every chain this lead touches under the earliest one.
		for (const r of matchedRoots) parent[r] = chainStart;
		parent[i] = chainStart;
		result.push(first ? inputDuplicate(first.key, first.itemIndex, chainStart) : null);
	}
	return result;
}

function inputDuplicate(key: DedupKey, itemIndex: number, firstItemIndex: number): InputDuplicate {
	return { where: 'input', keyType: key.type, key: key.value, itemIndex, firstItemIndex };
}

/** Every distinct key of these leads, as stored in n8n's deduplication store, in first-seen order. */
export function storedKeysOf(leads: readonly LeadKeys[]): string[] {
	const keys = new Set<string>();
	for (const lead of leads) {
		if (lead.external) keys.add(storedKey(lead.external));
		for (const key of lead.keys) keys.add(storedKey(key));
	}
	return [...keys];
}

/**
 * Which of these leads an earlier execution already had: the store answered which keys it knew before this
 * call (`known`). The submission id is checked first, then the person's keys in order.
 */
export function matchHistory(lead: LeadKeys, known: ReadonlySet<string>): HistoryDuplicate | null {
	const candidates = lead.external ? [lead.external, ...lead.keys] : lead.keys;
	for (const key of candidates) {
		if (known.has(storedKey(key))) return { where: 'history', keyType: key.type, key: key.value };
	}
	return null;
}
