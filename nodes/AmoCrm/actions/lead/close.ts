import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplay } from '../../../shared/n8n/crmNode/display';
import {
	leadIdField,
	lossReasonLocator,
	pipelineLocator,
	refOf,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { closingTarget, lossReasonIdOf } from '../resolve';
import { patchLeads } from './patch';

const pipeline = pipelineLocator(
	{},
	'Leave empty to close the lead in its own pipeline; choose one to move it there while closing.',
);

export const wonDescription: INodeProperties[] = withDisplay([leadIdField, pipeline], 'lead', [
	'closeWon',
]);

export const lostDescription: INodeProperties[] = withDisplay(
	[leadIdField, lossReasonLocator(), pipeline],
	'lead',
	['closeLost'],
);

/** Close as won: stage 142 "Успешно реализовано". */
export async function executeWon(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	return patchLeads.call(
		this,
		run,
		async (i) => {
			const target = await closingTarget(this, run.crm, refOf(this, 'pipeline', i), 'won', i);
			return {
				status_id: 142,
				...(target.pipelineId ? { pipeline_id: Number(target.pipelineId) } : {}),
			};
		},
		() => ({ stageId: 142, closed: 'won' }),
	);
}

/** Close as lost: stage 143 "Закрыто и не реализовано" with a loss reason, which amoCRM keeps only there. */
export async function executeLost(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	return patchLeads.call(
		this,
		run,
		async (i) => {
			const target = await closingTarget(this, run.crm, refOf(this, 'pipeline', i), 'lost', i);
			const reason = await lossReasonIdOf(this, run.crm, refOf(this, 'lossReason', i), i);
			return {
				status_id: 143,
				...(target.pipelineId ? { pipeline_id: Number(target.pipelineId) } : {}),
				...(reason ? { loss_reason_id: Number(reason) } : {}),
			};
		},
		(payload) => ({
			stageId: 143,
			closed: 'lost',
			lossReasonId: (payload.loss_reason_id as number | undefined) ?? null,
		}),
	);
}
