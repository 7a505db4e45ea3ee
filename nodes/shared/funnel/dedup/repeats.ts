import type { DuplicateOf } from './duplicateOf';
import { repeatRequestNote } from './crmMatch';

/** A later request of the same person in the same input, as carried by the person's first request. */
export interface RepeatSummary {
	itemIndex: number;
	name?: unknown;
	phone?: unknown;
	email?: unknown;
	message?: unknown;
	source?: unknown;
	channel?: unknown;
	form?: unknown;
	externalId?: unknown;
	receivedAt?: unknown;
}

const CARRIED = [
	'name',
	'phone',
	'email',
	'message',
	'source',
	'channel',
	'form',
	'externalId',
	'receivedAt',
] as const;

/**
 * The repeats of each person's first request in this input (a JSON array with the same person twice, a chat
 * delivery with several messages from one chat): by the first item's index, the later items of its chain. The first
 * request carries them, so whatever deal it ends up with — a new one, or the client's deal found in the CRM — gets
 * them as a note, and no repeat needs a deal of its own.
 */
export function repeatsByFirst(
	duplicates: ReadonlyArray<DuplicateOf | null>,
	leads: ReadonlyArray<Record<string, unknown>>,
): Map<number, RepeatSummary[]> {
	const byFirst = new Map<number, RepeatSummary[]>();
	duplicates.forEach((duplicate, i) => {
		if (duplicate?.where !== 'input') return;
		const summary: RepeatSummary = { itemIndex: i };
		for (const field of CARRIED)
			if (leads[i][field] !== undefined) summary[field] = leads[i][field];
		const list = byFirst.get(duplicate.firstItemIndex) ?? [];
		list.push(summary);
		byFirst.set(duplicate.firstItemIndex, list);
	});
	return byFirst;
}

/** What a manager reads about the repeats: one block per later request, as the note of a repeated request. */
export function repeatsNote(
	repeats: readonly RepeatSummary[],
	leads: ReadonlyArray<Record<string, unknown>>,
): string {
	return repeats.map((r) => repeatRequestNote(leads[r.itemIndex])).join('\n\n');
}
