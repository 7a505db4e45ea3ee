import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { allOf, chunk } from '../../../shared/crm/amocrm/paging';
import { idOf, perItem, withDisplay, type ItemOutcome, type OperationRun } from '../common';
import { contactIdField } from './update';

export const description: INodeProperties[] = withDisplay([contactIdField], 'contact', ['get']);

/** Contact get: every item's contact in one request per 100 ids, with its leads. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const ids = perItem(run.items, (i) =>
		idOf(this, this.getNodeParameter('contactId', i), 'contact', i),
	);
	const found = new Map<number, IDataObject>();
	for (const group of chunk(
		[...new Set(ids.flatMap((r) => ('value' in r ? [r.value] : [])))],
		100,
	)) {
		for (const contact of await allOf<IDataObject>(
			run.crm.transport,
			'/api/v4/contacts',
			'contacts',
			{ filter: { id: group }, with: 'leads' },
		)) {
			found.set(Number(contact.id), contact);
		}
	}
	return ids.map((r, i) => {
		if ('error' in r) return r;
		const contact = found.get(r.value);
		return contact
			? { json: contact }
			: {
					error: new NodeOperationError(this.getNode(), `No contact ${r.value} in amoCRM`, {
						itemIndex: i,
					}),
				};
	});
}
