import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplay } from '../../../shared/n8n/crmNode/display';
import {
	leadIdField,
	pipelineLocator,
	refOf,
	stageLocator,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { stageTargetOf } from '../resolve';
import { patchLeads } from './patch';

export const description: INodeProperties[] = withDisplay(
	[
		leadIdField,
		pipelineLocator(
			{},
			'The pipeline to move into. Empty: the stage is looked for in every pipeline (a name found in several needs the pipeline).',
		),
		stageLocator({ required: true }),
	],
	'lead',
	['moveToStage'],
);

/** Move to stage: by name or id; a wrong name fails its item with the list of valid stages. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const names = new Map<string, string | undefined>();
	return patchLeads.call(
		this,
		run,
		async (i) => {
			const target = await stageTargetOf(
				this,
				run.crm,
				refOf(this, 'pipeline', i),
				refOf(this, 'stage', i),
				i,
			);
			names.set(target.stageId, target.stageName);
			return {
				status_id: Number(target.stageId),
				...(target.pipelineId ? { pipeline_id: Number(target.pipelineId) } : {}),
			};
		},
		(payload) => ({
			stageId: payload.status_id as number,
			...(payload.pipeline_id ? { pipelineId: payload.pipeline_id as number } : {}),
			...(names.get(String(payload.status_id))
				? { stageName: names.get(String(payload.status_id)) }
				: {}),
		}),
	);
}
