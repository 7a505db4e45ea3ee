import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as assignOperation from './assign';
import * as close from './close';
import * as create from './create';
import * as get from './get';
import * as getMany from './getMany';
import * as moveToStage from './moveToStage';
import * as tags from './tags';
import * as update from './update';

export const leadOperations: Record<string, Operation> = {
	addTags: { description: tags.addDescription, execute: tags.executeAdd },
	assign: assignOperation,
	closeLost: { description: close.lostDescription, execute: close.executeLost },
	closeWon: { description: close.wonDescription, execute: close.executeWon },
	create,
	get,
	getMany,
	moveToStage,
	removeTags: { description: tags.removeDescription, execute: tags.executeRemove },
	update,
};

export const leadOperationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['lead'] } },
	options: [
		{
			name: 'Add Tags',
			value: 'addTags',
			action: 'Add tags to a lead',
			description: "Add tags, keeping the lead's other tags",
		},
		{
			name: 'Assign Responsible',
			value: 'assign',
			action: 'Assign a lead to a manager',
			description: 'Make a manager responsible for the lead',
		},
		{
			name: 'Close as Lost',
			value: 'closeLost',
			action: 'Close a lead as lost',
			description: 'Move to "Закрыто и не реализовано" with a loss reason',
		},
		{
			name: 'Close as Won',
			value: 'closeWon',
			action: 'Close a lead as won',
			description: 'Move to "Успешно реализовано"',
		},
		{
			name: 'Create',
			value: 'create',
			action: 'Create a lead with its contact',
			description: 'Create a lead and its contact in one request',
		},
		{ name: 'Get', value: 'get', action: 'Get a lead', description: 'Get a lead by ID' },
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many leads',
			description: 'List leads by pipeline, stage, manager, tag or dates',
		},
		{
			name: 'Move to Stage',
			value: 'moveToStage',
			action: 'Move a lead to a stage',
			description: 'Move a lead to a stage by name or ID',
		},
		{
			name: 'Remove Tags',
			value: 'removeTags',
			action: 'Remove tags from a lead',
			description: 'Take tags off, keeping the others',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a lead',
			description: "Change a lead's name, price or custom fields",
		},
	],
	default: 'create',
};

export const leadProperties: INodeProperties[] = [
	leadOperationField,
	...Object.values(leadOperations).flatMap((op) => op.description),
];
