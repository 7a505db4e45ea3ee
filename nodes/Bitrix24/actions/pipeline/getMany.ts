/** Pipelines (deal categories, or the lead funnel) with their stages: what "stage names" refer to. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { show } from '../common';
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
	displayOptions: show('pipeline', operations),
});

export const getManyPipelines: Operation = {
	description: [entityParameter(['getMany'])],
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const results: ItemOutcome[] = [];
		for (let i = 0; i < ctx.items.length; i++) {
			try {
				const pipelines = await ctx
					.funnel(this.getNodeParameter('funnelOf', i) as 'lead' | 'deal')
					.listPipelines();
				results.push({ json: pipelines as unknown as IDataObject[] });
			} catch (error) {
				results.push({ error: error as Error });
			}
		}
		return results;
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
		const results: ItemOutcome[] = [];
		for (let i = 0; i < ctx.items.length; i++) {
			try {
				const entity = this.getNodeParameter('funnelOf', i) as 'lead' | 'deal';
				const category =
					entity === 'deal' ? String(this.getNodeParameter('categoryId', i, '') ?? '') : '';
				const pipelines = await ctx.funnel(entity).listPipelines();
				const stages = pipelines
					.filter((p) => category === '' || p.id === category)
					.flatMap((p) => p.stages.map((s) => ({ ...s, pipelineName: p.name })));
				results.push({ json: stages as unknown as IDataObject[] });
			} catch (error) {
				results.push({ error: error as Error });
			}
		}
		return results;
	},
};
