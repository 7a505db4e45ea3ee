/** Plan a to-do on a record (crm.activity.todo.add): the next step with a deadline, shown in the manager's counters. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { Command } from '../../../shared/crm/bitrix24/commands';
import { todoReconciler } from '../../../shared/crm/bitrix24/reconcile';
import { toApiDateTime } from '../../../shared/crm/bitrix24/parse';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { locatorValue, responsibleLocator } from '../common';
import type { Operation, OperationContext } from '../types';
import { OWNER_TYPE_ID, ownerFields } from './owner';

const on = displayFor('activity', 'createTodo');

export const createTodo: Operation = {
	description: [
		...ownerFields('activity', ['createTodo']),
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Перезвонить клиенту',
			description: 'What to do',
			displayOptions: on,
		},
		{
			displayName: 'Deadline',
			name: 'deadline',
			type: 'dateTime',
			required: true,
			default: '',
			description:
				'When it is due, e.g. {{ $now.plus(20, "minutes") }} for a first call within 20 minutes',
			displayOptions: on,
		},
		responsibleLocator('activity', ['createTodo']),
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'Details for the manager',
			displayOptions: on,
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		// Clocks differ: look back a few minutes when checking whether a to-do with a lost answer was made.
		const reconcile = todoReconciler(
			toApiDateTime(new Date(Date.now() - 5 * 60_000).toISOString()),
		);
		const prepared = await readItems(this, ctx.items.length, (i): Command => {
			const ownerId = Number(String(this.getNodeParameter('ownerId', i, '')).trim());
			if (!Number.isInteger(ownerId) || ownerId <= 0)
				throw new NodeOperationError(this.getNode(), 'Record ID must be a number', {
					itemIndex: i,
				});
			const title = String(this.getNodeParameter('title', i, '')).trim();
			if (!title)
				throw new NodeOperationError(this.getNode(), 'A to-do needs a title', { itemIndex: i });
			const deadlineRaw = String(this.getNodeParameter('deadline', i, '') ?? '');
			const deadline = Date.parse(deadlineRaw);
			if (Number.isNaN(deadline))
				throw new NodeOperationError(this.getNode(), `"${deadlineRaw}" is not a date and time`, {
					itemIndex: i,
					description: 'Give the deadline as a date and time, e.g. {{ $now.plus(1, "day") }}',
				});
			const responsible = locatorValue.call(this, 'responsible', i);
			return {
				method: 'crm.activity.todo.add',
				params: {
					ownerTypeId: OWNER_TYPE_ID[this.getNodeParameter('ownerType', i) as string],
					ownerId,
					deadline: toApiDateTime(new Date(deadline).toISOString()),
					title,
					description: String(this.getNodeParameter('description', i, '')),
					...(responsible ? { responsibleId: Number(responsible) } : {}),
				},
				reconcile,
			};
		});
		return await sendItems(
			prepared,
			(commands) => ctx.connection.runner.run(commands),
			(value, _command, i) => ({
				id: String((value as { id?: unknown })?.id ?? value),
				ownerType: this.getNodeParameter('ownerType', i) as string,
				ownerId: String(this.getNodeParameter('ownerId', i)),
			}),
		);
	},
};
