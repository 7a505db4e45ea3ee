import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { allOf, chunk } from '../../../shared/crm/amocrm/paging';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { recordIdOf, type ItemOutcome, type OperationRun } from '../common';
import { contactIdField } from './update';

export const description: INodeProperties[] = withDisplay([contactIdField], 'contact', ['get']);

/** Contact get: every item's contact in one request per 100 ids, with its leads. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) =>
		recordIdOf(this, 'contactId', 'contact', i),
	);
	return sendItems(
		prepared,
		async (ids, itemIndexes) => {
			const found = new Map<number, IDataObject>();
			for (const group of chunk([...new Set(ids)], 100)) {
				for (const contact of await allOf<IDataObject>(
					run.crm.transport,
					'/api/v4/contacts',
					'contacts',
					{ filter: { id: group }, with: 'leads' },
				)) {
					found.set(Number(contact.id), contact);
				}
			}
			return ids.map((id, k) => {
				const contact = found.get(id);
				return contact
					? { ok: true, value: contact }
					: {
							ok: false,
							error: new NodeOperationError(this.getNode(), `No contact ${id} in amoCRM`, {
								itemIndex: itemIndexes[k],
							}),
						};
			});
		},
		(contact) => contact,
	);
}
