import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { leadIdField, refOf, userLocator, type ItemOutcome, type OperationRun } from '../common';
import { userIdOf } from '../resolve';
import { patchLeads } from './patch';

export const description: INodeProperties[] = withDisplay(
	[
		leadIdField,
		userLocator(
			'responsible',
			'Responsible User',
			'The manager who takes the lead: by name, email or from the list',
			{ required: true },
		),
	],
	'lead',
	['assign'],
);

/** Assign responsible: the lead's manager changes; amoCRM notifies both. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	return patchLeads.call(
		this,
		run,
		async (i) => {
			const user = await userIdOf(this, run.crm, refOf(this, 'responsible', i), i);
			if (!user)
				throw new NodeOperationError(this.getNode(), 'No responsible user given', {
					itemIndex: i,
					description: 'Choose the manager who takes the lead.',
				});
			return { responsible_user_id: Number(user) };
		},
		(payload) => ({ responsibleUserId: payload.responsible_user_id as number }),
	);
}
