import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { prepareEach, sendPrepared } from '../batch';
import { idOf, leadIdField, withDisplay, type ItemOutcome, type OperationRun } from '../common';
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
	const prepared = await prepareEach(run.items, async (i) => ({
		contactId: String(idOf(this, this.getNodeParameter('contactId', i), 'contact', i)),
		dealId: String(idOf(this, this.getNodeParameter('leadId', i), 'lead', i)),
		isMain: this.getNodeParameter('isMain', i, false) as boolean,
	}));
	return sendPrepared(
		this,
		prepared,
		(links) => run.crm.linkContacts(links),
		(result, link) => ({
			leadId: Number(result.dealId),
			contactId: Number(result.contactId),
			isMain: link.isMain,
		}),
	);
}
