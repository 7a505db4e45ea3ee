import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';

import type { FunnelCrm } from '../shared/crm';
import type { ItemResult } from '../shared/crm/types';
import { mergeGroups, repeatRequestNote } from '../shared/funnel/dedup/crmMatch';
import type { CrmDuplicate } from '../shared/funnel/dedup/duplicateOf';
import { parseTags } from '../shared/funnel/tagging/tags';
import { crmItemError } from '../shared/n8n/crmErrors';

/** What was done to the CRM for one duplicate, or why it failed. */
export interface ActionOutcome {
	actions: IDataObject;
	error?: NodeApiError;
}

export interface Wanted {
	tag: boolean;
	note: boolean;
	merge: boolean;
	/** Add the lead's phones and emails the CRM does not hold to the contact found. */
	contactDetails: boolean;
	/** Some item names a text to look for in its deal's notes (Options → Find a Note Containing). */
	noteMarker: boolean;
}

/**
 * The follow-ups on CRM duplicates, each batched over all items: the search for a marked note on each client's deal,
 * the tag on each deal (once per deal, however many leads found it), a note per lead (none where the marked note
 * is already there), the merge of a person's contacts (Bitrix24), and the lead's new phones and emails on the
 * contact. Returns, by item, what was done; an item whose write the CRM refused carries the CRM's error.
 */
export async function actOnCrmDuplicates(
	this: IExecuteFunctions,
	crm: FunnelCrm,
	items: INodeExecutionData[],
	duplicates: ReadonlyArray<CrmDuplicate | null>,
	wanted: Wanted,
	unknownKeys: ReadonlyArray<{ phones: string[]; emails: string[] }> = [],
): Promise<Map<number, ActionOutcome>> {
	const outcomes = new Map<number, ActionOutcome>();
	const outcomeOf = (i: number) => {
		let outcome = outcomes.get(i);
		if (!outcome) {
			outcome = { actions: {} };
			outcomes.set(i, outcome);
		}
		return outcome;
	};
	const fail = (i: number, result: ItemResult<unknown>, what: string) => {
		if (result.ok) return false;
		const outcome = outcomeOf(i);
		outcome.error ??= crmItemError(this.getNode(), crm.kind, result.error, i, what);
		return true;
	};
	const withDeal: number[] = [];
	duplicates.forEach((d, i) => {
		if (!d) return;
		if (d.dealId) withDeal.push(i);
		else if (wanted.tag || wanted.note)
			outcomeOf(i).actions.skipped = 'the client has no deal to tag or note';
	});

	// A note containing the item's marker means this was done before (an import run again): it is reported, and no
	// second note is written.
	const noted = new Set<number>();
	if (wanted.noteMarker && withDeal.length > 0) {
		const markers = new Map(
			withDeal
				.map((i) => [i, String(this.getNodeParameter('options.noteMarker', i, '') ?? '').trim()])
				.filter(([, marker]) => marker !== '') as Array<[number, string]>,
		);
		if (markers.size > 0) {
			const notes = await crm.listNotes([
				...new Set([...markers.keys()].map((i) => duplicates[i]!.dealId!)),
			]);
			for (const [i, marker] of markers) {
				const dealId = duplicates[i]!.dealId!;
				const note = (notes.get(dealId) ?? []).find((n) => n.text.includes(marker));
				if (!note) continue;
				outcomeOf(i).actions.noteFound = { dealId, noteId: note.id, createdAt: note.createdAt };
				noted.add(i);
			}
		}
	}

	if (wanted.tag && withDeal.length > 0) {
		const tagsOf = new Map(
			withDeal.map((i) => [i, parseTags(this.getNodeParameter('duplicateTag', i, 'Дубль'))]),
		);
		// One write per deal, with every tag any of its leads asked for.
		const byDeal = new Map<string, { tags: Set<string>; leads: number[] }>();
		for (const i of withDeal) {
			const dealId = duplicates[i]!.dealId!;
			const entry = byDeal.get(dealId) ?? { tags: new Set<string>(), leads: [] };
			tagsOf.get(i)!.forEach((t) => entry.tags.add(t));
			entry.leads.push(i);
			byDeal.set(dealId, entry);
		}
		const deals = [...byDeal.entries()].filter(([, e]) => e.tags.size > 0);
		const results = await crm.addTags(deals.map(([dealId, e]) => ({ dealId, tags: [...e.tags] })));
		deals.forEach(([, entry], k) => {
			for (const i of entry.leads)
				if (!fail(i, results[k], 'tagging the existing deal'))
					outcomeOf(i).actions.tagged = tagsOf.get(i)!;
		});
	}

	// A lead whose tagging failed gets no note: it leaves on the error output, and running it again must not note the
	// deal twice (a tag added twice is still one tag; a note is not).
	const toNote = withDeal.filter((i) => !outcomes.get(i)?.error && !noted.has(i));
	if (wanted.note && toNote.length > 0) {
		const notes = toNote.map((i) => {
			const text = String(this.getNodeParameter('noteText', i, '') ?? '').trim();
			return { dealId: duplicates[i]!.dealId!, text: text || repeatRequestNote(items[i].json) };
		});
		const results = await crm.addNotes(notes);
		toNote.forEach((i, k) => {
			const result = results[k];
			if (!fail(i, result, 'noting the existing deal') && result.ok)
				outcomeOf(i).actions.noteId = result.value.noteId;
		});
	}

	if (wanted.merge && crm.mergeContacts) {
		const groups = mergeGroups(duplicates);
		const results = groups.length
			? await crm.mergeContacts(groups.map(({ keepId, mergeIds }) => ({ keepId, mergeIds })))
			: [];
		groups.forEach((group, k) => {
			const result = results[k];
			for (const i of group.leads) {
				if (fail(i, result, "merging the client's contacts") || !result.ok) continue;
				outcomeOf(i).actions.merge = {
					status: result.value.status,
					keptContactId: group.keepId,
					mergedContactIds: group.mergeIds,
				};
			}
		});
	}
	if (wanted.contactDetails) {
		const toAdd = duplicates
			.map((d, i) => ({ d, i, keys: unknownKeys[i] }))
			.filter(
				({ d, i, keys }) =>
					d && keys && keys.phones.length + keys.emails.length > 0 && !outcomes.get(i)?.error,
			);
		if (toAdd.length > 0) {
			const results = await crm.addContactDetails(
				toAdd.map(({ d, i, keys }) => ({
					// After a merge the kept contact is the one that holds the person now.
					contactId: afterMerge(d!, outcomes.get(i)).contactId,
					entity: d!.entity,
					phones: keys.phones,
					emails: keys.emails,
				})),
			);
			toAdd.forEach(({ i }, k) => {
				const result = results[k];
				if (fail(i, result, 'adding the new phone or email to the contact') || !result.ok) return;
				const { phones, emails } = result.value;
				if (phones.length + emails.length > 0)
					outcomeOf(i).actions.contactDetailsAdded = { phones, emails };
			});
		}
	}
	return outcomes;
}

/** After a merge the contacts that joined the oldest no longer exist: the duplicate names the one that stayed. */
export function afterMerge(
	duplicate: CrmDuplicate,
	outcome: ActionOutcome | undefined,
): CrmDuplicate {
	const merge = outcome?.actions.merge as { status?: string; keptContactId?: string } | undefined;
	if (merge?.status !== 'merged' || !merge.keptContactId) return duplicate;
	return { ...duplicate, contactId: merge.keptContactId, contactIds: [merge.keptContactId] };
}
