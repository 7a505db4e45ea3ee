import type { INodeProperties } from 'n8n-workflow';

import { displayFor } from '../../../shared/n8n/crmNode/display';

export const OWNER_TYPE_ID: Record<string, number> = { lead: 1, deal: 2, contact: 3 };

/** Which record an activity or comment belongs to. */
export function ownerFields(resource: string, operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Record Type',
			name: 'ownerType',
			type: 'options',
			options: [
				{ name: 'Contact', value: 'contact' },
				{ name: 'Deal', value: 'deal' },
				{ name: 'Lead', value: 'lead' },
			],
			default: 'deal',
			description: 'What kind of record it belongs to',
			displayOptions: displayFor(resource, operations),
		},
		{
			displayName: 'Record ID',
			name: 'ownerId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 1234',
			description: 'The ID of the lead, deal or contact',
			displayOptions: displayFor(resource, operations),
		},
	];
}
