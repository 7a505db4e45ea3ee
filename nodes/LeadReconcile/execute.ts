import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { getFunnelCrm, type FunnelCrm } from '../shared/crm';
import { stageWithSemantics } from '../shared/crm/stages';
import type { ContactMatch, CrmDeal, DealUpdate, ItemResult } from '../shared/crm/types';
import { crmLookupKeys, matchesByKey } from '../shared/funnel/dedup/crmMatch';
import { dedupKeysOf, type LeadKeys } from '../shared/funnel/dedup/dedupKeys';
import { doubleNote, personDoubles, type PersonDoubles } from '../shared/funnel/dedup/reconcile';
import { parseTags } from '../shared/funnel/tagging/tags';
import { crmCallError, crmItemError, errorItem } from '../shared/n8n/crmErrors';
import { itemFrom } from '../shared/n8n/items';

const KEPT = 0;
const DOUBLE = 1;

/**
 * Lead Dedup after writing ("Reconcile Doubles"): for the people whose deals were just written, the CRM is asked again
 * (one lookup for all items). Two executions that both took one person as new — queue-mode workers without a shared
 * claim store — leave two open deals (and two contacts) made within the window: the oldest deal stays; each later
 * one is tagged «Дубль», gets a note naming the deal that stays, and is closed as lost; on Bitrix24 the person's
 * later contacts are merged into the one that stays (amoCRM has no merge in its API: the second contact remains, its
 * deal closed). The end state has one live deal per person. Items whose deal stayed leave on the first output, items
 * whose deal was a double on the second, each with `reconciled`.
 */
export async function executeReconcile(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], []];
	const crm = getFunnelCrm(this);
	if (!crm) {
		throw new NodeOperationError(this.getNode(), 'Choose the CRM the deals were written to', {
			description: 'Pick amoCRM or Bitrix24 in the CRM parameter.',
		});
	}
	const windowMinutes = this.getNodeParameter('reconcileWindowMinutes', 0, 60) as number;
	const since = new Date(Date.now() - windowMinutes * 60_000).toISOString();
	const settings = {
		keys: ['phone', 'email'] as const,
		match: 'any' as const,
		byExternalId: false,
	};
	const written = items.map((_, i) => ({
		dealId: String(this.getNodeParameter('reconcileDealId', i, '') ?? ''),
		keys: dedupKeysOf(
			{
				phone: this.getNodeParameter('reconcilePhone', i, ''),
				email: this.getNodeParameter('reconcileEmail', i, ''),
			},
			{ ...settings, keys: [...settings.keys] },
		),
	}));

	let people: Array<PersonDoubles | null>;
	let results: WriteResults;
	try {
		people = await doublesOf(crm, written, since);
		results = await closeDoubles.call(this, crm, people);
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}

	items.forEach((item, i) => {
		const person = people[i];
		const failure = person ? results.failures.get(person.keepDeal.id) : undefined;
		if (failure) {
			if (!this.continueOnFail()) throw failure;
			outputs[KEPT].push(errorItem(failure, i));
			return;
		}
		const closed = person?.closeDeals.find((d) => d.id === written[i].dealId);
		const reconciled: IDataObject = person
			? {
					keptDealId: person.keepDeal.id,
					closedDealIds: person.closeDeals.map((d) => d.id),
					keptContactId: person.keepContactId,
					mergedContactIds: results.merged.get(person.keepDeal.id) ?? [],
				}
			: { doubles: false };
		const json = { ...item.json, reconciled };
		if (closed && person) {
			outputs[DOUBLE].push(
				itemFrom(
					{
						...json,
						duplicateOf: {
							where: 'crm',
							crm: crm.kind,
							entity: 'contact',
							contactId: person.keepContactId,
							dealId: person.keepDeal.id,
							dealName: person.keepDeal.name,
							responsibleUserId: person.keepDeal.responsibleUserId,
							stageSemantics: 'open',
							dealUrl: person.keepDeal.url,
							reconciled: true,
						},
					},
					i,
				),
			);
		} else outputs[KEPT].push(itemFrom(json, i));
	});
	return outputs;
}

/** One lookup for every written person; each item's person and their doubles (null: nothing to reconcile). */
async function doublesOf(
	crm: FunnelCrm,
	written: ReadonlyArray<{ keys: LeadKeys }>,
	since: string,
): Promise<Array<PersonDoubles | null>> {
	const lookup = crmLookupKeys(written.map((w) => w.keys));
	if (lookup.phones.length + lookup.emails.length === 0) return written.map(() => null);
	const byKey = matchesByKey(await crm.findContacts(lookup));
	return written.map(({ keys }) => {
		const matches = new Map<string, ContactMatch>();
		for (const key of keys.keys)
			for (const match of byKey.get(key.value) ?? [])
				matches.set(`${match.entity}:${match.contact.id}`, match);
		return personDoubles([...matches.values()], since);
	});
}

interface WriteResults {
	/** By kept deal: the first write the CRM refused for that person. */
	failures: Map<string, NodeApiError>;
	/** By kept deal: the contacts merged into the kept one. */
	merged: Map<string, string[]>;
}

/** Tags, notes and closes the doubles (each deal once, however many items found it), then merges contacts. */
async function closeDoubles(
	this: IExecuteFunctions,
	crm: FunnelCrm,
	people: ReadonlyArray<PersonDoubles | null>,
): Promise<WriteResults> {
	const results: WriteResults = { failures: new Map(), merged: new Map() };
	const byDouble = new Map<string, { deal: CrmDeal; person: PersonDoubles }>();
	const persons = new Map<string, PersonDoubles>();
	for (const person of people) {
		if (!person) continue;
		persons.set(person.keepDeal.id, person);
		for (const deal of person.closeDeals) byDouble.set(deal.id, { deal, person });
	}
	const doubles = [...byDouble.values()];
	const fail = (person: PersonDoubles, result: ItemResult<unknown>, what: string) => {
		if (result.ok || results.failures.has(person.keepDeal.id)) return;
		results.failures.set(
			person.keepDeal.id,
			crmItemError(this.getNode(), crm.kind, result.error, 0, what),
		);
	};
	if (doubles.length > 0) {
		const tags = parseTags(this.getNodeParameter('doubleTag', 0, 'Дубль'));
		if (tags.length > 0) {
			const tagged = await crm.addTags(doubles.map(({ deal }) => ({ dealId: deal.id, tags })));
			doubles.forEach(({ person }, k) => fail(person, tagged[k], 'tagging a double'));
		}
		const noted = await crm.addNotes(
			doubles.map(({ deal, person }) => ({ dealId: deal.id, text: doubleNote(person.keepDeal) })),
		);
		doubles.forEach(({ person }, k) => fail(person, noted[k], 'noting a double'));
		const pipelines = await crm.listPipelines();
		const updates: Array<{ update: DealUpdate; person: PersonDoubles }> = [];
		for (const { deal, person } of doubles) {
			const pipeline = pipelines.find((p) => p.id === deal.pipelineId);
			const lost = pipeline && stageWithSemantics(pipeline, 'lost');
			if (lost)
				updates.push({
					person,
					update: { id: deal.id, pipelineId: deal.pipelineId, stageId: lost.id },
				});
		}
		const closed = await crm.updateDeals(updates.map((u) => u.update));
		updates.forEach(({ person }, k) => fail(person, closed[k], 'closing a double'));
	}
	const merging = [...persons.values()].filter((p) => p.mergeContactIds.length > 0);
	if (
		crm.mergeContacts &&
		merging.length > 0 &&
		this.getNodeParameter('mergeDoubleContacts', 0, true)
	) {
		const merged = await crm.mergeContacts(
			merging.map((p) => ({ keepId: p.keepContactId, mergeIds: p.mergeContactIds })),
		);
		merging.forEach((person, k) => {
			const result = merged[k];
			fail(person, result, "merging the person's contacts");
			if (result.ok && result.value.status === 'merged')
				results.merged.set(person.keepDeal.id, person.mergeContactIds);
		});
	}
	return results;
}
