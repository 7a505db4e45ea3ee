/** How a call finds its deal in the CRM, and where the deal's earlier calls are counted from. */
import type { INodeProperties } from 'n8n-workflow';

import { dropdownDeps, withCrm } from './shared';

export const dealProperties: INodeProperties[] = [
	{
		displayName: 'Find the Deal By',
		name: 'dealLookup',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Client's Phone",
				value: 'phone',
				description: "Find the contact by the call's number and take their open deal",
			},
			{ name: 'Deal ID', value: 'id', description: 'The deal (lead in amoCRM) ID is in the item' },
		],
		default: 'phone',
		description: 'How the call is matched to its deal in the CRM',
		displayOptions: withCrm,
	},
	{
		displayName: 'Deal ID',
		name: 'dealId',
		type: 'string',
		default: '={{ $json.dealId }}',
		placeholder: 'e.g. {{ $json.body.entity_id }}',
		description: "The deal's ID in the CRM (amoCRM lead ID, Bitrix24 deal or lead ID)",
		displayOptions: { show: { dealLookup: ['id'] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Pipeline Name or ID',
		name: 'pipeline',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPipelineNames', loadOptionsDependsOn: dropdownDeps },
		default: '',
		description:
			'Only deals of this pipeline are taken when a client has several (empty: the most recently updated open deal). A name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { dealLookup: ['phone'] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Attempt History From',
		name: 'historySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'A Field',
				value: 'field',
				description: 'A number of earlier calls, or a list of calls, that you keep yourself',
			},
			{
				name: 'CRM Call History',
				value: 'crm',
				description: "The deal's calls in the CRM (amoCRM call notes, Bitrix24 call activities)",
			},
		],
		default: 'crm',
		description:
			'Where the earlier calls to this client are counted from (with CRM "None", use a field)',
	},
	{
		displayName: 'Earlier Calls',
		name: 'historyField',
		type: 'json',
		default: '={{ $json.callAttempts ?? 0 }}',
		description:
			'How many calls were made before this one (a number), or the calls themselves: [{ "at": "2026-03-14T10:00:00Z", "outcome": "no_answer" }]. Outcomes: answered, no_answer, busy, rejected, unreachable, wrong_number.',
		displayOptions: { show: { historySource: ['field'] } },
	},
];
