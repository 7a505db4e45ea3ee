import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../common';
import { description as createDescription, executeFromCall, executeFromForm } from './create';
import {
	acceptDescription,
	declineDescription,
	executeAccept,
	executeDecline,
	executeGetMany,
	getManyDescription,
} from './manage';

/** Incoming leads (Неразобранное): requests waiting in a pipeline's first column to be accepted or declined. */
export const incomingOperations: Record<string, Operation> = {
	accept: { description: acceptDescription, execute: executeAccept },
	createFromCall: { description: [], execute: executeFromCall },
	createFromForm: { description: createDescription, execute: executeFromForm },
	decline: { description: declineDescription, execute: executeDecline },
	getMany: { description: getManyDescription, execute: executeGetMany },
};

export const incomingProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['incomingLead'] } },
		options: [
			{
				name: 'Accept',
				value: 'accept',
				action: 'Accept an incoming lead',
				description: 'Take it into the pipeline: a stage and a manager',
			},
			{
				name: 'Create From Call',
				value: 'createFromCall',
				action: 'Create an incoming lead from a call',
				description: 'A call waits in "Incoming leads" with its number, time and recording',
			},
			{
				name: 'Create From Form',
				value: 'createFromForm',
				action: 'Create an incoming lead from a form',
				description:
					'A form request waits in "Incoming leads"; amoCRM\'s duplicate control and Digital Pipeline apply',
			},
			{
				name: 'Decline',
				value: 'decline',
				action: 'Decline an incoming lead',
				description: 'Remove it (spam, a test)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many incoming leads',
				description: 'The incoming leads still waiting, by kind and pipeline',
			},
		],
		default: 'createFromForm',
	},
	...Object.values(incomingOperations).flatMap((op) => op.description),
];
