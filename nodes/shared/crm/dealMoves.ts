/**
 * Where a funnel node sends a deal it moves or closes, named by the user: a stage name is looked up in the deal's
 * own pipeline first (the same name may exist in several pipelines), then across the account; a loss reason in the
 * deal's pipeline (a Bitrix24 reason can be a failure stage of that pipeline; an amoCRM reason goes with the
 * pipeline's lost stage 143). Pure: the update is built before any request.
 */
import { resolveLossReason, resolveStage, stageWithSemantics, type Resolved } from './stages';
import type { CrmDeal, CrmLossReason, CrmPipeline, CrmStage, DealUpdate } from './types';

export interface DealMove {
	update: DealUpdate;
	stage: CrmStage;
}

export function moveToStage(
	pipelines: CrmPipeline[],
	deal: Pick<CrmDeal, 'id' | 'pipelineId'>,
	stageRef: string,
): Resolved<DealMove> {
	const own = resolveStage(pipelines, { pipeline: deal.pipelineId, stage: stageRef });
	const stage = own.ok ? own : resolveStage(pipelines, { stage: stageRef });
	if (!stage.ok) return stage;
	return {
		ok: true,
		value: {
			stage: stage.value,
			update: { id: deal.id, pipelineId: stage.value.pipelineId, stageId: stage.value.id },
		},
	};
}

export function closeLost(
	pipelines: CrmPipeline[],
	reasons: CrmLossReason[],
	deal: Pick<CrmDeal, 'id' | 'pipelineId'>,
	reasonRef: string,
): Resolved<DealMove & { reason: CrmLossReason }> {
	const reason = resolveLossReason(reasons, reasonRef, deal.pipelineId);
	if (!reason.ok) return reason;
	const pipeline = pipelines.find((p) => p.id === deal.pipelineId);
	const stageId = reason.value.stageId ?? (pipeline && stageWithSemantics(pipeline, 'lost')?.id);
	const stage = pipeline?.stages.find((s) => s.id === stageId);
	if (!stage)
		return {
			ok: false,
			reason: `the pipeline "${pipeline?.name ?? deal.pipelineId}" has no lost stage`,
		};
	return {
		ok: true,
		value: {
			reason: reason.value,
			stage,
			update: {
				id: deal.id,
				pipelineId: deal.pipelineId,
				stageId: stage.id,
				lossReasonId: reason.value.id,
			},
		},
	};
}
