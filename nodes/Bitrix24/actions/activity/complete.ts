/** Mark activities done (crm.activity.update COMPLETED=Y): safe to repeat. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { prepare, requireId, runPerItem, show } from '../common';
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
			displayOptions: show('activity', 'complete'),
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		const prepared = prepare(ctx.items.length, (i) => ({
			command: {
				method: 'crm.activity.update',
				params: {
					id: requireId.call(this, i, 'activity', 'activityId'),
					fields: { COMPLETED: 'Y' },
				},
			},
		}));
		return await runPerItem(
			(c) => ctx.connection.runner.run(c),
			prepared,
			(_v, i) => ({ id: String(this.getNodeParameter('activityId', i)), completed: true }),
		);
	},
};
