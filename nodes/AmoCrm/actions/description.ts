import type { INodeProperties } from 'n8n-workflow';

import { companyProperties } from './company/Company.resource';
import { contactProperties } from './contact/Contact.resource';
import { incomingProperties } from './incoming/Incoming.resource';
import { leadProperties } from './lead/Lead.resource';
import { listProperties } from './lists';
import { noteProperties } from './note/Note.resource';
import { requestProperties } from './request/custom';
import { taskProperties } from './task/Task.resource';

const authentication: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'Long-Lived Token',
			value: 'longLivedToken',
			description: "A private integration's token: simplest, and nothing to refresh",
		},
		{
			name: 'OAuth2',
			value: 'oAuth2',
			description: "An integration connected through amoCRM's consent page",
		},
	],
	default: 'longLivedToken',
	description: 'How n8n signs in to amoCRM',
};

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Company', value: 'company' },
		{ name: 'Contact', value: 'contact' },
		{ name: 'Custom API Call', value: 'request' },
		{ name: 'Incoming Lead (Неразобранное)', value: 'incomingLead' },
		{ name: 'Lead', value: 'lead' },
		{ name: 'Loss Reason', value: 'lossReason' },
		{ name: 'Note', value: 'note' },
		{ name: 'Pipeline', value: 'pipeline' },
		{ name: 'Task', value: 'task' },
		{ name: 'User', value: 'user' },
	],
	default: 'lead',
	description:
		'What to work with: leads (сделки) move through pipelines; contacts are the people; companies are B2B clients',
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: {
		show: {
			resource: ['lead'],
			operation: [
				'update',
				'moveToStage',
				'addTags',
				'removeTags',
				'closeWon',
				'closeLost',
				'assign',
			],
		},
	},
	options: [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 250 },
			default: 250,
			description:
				'Leads changed per request (amoCRM allows 250). Halved automatically when amoCRM answers 504 to a heavy batch.',
		},
	],
};

/** Every parameter of the amoCRM node, in the order the editor shows them. */
export const amoCrmProperties: INodeProperties[] = [
	authentication,
	resource,
	...leadProperties,
	...contactProperties,
	...companyProperties,
	...incomingProperties,
	...taskProperties,
	...noteProperties,
	...listProperties,
	...requestProperties,
	options,
];
