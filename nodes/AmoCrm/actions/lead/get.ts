import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { allOf, chunk } from '../../../shared/crm/amocrm/paging';
import {
	idOf,
	leadIdField,
	perItem,
	withDisplay,
	type ItemOutcome,
	type OperationRun,
} from '../common';

export const description: INodeProperties[] = withDisplay([leadIdField], 'lead', ['get']);

/** Lead get: every item's lead in one request per 100 ids, with its contacts and loss reason. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const ids = perItem(run.items, (i) => idOf(this, this.getNodeParameter('leadId', i), 'lead', i));
	const wanted = [...new Set(ids.flatMap((r) => ('value' in r ? [r.value] : [])))];
	const found = new Map<number, IDataObject>();
	for (const group of chunk(wanted, 100)) {
		const leads = await allOf<IDataObject>(run.crm.transport, '/api/v4/leads', 'leads', {
			filter: { id: group },
			with: 'contacts,loss_reason',
		});
		for (const lead of leads) found.set(Number(lead.id), lead);
	}
	return ids.map((r, i) => {
		if ('error' in r) return r;
		const lead = found.get(r.value);
		return lead
			? { json: lead }
			: {
					error: new NodeOperationError(this.getNode(), `No lead ${r.value} in amoCRM`, {
						itemIndex: i,
						description: 'It may have been deleted, or belong to another account.',
					}),
				};
	});
}
