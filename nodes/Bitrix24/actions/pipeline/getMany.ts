/** Pipelines (deal categories, or the lead funnel) with their stages: what "stage names" refer to. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { displayFor } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import type { ItemOutcome, Operation, OperationContext } from '../types';

const entityParameter = (operations: string[]): INodeProperties => ({
	displayName: 'Of',
	name: 'funnelOf',
	type: 'options',
	options: [
		{ name: 'Deals', value: 'deal' },
		{ name: 'Leads', value: 'lead' },
	],
	default: 'deal',
	description: 'Deal pipelines (categories), or the lead statuses',
	displayOptions: displayFor('pipeline', operations),
});

export const getManyPipelines: Operation = {
	description: [entityParameter(['getMany'])],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(
			this,
			ctx.items.length,
			(i) => this.getNodeParameter('funnelOf', i) as 'lead' | 'deal',
		);
		return await callEach(
			this,
			prepared,
			async (entity) => (await ctx.funnel(entity).listPipelines()) as unknown as IDataObject[],
		);
	},
};

export const getStages: Operation = {
	description: [
		entityParameter(['getStages']),
		{
			displayName: 'Pipeline Name or ID',
			name: 'categoryId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getCategories' },
			default: '',
			description:
				'The deal pipeline; empty: every pipeline. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: {
				show: { resource: ['pipeline'], operation: ['getStages'], funnelOf: ['deal'] },
			},
		},
	],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, ctx.items.length, (i) => {
			const entity = this.getNodeParameter('funnelOf', i) as 'lead' | 'deal';
			const category =
				entity === 'deal' ? String(this.getNodeParameter('categoryId', i, '') ?? '') : '';
			return { entity, category };
		});
		return await callEach(this, prepared, async ({ entity, category }) => {
			const pipelines = await ctx.funnel(entity).listPipelines();
			return pipelines
				.filter((p) => category === '' || p.id === category)
				.flatMap((p) =>
					p.stages.map((s) => ({ ...s, pipelineName: p.name })),
				) as unknown as IDataObject[];
		});
	},
};
