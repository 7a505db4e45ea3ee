import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { allOf, chunk } from '../../../shared/crm/amocrm/paging';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { recordIdOf, leadIdField, type ItemOutcome, type OperationRun } from '../common';
import { simplifyField, simplifyLeads } from '../simplify';

export const description: INodeProperties[] = [
	...withDisplay([leadIdField], 'lead', ['get']),
	simplifyField('lead', ['get']),
];

/** Lead get: every item's lead in one request per 100 ids, with its contacts and loss reason. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) =>
		recordIdOf(this, 'leadId', 'lead', i),
	);
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	return sendItems(
		prepared,
		async (ids, itemIndexes) => {
			const found = new Map<number, IDataObject>();
			for (const group of chunk([...new Set(ids)], 100)) {
				const leads = await allOf<IDataObject>(run.crm.transport, '/api/v4/leads', 'leads', {
					filter: { id: group },
					with: 'contacts,loss_reason',
				});
				const shown = simplify ? await simplifyLeads(run.crm, leads) : leads;
				for (const lead of shown) found.set(Number(lead.id), lead);
			}
			return ids.map((id, k) => {
				const lead = found.get(id);
				return lead
					? { ok: true, value: lead }
					: {
							ok: false,
							error: new NodeOperationError(this.getNode(), `No lead ${id} in amoCRM`, {
								itemIndex: itemIndexes[k],
								description: 'It may have been deleted, or belong to another account.',
							}),
						};
			});
		},
		(lead) => lead,
	);
}
