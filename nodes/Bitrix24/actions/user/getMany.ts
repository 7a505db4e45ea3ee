/** The portal's users (user.get): for distribution lists and responsible pickers. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listAll } from '../../../shared/crm/bitrix24/paging';
import { show } from '../common';
import type { ItemOutcome, Operation, OperationContext } from '../types';

export const getManyUsers: Operation = {
	description: [
		{
			displayName: 'Active Only',
			name: 'activeOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to leave out deactivated (fired) users',
			displayOptions: show('user', 'getMany'),
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const results: ItemOutcome[] = [];
		for (let i = 0; i < ctx.items.length; i++) {
			try {
				const activeOnly = this.getNodeParameter('activeOnly', i, true) as boolean;
				const rows = await listAll(ctx.connection.runner, 'user.get', {
					sort: 'ID',
					order: 'ASC',
					...(activeOnly ? { FILTER: { ACTIVE: 'Y' } } : {}),
				});
				results.push({ json: rows as IDataObject[] });
			} catch (error) {
				results.push({ error: error as Error });
			}
		}
		return results;
	},
};
