import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { AmoCrmFunnel } from '../../shared/crm/amocrm';
import { nameKey, resolveLossReason, resolvePipeline, resolveStage } from '../../shared/crm/stages';
import type { CrmPipeline, CrmUser } from '../../shared/crm/types';
import type { Ref } from './common';

/**
 * Turns what the user chose (a name, an id, a list pick) into amoCRM ids. Names need the account's lists —
 * loaded once per execution by the catalog; ids never cost a request.
 */
export interface StageTarget {
	pipelineId?: string;
	stageId: string;
	stageName?: string;
}

const ID = /^\d+$/;
const PAIR = /^(\d+):(\d+)$/;

function fail(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): never {
	throw new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

export async function pipelineIdOf(
	ctx: IExecuteFunctions,
	crm: AmoCrmFunnel,
	ref: Ref | undefined,
	itemIndex: number,
): Promise<string | undefined> {
	if (!ref) return undefined;
	if (ref.mode !== 'name' && ID.test(ref.value)) return ref.value;
	const found = resolvePipeline(await crm.listPipelines(), ref.value);
	if (!found.ok)
		fail(
			ctx,
			itemIndex,
			`Pipeline not found: ${found.reason}`,
			'Pick the pipeline from the list, or type its name exactly as in amoCRM.',
		);
	return found.value.id;
}

/**
 * A stage by id (list picks within a pipeline), by "pipelineId:stageId" (list picks across pipelines) or by
 * name — looked up within the chosen pipeline, else in every pipeline (a name in several needs the pipeline).
 */
export async function stageTargetOf(
	ctx: IExecuteFunctions,
	crm: AmoCrmFunnel,
	pipelineRef: Ref | undefined,
	stageRef: Ref | undefined,
	itemIndex: number,
): Promise<StageTarget> {
	if (!stageRef) fail(ctx, itemIndex, 'No stage given', 'Choose the stage to move the lead to.');
	const pair = PAIR.exec(stageRef.value);
	if (pair) return { pipelineId: pair[1], stageId: pair[2] };
	const pipelineId =
		pipelineRef && pipelineRef.mode !== 'name' && ID.test(pipelineRef.value)
			? pipelineRef.value
			: undefined;
	if (stageRef.mode !== 'name' && ID.test(stageRef.value) && (pipelineId || !pipelineRef)) {
		return { pipelineId, stageId: stageRef.value };
	}
	const pipelines = await crm.listPipelines();
	const found = resolveStage(pipelines, { pipeline: pipelineRef?.value, stage: stageRef.value });
	if (!found.ok) {
		fail(
			ctx,
			itemIndex,
			`Stage not found: ${found.reason}`,
			'Type the stage name exactly as amoCRM shows it (case and ё/е do not matter), or pick it from the list.',
		);
	}
	const stage = found.value;
	// Won and lost repeat in every pipeline: without a chosen pipeline the lead stays in its own.
	const keepOwnPipeline = !pipelineRef && stage.semantics !== 'open';
	return {
		pipelineId: keepOwnPipeline ? undefined : stage.pipelineId,
		stageId: stage.id,
		stageName: stage.name,
	};
}

export async function userIdOf(
	ctx: IExecuteFunctions,
	crm: AmoCrmFunnel,
	ref: Ref | undefined,
	itemIndex: number,
): Promise<string | undefined> {
	if (!ref) return undefined;
	if (ref.mode !== 'name' && ID.test(ref.value)) return ref.value;
	const users = await crm.listUsersByName();
	const wanted = nameKey(ref.value);
	const matches = users.filter(
		(u: CrmUser) =>
			nameKey(u.name) === wanted || (u.email && u.email.toLowerCase() === ref.value.toLowerCase()),
	);
	if (matches.length === 1) return matches[0].id;
	const reason =
		matches.length > 1 ? `several users are called "${ref.value}"` : `no user "${ref.value}"`;
	return fail(
		ctx,
		itemIndex,
		`User not found: ${reason}`,
		`Users: ${users.map((u) => u.name).join(', ')}. Use the name, the email or pick from the list.`,
	);
}

export async function lossReasonIdOf(
	ctx: IExecuteFunctions,
	crm: AmoCrmFunnel,
	ref: Ref | undefined,
	itemIndex: number,
): Promise<string | undefined> {
	if (!ref) return undefined;
	if (ref.mode !== 'name' && ID.test(ref.value)) return ref.value;
	const found = resolveLossReason(await crm.listLossReasons(), ref.value);
	if (!found.ok)
		fail(
			ctx,
			itemIndex,
			`Loss reason not found: ${found.reason}`,
			'Type the reason exactly as in amoCRM, or pick it from the list.',
		);
	return found.value.id;
}

/** The won or lost stage of a pipeline, when one is chosen; else the lead's own pipeline keeps it. */
export async function closingTarget(
	ctx: IExecuteFunctions,
	crm: AmoCrmFunnel,
	pipelineRef: Ref | undefined,
	semantics: 'won' | 'lost',
	itemIndex: number,
): Promise<StageTarget> {
	const stageId = semantics === 'won' ? '142' : '143';
	const pipelineId = await pipelineIdOf(ctx, crm, pipelineRef, itemIndex);
	if (pipelineId) {
		const pipeline = (await crm.listPipelines()).find((p: CrmPipeline) => p.id === pipelineId);
		if (pipeline && !pipeline.stages.some((s) => s.id === stageId)) {
			fail(
				ctx,
				itemIndex,
				`Pipeline "${pipeline.name}" has no ${semantics} stage`,
				'Choose another pipeline.',
			);
		}
	}
	return { pipelineId, stageId };
}
