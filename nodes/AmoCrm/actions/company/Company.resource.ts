import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as create from './create';
import * as find from './find';
import { executeGet, executeGetMany, getDescription, getManyDescription } from './get';
import {
	contactDescription,
	executeLinkToContact,
	executeLinkToLead,
	leadDescription,
} from './link';
import * as update from './update';

/** Companies (компании): B2B clients, with their leads and the people who work there. */
export const companyOperations: Record<string, Operation> = {
	create,
	find,
	get: { description: getDescription, execute: executeGet },
	getMany: { description: getManyDescription, execute: executeGetMany },
	linkToContact: { description: contactDescription, execute: executeLinkToContact },
	linkToLead: { description: leadDescription, execute: executeLinkToLead },
	update,
};

export const companyProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a company',
				description: 'Create a company with its phone and email',
			},
			{
				name: 'Find',
				value: 'find',
				action: 'Find companies',
				description: 'Find companies by name, phone or email, exactly',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a company',
				description: 'Get a company by ID with its leads and contacts',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many companies',
				description: 'List companies by search text, manager or dates',
			},
			{
				name: 'Link to Contact',
				value: 'linkToContact',
				action: 'Link a company to a contact',
				description:
					'Make the person an employee of the company (a contact belongs to one company)',
			},
			{
				name: 'Link to Lead',
				value: 'linkToLead',
				action: 'Link a company to a lead',
				description: 'Attach the company to a lead (a lead has one company)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a company',
				description: "Change a company's name, phones, emails, fields or tags",
			},
		],
		default: 'find',
	},
	...Object.values(companyOperations).flatMap((op) => op.description),
];
