import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as create from './create';
import * as find from './find';
import * as get from './get';
import * as linkToLead from './link';
import * as update from './update';

export const contactOperations: Record<string, Operation> = {
	create,
	find,
	get,
	linkToLead,
	update,
};

export const contactProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a contact',
				description: 'Create a contact with phone and email',
			},
			{
				name: 'Find by Phone or Email',
				value: 'find',
				action: 'Find contacts by phone or email',
				description: 'Exact match on the normalised phone or email',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a contact',
				description: 'Get a contact by ID with its leads',
			},
			{
				name: 'Link to Lead',
				value: 'linkToLead',
				action: 'Link a contact to a lead',
				description: 'Attach a contact to a lead',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a contact',
				description: "Change a contact's name, phones, emails, fields or tags",
			},
		],
		default: 'find',
	},
	...Object.values(contactOperations).flatMap((op) => op.description),
];
