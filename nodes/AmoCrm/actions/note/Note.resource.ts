import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import * as create from './create';
import * as getMany from './getMany';

export const noteOperations: Record<string, Operation> = { create, getMany };

export const noteProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['note'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a note',
				description: "Add a text note or a call to a lead's or contact's feed",
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many notes',
				description: 'Read the notes or the call history of a lead or contact',
			},
		],
		default: 'create',
	},
	...Object.values(noteOperations).flatMap((op) => op.description),
];
