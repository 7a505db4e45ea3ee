import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { allOf } from '../../shared/crm/amocrm/paging';
import type { ItemOutcome, Operation, OperationRun } from './common';

/**
 * The account's reference lists: pipelines with their stages, users, loss reasons. They do not depend on the
 * input, so they are read once and given to the first item only (more items would only repeat them).
 */
function once(read: (ctx: IExecuteFunctions, run: OperationRun) => Promise<IDataObject[]>) {
	return async function (this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
		const list = await read(this, run);
		return run.items.map((_, i) => ({ json: i === 0 ? list : [] }));
	};
}

const pipelineOutput: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{
			name: 'One Item per Pipeline',
			value: 'pipelines',
			description: 'Each pipeline with its stages in a list',
		},
		{
			name: 'One Item per Stage',
			value: 'stages',
			description: "Each stage with its pipeline: handy to find a stage's ID",
		},
	],
	default: 'pipelines',
	description: 'How the pipelines come out',
	displayOptions: { show: { resource: ['pipeline'], operation: ['getMany'] } },
};

export const pipelineOperations: Record<string, Operation> = {
	getMany: {
		description: [pipelineOutput],
		execute: once(async (ctx, run) => {
			const pipelines = await run.crm.listPipelines();
			if (ctx.getNodeParameter('output', 0, 'pipelines') === 'stages') {
				return pipelines.flatMap((p) =>
					p.stages.map((s) => ({
						pipelineId: Number(p.id),
						pipelineName: p.name,
						id: Number(s.id),
						name: s.name,
						status: s.semantics,
						isIncoming: s.isIncoming,
						label: `${p.name} > ${s.name}`,
					})),
				);
			}
			return pipelines.map((p) => ({
				id: Number(p.id),
				name: p.name,
				isMain: p.isMain,
				stages: p.stages.map((s) => ({
					id: Number(s.id),
					name: s.name,
					status: s.semantics,
					isIncoming: s.isIncoming,
				})),
			}));
		}),
	},
};

export const userOperations: Record<string, Operation> = {
	getMany: {
		description: [],
		execute: once(async (_ctx, run) =>
			allOf<IDataObject>(run.crm.transport, '/api/v4/users', 'users', { with: 'group' }),
		),
	},
};

export const lossReasonOperations: Record<string, Operation> = {
	getMany: {
		description: [],
		execute: once(async (_ctx, run) =>
			(await run.crm.listLossReasons()).map((r) => ({ id: Number(r.id), name: r.name })),
		),
	},
};

function getManyOperation(resource: string, what: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: `Get many ${what}`,
				description: `List the account's ${what}`,
			},
		],
		default: 'getMany',
	};
}

export const listProperties: INodeProperties[] = [
	getManyOperation('pipeline', 'pipelines'),
	pipelineOutput,
	getManyOperation('user', 'users'),
	getManyOperation('lossReason', 'loss reasons'),
];
