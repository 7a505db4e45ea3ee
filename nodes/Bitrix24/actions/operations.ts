/**
 * Every resource and operation of the Bitrix24 node: the selectors the user sees and the code that runs.
 * Lead, deal, contact and company share their record operations (record/*); the funnel ones (stages, tags, close)
 * apply to leads and deals; a company also has Find and its links (company/*).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { completeActivity } from './activity/complete';
import { createCall } from './activity/createCall';
import { createTodo } from './activity/createTodo';
import { getManyActivities } from './activity/getMany';
import { callMethod } from './apiCall/call';
import { createComment } from './comment/create';
import { findCompanies } from './company/find';
import { linkToContact, linkToDeal } from './company/link';
import { displayFor } from '../../shared/n8n/crmNode/display';
import { findDuplicates } from './duplicate/find';
import { mergeDuplicates } from './duplicate/merge';
import { getManyPipelines, getStages } from './pipeline/getMany';
import { createRecords } from './record/create';
import { changeTags, closeLost, closeWon, moveToStage } from './record/funnel';
import { getRecords } from './record/get';
import { getManyRecords } from './record/getMany';
import { assignRecords, deleteRecords, updateRecords } from './record/update';
import { hasFunnel, type Entity, type Operation } from './types';
import { getManyUsers } from './user/getMany';

function recordOperations(entity: Entity): Record<string, Operation> {
	const base: Record<string, Operation> = {
		assign: assignRecords(entity),
		create: createRecords(entity),
		delete: deleteRecords(entity),
		get: getRecords(entity),
		getMany: getManyRecords(entity),
		update: updateRecords(entity),
	};
	if (!hasFunnel(entity)) return base;
	return {
		...base,
		addTags: changeTags(entity, 'addTags'),
		closeLost: closeLost(entity),
		closeWon: closeWon(entity),
		moveToStage: moveToStage(entity),
		removeTags: changeTags(entity, 'removeTags'),
	};
}

export const OPERATIONS: Record<string, Record<string, Operation>> = {
	activity: { complete: completeActivity, createCall, createTodo, getMany: getManyActivities },
	apiCall: { call: callMethod },
	comment: { create: createComment },
	company: { ...recordOperations('company'), find: findCompanies, linkToContact, linkToDeal },
	contact: recordOperations('contact'),
	deal: recordOperations('deal'),
	duplicate: { find: findDuplicates, merge: mergeDuplicates },
	lead: recordOperations('lead'),
	pipeline: { getMany: getManyPipelines, getStages },
	user: { getMany: getManyUsers },
};

const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Activity (Call, To-Do)', value: 'activity' },
		{ name: 'API Call', value: 'apiCall', description: 'Any REST method, paced and batched' },
		{
			name: 'Company',
			value: 'company',
			description: 'B2B clients: find, create, link to deals and contacts',
		},
		{ name: 'Contact', value: 'contact' },
		{ name: 'Deal', value: 'deal' },
		{
			name: 'Duplicate',
			value: 'duplicate',
			description: 'Find leads and contacts with the same phone or e-mail; merge them',
		},
		{ name: 'Lead', value: 'lead' },
		{
			name: 'Pipeline',
			value: 'pipeline',
			description: 'Deal pipelines (categories) and lead statuses, with their stages',
		},
		{ name: 'Timeline Comment', value: 'comment' },
		{ name: 'User', value: 'user' },
	],
	default: 'lead',
};

function option(
	value: string,
	name: string,
	action: string,
	description: string,
): INodePropertyOptions {
	return { name, value, action, description };
}

function recordOperationOptions(entity: Entity): INodePropertyOptions[] {
	const word = entity;
	const plural = entity === 'company' ? 'companies' : `${entity}s`;
	const list = [
		option(
			'assign',
			'Assign',
			`Assign a ${word} to a manager`,
			`Set the responsible person of the ${word}`,
		),
		option('create', 'Create', `Create a ${word}`, `Create a new ${word}`),
		option('delete', 'Delete', `Delete a ${word}`, `Delete a ${word}`),
		option('get', 'Get', `Get a ${word}`, `Get a ${word} by ID`),
		option('getMany', 'Get Many', `Get many ${plural}`, `Search ${plural} by filters`),
		option(
			'update',
			'Update',
			`Update a ${word}`,
			`Change fields of a ${word}; phones and e-mails are added, not replaced`,
		),
	];
	if (entity === 'company')
		list.push(
			option('find', 'Find', 'Find companies', 'By name, phone or e-mail'),
			option(
				'linkToContact',
				'Link to Contact',
				'Link a company to a contact',
				"Add the company to the contact's companies",
			),
			option(
				'linkToDeal',
				'Link to Deal or Lead',
				'Link a company to a deal',
				'Make it the company of a deal or a lead',
			),
		);
	if (hasFunnel(entity)) {
		list.push(
			option('addTags', 'Add Tags', `Add tags to a ${word}`, 'Add tags, keeping the others'),
			option(
				'closeLost',
				'Close as Lost',
				`Close a ${word} as lost`,
				'Move to a failure stage with a loss reason',
			),
			option(
				'closeWon',
				'Close as Won',
				`Close a ${word} as won`,
				`Move to the success stage of the ${word}'s pipeline`,
			),
			option(
				'moveToStage',
				'Move to Stage',
				`Move a ${word} to a stage`,
				entity === 'deal'
					? 'Move to a stage by name or ID, in any pipeline'
					: 'Change the lead status by name or ID',
			),
			option('removeTags', 'Remove Tags', `Remove tags from a ${word}`, 'Remove these tags only'),
		);
	}
	return list.sort((a, b) => a.name.localeCompare(b.name));
}

function operationSelector(
	resource: string,
	options: INodePropertyOptions[],
	defaultValue: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultValue,
	};
}

const selectors: INodeProperties[] = [
	operationSelector('lead', recordOperationOptions('lead'), 'create'),
	operationSelector('deal', recordOperationOptions('deal'), 'create'),
	operationSelector('contact', recordOperationOptions('contact'), 'create'),
	operationSelector('company', recordOperationOptions('company'), 'find'),
	operationSelector(
		'activity',
		[
			option('complete', 'Complete', 'Complete an activity', 'Mark a call, to-do or meeting done'),
			option(
				'createCall',
				'Log Call',
				'Log a call',
				'Record a call with its result on a lead, deal or contact',
			),
			option('createTodo', 'Create To-Do', 'Create a to-do', 'Plan the next step with a deadline'),
			option('getMany', 'Get Many', 'Get many activities', 'The calls and to-dos of a record'),
		].sort((a, b) => a.name.localeCompare(b.name)),
		'createTodo',
	),
	operationSelector(
		'comment',
		[
			option(
				'create',
				'Create',
				'Create a timeline comment',
				'Add a comment to the timeline of a lead, deal or contact',
			),
		],
		'create',
	),
	operationSelector(
		'pipeline',
		[
			option('getMany', 'Get Many', 'Get many pipelines', 'Pipelines with their stages'),
			option('getStages', 'Get Stages', 'Get stages', 'The stages of one or every pipeline'),
		],
		'getMany',
	),
	operationSelector(
		'user',
		[option('getMany', 'Get Many', 'Get many users', "The portal's users")],
		'getMany',
	),
	operationSelector(
		'duplicate',
		[
			option('find', 'Find', 'Find duplicates', 'Leads and contacts with the same phone or e-mail'),
			option('merge', 'Merge', 'Merge duplicates', 'Merge records into the first one'),
		],
		'find',
	),
	operationSelector(
		'apiCall',
		[option('call', 'Call', 'Call a REST method', 'Any Bitrix24 REST method')],
		'call',
	),
];

const funnelOps = ['create', 'addTags', 'removeTags', 'closeLost', 'closeWon', 'moveToStage'];

/** Where tags and loss reasons live on this portal; shown where they matter. */
const fieldChoices: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: displayFor(['lead', 'deal'], funnelOps),
	options: [
		{
			displayName: 'Create Missing Tags',
			name: 'createMissingTags',
			type: 'boolean',
			default: false,
			description:
				'Whether to add tags the list field lacks to its values (needs CRM administrator rights); off: an unknown tag is an error',
		},
		{
			displayName: 'Loss Reason Field Name or ID',
			name: 'lossReasonField',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getListFields' },
			default: '',
			description:
				'A list field of loss reasons, besides the failure stages; empty: the one labelled "Причина…"/"Reason", if any. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Tags Field Name or ID',
			name: 'tagsField',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getListFields' },
			default: '',
			description:
				'The multiple list field that holds tags (Bitrix24 has no tags of its own); empty: UF_CRM_TAGS or the one labelled "Теги"/"Tags". Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	],
};

const connectionOptions: INodeProperties = {
	displayName: 'Connection',
	name: 'connectionOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Plan',
			name: 'plan',
			type: 'options',
			options: [
				{ name: 'Enterprise (250 Requests, 5 per Second)', value: 'enterprise' },
				{ name: 'Other Plans (50 Requests, 2 per Second)', value: 'standard' },
			],
			default: 'standard',
			description: "The portal's plan sets its request limit; the node paces itself under it",
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 5, maxValue: 120 },
			default: 60,
			description: 'How long to wait for one answer (Bitrix24 stops requests at 60 s)',
		},
	],
};

export const properties: INodeProperties[] = [
	resourceSelector,
	...selectors,
	...Object.values(OPERATIONS).flatMap((ops) => Object.values(ops).flatMap((op) => op.description)),
	fieldChoices,
	connectionOptions,
];
