import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { recordIdOf, leadIdField, type ItemOutcome, type OperationRun } from '../common';
import { contactIdField } from './update';

export const description: INodeProperties[] = withDisplay(
	[
		contactIdField,
		leadIdField,
		{
			displayName: 'Main Contact',
			name: 'isMain',
			type: 'boolean',
			default: false,
			description: "Whether this becomes the lead's main contact",
		},
	],
	'contact',
	['linkToLead'],
);

/** Link to lead: up to 250 links per request; linking an already linked pair changes nothing. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i) => ({
		contactId: String(recordIdOf(this, 'contactId', 'contact', i)),
		dealId: String(recordIdOf(this, 'leadId', 'lead', i)),
		isMain: this.getNodeParameter('isMain', i, false) as boolean,
	}));
	return sendItems(
		prepared,
		(links) => run.crm.linkContacts(links),
		(result, link) => ({
			leadId: Number(result.dealId),
			contactId: Number(result.contactId),
			isMain: link.isMain,
		}),
	);
}
