/** A record's activities: calls, to-dos, meetings — all, or only open ones. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { listAll } from '../../../shared/crm/bitrix24/paging';
import { show } from '../common';
import type { ItemOutcome, Operation, OperationContext } from '../types';
import { OWNER_TYPE_ID, ownerFields } from './owner';

const on = show('activity', 'getMany');

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
		const asked = ctx.items.map((_, i): Query | NodeOperationError => {
			const ownerId = Number(String(this.getNodeParameter('ownerId', i, '')).trim());
			if (!Number.isInteger(ownerId) || ownerId <= 0)
				return new NodeOperationError(this.getNode(), 'Record ID must be a number', {
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
		const valid = asked
			.map((a, i) => ({ a, i }))
			.filter((x): x is { a: Query; i: number } => !(x.a instanceof Error));
		const pages = await ctx.connection.runner.run(
			valid.map((x) => ({ method: 'crm.activity.list', params: x.a })),
		);
		const results: ItemOutcome[] = asked.map((a) => ({
			error: a instanceof Error ? a : new Error('not run'),
		}));
		for (let n = 0; n < valid.length; n++) {
			const page = pages[n];
			if (!page.ok) {
				results[valid[n].i] = { error: page.error };
				continue;
			}
			const rows =
				page.next === undefined
					? (page.value as IDataObject[])
					: ((await listAll(
							ctx.connection.runner,
							'crm.activity.list',
							valid[n].a,
							100_000,
						)) as IDataObject[]);
			results[valid[n].i] = { json: rows };
		}
		return results;
	},
};
