/** The portal's users (user.get): for distribution lists and responsible pickers. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listAll } from '../../../shared/crm/bitrix24/paging';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import type { ItemOutcome, Operation, OperationContext } from '../types';

export const getManyUsers: Operation = {
	description: [
		{
			displayName: 'Active Only',
			name: 'activeOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out deactivated (fired) users',
			displayOptions: displayFor('user', 'getMany'),
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(
			this,
			ctx.items.length,
			(i) => this.getNodeParameter('activeOnly', i, true) as boolean,
		);
		return await callEach(
			this,
			prepared,
			async (activeOnly) =>
				(await listAll(ctx.connection.runner, 'user.get', {
					sort: 'ID',
					order: 'ASC',
					...(activeOnly ? { FILTER: { ACTIVE: 'Y' } } : {}),
				})) as IDataObject[],
		);
	},
};
