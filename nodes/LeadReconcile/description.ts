import type { INodeProperties } from 'n8n-workflow';

import { crmCredentials, crmProperties } from '../shared/n8n/crmChoice';

export const leadReconcileCredentials = crmCredentials;

export const leadReconcileProperties: INodeProperties[] = [
	...crmProperties({ description: 'The CRM the deals were just written to' }),
	{
		displayName: 'Deal Just Written',
		name: 'reconcileDealId',
		type: 'string',
		default: '={{ $json.id }}',
		description:
			'The ID of the deal the workflow has just created for this lead, as the CRM node that made it outputs it',
	},
	{
		displayName: 'Phone',
		name: 'reconcilePhone',
		type: 'string',
		default: '={{ $json.phone }}',
		placeholder: "e.g. {{ $('Lead Dedup').item.json.phone }}",
		description: "The lead's phone, in any format: the person is looked up by it",
	},
	{
		displayName: 'Email',
		name: 'reconcileEmail',
		type: 'string',
		default: '={{ $json.email }}',
		placeholder: "e.g. {{ $('Lead Dedup').item.json.email }}",
		description: "The lead's email: the person is looked up by it too",
	},
	{
		displayName: 'Written Within (Minutes)',
		name: 'reconcileWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description:
			'Only deals and contacts created this recently count as doubles, e.g. 60. Older deals of the person are never touched.',
	},
	{
		displayName: 'Tag',
		name: 'doubleTag',
		type: 'string',
		default: 'Дубль',
		description:
			"The tag a closed double gets (several comma-separated; empty: none). On Bitrix24 each must be a value of the deals' tags list field.",
	},
	{
		displayName: 'Merge the Double Contacts',
		name: 'mergeDoubleContacts',
		type: 'boolean',
		default: true,
		description:
			'Whether the contacts of the person made within the window are merged into the one that stays (crm.entity.mergeBatch). amoCRM has no merge in its API.',
		displayOptions: { show: { crm: ['bitrix24'] } },
	},
];
