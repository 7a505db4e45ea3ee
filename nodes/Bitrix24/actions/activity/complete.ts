/** Mark activities done (crm.activity.update COMPLETED=Y): safe to repeat. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { requireId } from '../common';
import type { Operation, OperationContext } from '../types';

export const completeActivity: Operation = {
	description: [
		{
			displayName: 'Activity ID',
			name: 'activityId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5678',
			description: 'The ID of the call, to-do or meeting',
			displayOptions: displayFor('activity', 'complete'),
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		const prepared = await readItems(this, ctx.items.length, (i) => ({
			method: 'crm.activity.update',
			params: {
				id: requireId.call(this, i, 'activity', 'activityId'),
				fields: { COMPLETED: 'Y' },
			},
		}));
		return await sendItems(
			prepared,
			(commands) => ctx.connection.runner.run(commands),
			(_v, command) => ({ id: String(command.params.id), completed: true }),
		);
	},
};
