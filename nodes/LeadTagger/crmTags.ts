import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type NodeApiError,
} from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import { normalizeName } from '../shared/funnel/name';
import { crmCallError, crmItemError } from '../shared/n8n/crmErrors';

/** What the node decided to add for one item (see TaggingDecision). */
export interface DecidedTags {
	itemIndex: number;
	tags: string[];
	added: string[];
}

/** For one item: the tags written to its deal, why nothing was written, or the CRM's refusal. */
export type CrmTagOutcome = { json: IDataObject } | { error: NodeApiError | NodeOperationError };

/**
 * Adds the decided tags to each item's deal in one batched call (amoCRM `tags_to_add`, 250 deals a request;
 * Bitrix24 reads the tags list field and writes back only the deals whose set grows). Tags are only ever added.
 * Items without a deal ID, or with nothing to add, are left as they are.
 */
export async function writeTagsToCrm(
	this: IExecuteFunctions,
	decisions: DecidedTags[],
): Promise<Map<number, CrmTagOutcome>> {
	const outcomes = new Map<number, CrmTagOutcome>();
	if (decisions.length === 0) return outcomes;
	const options = this.getNodeParameter('options', 0, {}) as { createMissingTags?: boolean };
	const crm = getFunnelCrm(this, {
		bitrix24: { createMissingTags: options.createMissingTags ?? false },
	});
	if (!crm) return outcomes;

	const writes: Array<{ itemIndex: number; dealId: string; tags: string[] }> = [];
	for (const decision of decisions) {
		const i = decision.itemIndex;
		const raw = normalizeName(this.getNodeParameter('dealId', i, ''));
		const tags =
			this.getNodeParameter('tagsToWrite', i, 'added') === 'all' ? decision.tags : decision.added;
		if (!raw) {
			outcomes.set(i, { json: { dealId: null, skipped: 'no deal ID' } });
		} else if (!/^\d+$/.test(raw)) {
			outcomes.set(i, {
				error: new NodeOperationError(this.getNode(), `"${raw}" is not a deal ID`, {
					itemIndex: i,
					description:
						'Map the number of the deal (amoCRM lead, Bitrix24 deal or lead) in "Deal ID", e.g. {{ $json.dealId }}.',
				}),
			});
		} else if (tags.length === 0) {
			outcomes.set(i, { json: { dealId: raw, tags: [], skipped: 'no tags to add' } });
		} else {
			writes.push({ itemIndex: i, dealId: raw, tags });
		}
	}
	if (writes.length === 0) return outcomes;
	let results;
	try {
		results = await crm.addTags(writes.map(({ dealId, tags }) => ({ dealId, tags })));
	} catch (error) {
		// The whole call failed (credential, rights, the CRM unreachable): every item that was to be written fails.
		const failure = crmCallError(this.getNode(), error);
		for (const write of writes) outcomes.set(write.itemIndex, { error: failure });
		return outcomes;
	}
	writes.forEach((write, k) => {
		const result = results[k];
		outcomes.set(
			write.itemIndex,
			result.ok
				? { json: { dealId: write.dealId, tags: write.tags } }
				: {
						error: crmItemError(
							this.getNode(),
							crm.kind,
							result.error,
							write.itemIndex,
							`tagging deal ${write.dealId}`,
						),
					},
		);
	});
	return outcomes;
}

/**
 * Writes "Fields to Write" into each item's deal, found by name (FunnelCrm.setFieldsByName: one read of the fields,
 * bulk updates). Items without a deal ID or without fields are left out.
 */
export async function writeFieldsToCrm(
	this: IExecuteFunctions,
	itemIndexes: number[],
): Promise<Map<number, CrmTagOutcome>> {
	const outcomes = new Map<number, CrmTagOutcome>();
	const writes: Array<{
		itemIndex: number;
		dealId: string;
		values: Record<string, string | null>;
	}> = [];
	for (const i of itemIndexes) {
		const rows = (
			this.getNodeParameter('crmFields.field', i, []) as Array<{ name?: string; value?: unknown }>
		).filter((row) => normalizeName(row.name));
		if (rows.length === 0) continue;
		const dealId = normalizeName(this.getNodeParameter('dealId', i, ''));
		if (!/^\d+$/.test(dealId)) {
			outcomes.set(i, { json: { dealId: dealId || null, skipped: 'no deal ID' } });
			continue;
		}
		const values = Object.fromEntries(
			rows.map((row) => {
				const value = row.value === undefined || row.value === null ? '' : String(row.value);
				return [normalizeName(row.name), value.trim() === '' ? null : value];
			}),
		);
		writes.push({ itemIndex: i, dealId, values });
	}
	if (writes.length === 0) return outcomes;
	const crm = getFunnelCrm(this);
	if (!crm) return outcomes;
	let results;
	try {
		results = await crm.setFieldsByName(writes.map(({ dealId, values }) => ({ dealId, values })));
	} catch (error) {
		const failure = crmCallError(this.getNode(), error);
		for (const write of writes) outcomes.set(write.itemIndex, { error: failure });
		return outcomes;
	}
	writes.forEach((write, k) => {
		const result = results[k];
		outcomes.set(
			write.itemIndex,
			result.ok
				? { json: { dealId: write.dealId, ...result.value } }
				: {
						error: crmItemError(
							this.getNode(),
							crm.kind,
							result.error,
							write.itemIndex,
							`filling the fields of deal ${write.dealId}`,
						),
					},
		);
	});
	return outcomes;
}
