import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { recordIdOf, type ItemOutcome, type OperationRun } from '../common';

/**
 * The lead operations that change existing leads (move, close, tag, assign, update) all end in one batched
 * `PATCH /api/v4/leads` of up to 250 leads: each builds its item's changes, this sends them together.
 */
export async function patchLeads(
	this: IExecuteFunctions,
	run: OperationRun,
	changesOf: (itemIndex: number) => Promise<Record<string, unknown>>,
	describe: (payload: Record<string, unknown>) => IDataObject = () => ({}),
): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i) => {
		const id = recordIdOf(this, 'leadId', 'lead', i);
		return { id, ...(await changesOf(i)) };
	});
	return sendItems(
		prepared,
		(payloads) => run.crm.patchLeads(payloads),
		(result, payload) => ({ id: Number(result.dealId), ...describe(payload) }),
	);
}
