import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pagesOf } from '../../../shared/crm/amocrm/paging';
import type { QueryValue } from '../../../shared/crm/amocrm/query';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import { idOf, limitField, returnAllField, type ItemOutcome, type OperationRun } from '../common';

export const description: INodeProperties[] = withDisplay(
	[
		returnAllField,
		limitField,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Lead ID',
					name: 'leadId',
					type: 'string',
					default: '',
					description: 'Only the tasks of this lead',
				},
				{
					displayName: 'Responsible User Names or IDs',
					name: 'responsibleIds',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getUsers' },
					default: [],
					description:
						'Only tasks of these managers. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Any', value: 'any' },
						{ name: 'Completed', value: 'completed' },
						{ name: 'Open', value: 'open' },
					],
					default: 'open',
					description: 'Open (still to do) or completed tasks',
				},
			],
		},
	],
	'task',
	['getMany'],
);

/** Task list: amoCRM's filters, 250 a page. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => {
		const limit = this.getNodeParameter('returnAll', i, false)
			? Infinity
			: (this.getNodeParameter('limit', i, 50) as number);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const filter: Record<string, QueryValue> = {};
		if (filters.leadId) {
			filter.entity_type = 'leads';
			filter.entity_id = [idOf(this, filters.leadId, 'lead', i)];
		}
		if ((filters.responsibleIds as string[])?.length)
			filter.responsible_user_id = filters.responsibleIds as string[];
		const status = (filters.status as string) ?? 'open';
		if (status !== 'any') filter.is_completed = status === 'completed' ? 1 : 0;
		return { filter, limit };
	});
	return callEach(this, prepared, async ({ filter, limit }) => {
		const tasks: IDataObject[] = [];
		for await (const page of pagesOf<IDataObject>(run.crm.transport, '/api/v4/tasks', 'tasks', {
			filter,
			limit: Number.isFinite(limit) ? Math.min(250, limit) : 250,
		})) {
			tasks.push(...page.slice(0, limit - tasks.length));
			if (tasks.length >= limit) break;
		}
		return tasks;
	});
}
