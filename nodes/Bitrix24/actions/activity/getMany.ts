/** A record's activities: calls, to-dos, meetings — all, or only open ones. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { listAll } from '../../../shared/crm/bitrix24/paging';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems, type SendResult } from '../../../shared/n8n/crmNode/items';
import type { Operation, OperationContext } from '../types';
import { OWNER_TYPE_ID, ownerFields } from './owner';

const on = displayFor('activity', 'getMany');

export const getManyActivities: Operation = {
	description: [
		...ownerFields('activity', ['getMany']),
		{
			displayName: 'Kind',
			name: 'kind',
			type: 'options',
			options: [
				{ name: 'All', value: 'all' },
				{ name: 'Calls', value: 'calls' },
				{ name: 'To-Dos', value: 'todos' },
			],
			default: 'all',
			description: 'Which activities to return',
			displayOptions: on,
		},
		{
			displayName: 'Open Only',
			name: 'openOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to leave out completed activities',
			displayOptions: on,
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext) {
		// One list per record; the first pages of all records go in one request.
		type Query = { filter: IDataObject; select: string[]; order: IDataObject };
		const prepared = await readItems(this, ctx.items.length, (i): Query => {
			const ownerId = Number(String(this.getNodeParameter('ownerId', i, '')).trim());
			if (!Number.isInteger(ownerId) || ownerId <= 0)
				throw new NodeOperationError(this.getNode(), 'Record ID must be a number', {
					itemIndex: i,
				});
			const kind = this.getNodeParameter('kind', i) as string;
			const filter: IDataObject = {
				OWNER_TYPE_ID: OWNER_TYPE_ID[this.getNodeParameter('ownerType', i) as string],
				OWNER_ID: ownerId,
			};
			if (kind === 'calls') filter.TYPE_ID = 2;
			if (kind === 'todos') filter.PROVIDER_ID = 'CRM_TODO';
			if (this.getNodeParameter('openOnly', i, false)) filter.COMPLETED = 'N';
			return { filter, select: ['*', 'COMMUNICATIONS'], order: { ID: 'ASC' } };
		});
		return await sendItems(
			prepared,
			async (queries): Promise<Array<SendResult<IDataObject[]>>> => {
				const { runner } = ctx.connection;
				const pages = await runner.run(
					queries.map((params) => ({ method: 'crm.activity.list', params })),
				);
				const results: Array<SendResult<IDataObject[]>> = [];
				for (const [n, page] of pages.entries()) {
					if (!page.ok) results.push(page);
					else if (page.next === undefined)
						results.push({ ok: true, value: page.value as IDataObject[] });
					else
						results.push({
							ok: true,
							value: (await listAll(
								runner,
								'crm.activity.list',
								queries[n],
								100_000,
							)) as IDataObject[],
						});
				}
				return results;
			},
			(rows) => rows,
		);
	},
};
