import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as complete from './complete';
import * as create from './create';
import * as getMany from './getMany';

export const taskOperations: Record<string, Operation> = { complete, create, getMany };

export const taskProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Complete',
				value: 'complete',
				action: 'Complete a task',
				description: 'Mark a task as done with its result',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a task',
				description: 'Plan the next step on a lead (a call, a meeting)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many tasks',
				description: 'List tasks of a lead or of managers',
			},
		],
		default: 'create',
	},
	...Object.values(taskOperations).flatMap((op) => op.description),
];
