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
import { simplifyContacts, simplifyField } from '../simplify';
import { contactIdField } from './update';

export const description: INodeProperties[] = [
	...withDisplay([contactIdField], 'contact', ['get']),
	simplifyField('contact', ['get']),
];

/** Contact get: every item's contact in one request per 100 ids, with its leads. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) =>
		recordIdOf(this, 'contactId', 'contact', i),
	);
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	return sendItems(
		prepared,
		async (ids, itemIndexes) => {
			const read: IDataObject[] = [];
			for (const group of chunk([...new Set(ids)], 100))
				read.push(
					...(await allOf<IDataObject>(run.crm.transport, '/api/v4/contacts', 'contacts', {
						filter: { id: group },
						with: 'leads',
					})),
				);
			const found = new Map<number, IDataObject>();
			for (const contact of simplify ? await simplifyContacts(run.crm, read) : read)
				found.set(Number(contact.id), contact);
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
