/**
 * The funnel operations on leads and deals: move to a stage by name or ID (deals: across pipelines too, with one
 * crm.item.update each), close won, close lost with a reason (a failure stage and/or the loss-reason list field,
 * plus an optional comment), and tags added or removed without wiping the others.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { nameKey, resolveLossReason, stageWithSemantics } from '../../../shared/crm/stages';
import type { CrmDeal, CrmPipeline, DealUpdate } from '../../../shared/crm/types';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import {
	checkItems,
	readItems,
	sendItems,
	type SendResult,
} from '../../../shared/n8n/crmNode/items';
import {
	categoryLocator,
	locatorValue,
	namesList,
	recordId,
	requireId,
	stageParameter,
	tagsParameter,
} from '../common';
import type { Operation, OperationContext } from '../types';

type FunnelEntity = 'lead' | 'deal';

const STAGE_HINT = 'Choose the stage from the list, or check its spelling and the pipeline';

export function moveToStage(entity: FunnelEntity): Operation {
	const description: INodeProperties[] = [recordId(entity, ['moveToStage'])];
	if (entity === 'deal')
		description.push(
			categoryLocator(
				['moveToStage'],
				'The pipeline the stage is in; a deal in another pipeline is moved there. Empty: the stage name is looked up in every pipeline.',
			),
		);
	description.push(stageParameter(entity, ['moveToStage'], true));
	return {
		description,
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const funnel = ctx.funnel(entity);
			// Every stage is found before any deal moves: a stage that is not there stops the node first.
			const prepared = await readItems(this, ctx.items.length, async (i): Promise<DealUpdate> => {
				const id = String(requireId.call(this, i, entity));
				const stage = locatorValue.call(this, 'stage', i);
				if (!stage)
					throw new NodeOperationError(this.getNode(), 'Choose the stage to move to', {
						itemIndex: i,
					});
				const pipelineId =
					entity === 'deal' ? locatorValue.call(this, 'category', i) || undefined : undefined;
				const place = await funnel.resolvePlacement(pipelineId, stage);
				if (!place.ok)
					throw new NodeOperationError(this.getNode(), place.error, {
						itemIndex: i,
						description: STAGE_HINT,
					});
				return { id, stageId: place.stageId, pipelineId };
			});
			const stages = (await funnel.listPipelines()).flatMap((p) => p.stages);
			return await sendItems(
				prepared,
				(updates) => funnel.updateDeals(updates),
				(_done, update) => {
					const stage = stages.find((s) => s.id === update.stageId);
					return {
						id: update.id,
						stageId: update.stageId as string,
						stageName: stage?.name ?? (update.stageId as string),
						...(entity === 'deal' ? { pipelineId: stage?.pipelineId ?? null } : {}),
					};
				},
			);
		},
	};
}

/** The deals' own pipelines, read in one go for the items that did not name one. */
async function currentPipelines(
	ctx: OperationContext,
	entity: FunnelEntity,
	ids: string[],
): Promise<Map<string, CrmDeal>> {
	return ids.length ? await ctx.funnel(entity).getDeals(ids) : new Map();
}

function pipelineOf(pipelines: CrmPipeline[], ref: string | undefined): CrmPipeline | undefined {
	return ref
		? pipelines.find((p) => p.id === ref || nameKey(p.name) === nameKey(String(ref)))
		: undefined;
}

export function closeWon(entity: FunnelEntity): Operation {
	const description: INodeProperties[] = [recordId(entity, ['closeWon'])];
	if (entity === 'deal')
		description.push(
			categoryLocator(['closeWon'], "The deal's pipeline; empty: read from the deal"),
		);
	return {
		description,
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const pipelines = await ctx.funnel(entity).listPipelines();
			const asked = await readItems(this, ctx.items.length, (i) => ({
				id: String(requireId.call(this, i, entity)),
				pipeline: entity === 'deal' ? locatorValue.call(this, 'category', i) : 'LEAD',
			}));
			const prepared = await checkItems(this, asked, async (records, itemIndexes) => {
				const current = await currentPipelines(
					ctx,
					entity,
					records.filter((r) => !r.pipeline).map((r) => r.id),
				);
				return records.map((r, k): DealUpdate | Error => {
					const pipeline = pipelineOf(pipelines, r.pipeline || current.get(r.id)?.pipelineId);
					const won = pipeline && stageWithSemantics(pipeline, 'won');
					if (!won)
						return new NodeOperationError(
							this.getNode(),
							`${entity === 'deal' ? 'Deal' : 'Lead'} ${r.id} was not found or its pipeline has no success stage`,
							{ itemIndex: itemIndexes[k] },
						);
					return { id: r.id, pipelineId: pipeline.id, stageId: won.id };
				});
			});
			return await sendItems(
				prepared,
				(updates) => ctx.funnel(entity).updateDeals(updates),
				(_done, update) => ({ id: update.id, stageId: update.stageId as string, won: true }),
			);
		},
	};
}

/** A close as lost, checked: the update, the comment for the timeline, the reason's name for the output. */
interface Closing {
	update: DealUpdate;
	comment: string;
	reason: string;
}

export function closeLost(entity: FunnelEntity): Operation {
	const on = displayFor(entity, 'closeLost');
	const description: INodeProperties[] = [recordId(entity, ['closeLost'])];
	if (entity === 'deal')
		description.push(
			categoryLocator(
				['closeLost'],
				"The deal's pipeline, to find the reason in; empty: read from the deal when the reason's name is in several pipelines",
			),
		);
	description.push(
		{
			displayName: 'Loss Reason Name or ID',
			name: 'reason',
			type: 'options',
			typeOptions: {
				loadOptionsMethod: 'getLossReasons',
				loadOptionsDependsOn: ['category.value'],
			},
			required: true,
			default: '',
			description:
				'Why it was lost, e.g. "Не дозвонились более 3 раз": a failure stage, or a value of the loss-reason list field (then the record goes to its pipeline\'s lost stage). A reason name works too. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: on,
		},
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description:
				entity === 'lead'
					? 'Written to the status details (STATUS_DESCRIPTION)'
					: "Written to the deal's timeline",
			displayOptions: on,
		},
	);
	return {
		description,
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const funnel = ctx.funnel(entity);
			const reasons = await funnel.listLossReasons();
			const pipelines = await funnel.listPipelines();
			const named = (reason: string) =>
				reasons.filter((r) => r.id === reason || nameKey(r.name) === nameKey(reason));
			const asked = await readItems(this, ctx.items.length, (i) => {
				const id = String(requireId.call(this, i, entity));
				const reason = String(this.getNodeParameter('reason', i, '') ?? '').trim();
				if (!reason)
					throw new NodeOperationError(this.getNode(), 'Choose the loss reason', { itemIndex: i });
				return {
					id,
					reason,
					pipeline: entity === 'deal' ? locatorValue.call(this, 'category', i) : '',
					comment: String(this.getNodeParameter('comment', i, '') ?? '').trim(),
				};
			});
			const prepared = await checkItems(this, asked, async (closes, itemIndexes) => {
				// A reason name found in several pipelines ("Сделка провалена") is chosen within the deal's own pipeline.
				const current = await currentPipelines(
					ctx,
					entity,
					closes.filter((c) => !c.pipeline && named(c.reason).length > 1).map((c) => c.id),
				);
				return closes.map((c, k): Closing | Error => {
					const pipelineId = pipelineOf(pipelines, c.pipeline || current.get(c.id)?.pipelineId)?.id;
					const reason = resolveLossReason(reasons, c.reason, pipelineId);
					if (!reason.ok)
						return new NodeOperationError(this.getNode(), reason.reason, {
							itemIndex: itemIndexes[k],
							description:
								'Pick the reason from the list; reasons are failure stages or values of the loss-reason field',
						});
					const update: DealUpdate = {
						id: c.id,
						lossReasonId: reason.value.id,
						pipelineId,
						...(entity === 'lead' && c.comment
							? { fields: { STATUS_DESCRIPTION: c.comment } }
							: {}),
					};
					return { update, comment: c.comment, reason: reason.value.name };
				});
			});
			return await sendItems(
				prepared,
				async (closes) => {
					const done: Array<SendResult<unknown>> = await funnel.updateDeals(
						closes.map((c) => c.update),
					);
					if (entity !== 'deal') return done;
					// The comment goes to the timeline of each deal that was closed.
					const noted = closes.flatMap((c, n) => (c.comment && done[n].ok ? [n] : []));
					const written = await funnel.addNotes(
						noted.map((n) => ({ dealId: closes[n].update.id, text: closes[n].comment })),
					);
					noted.forEach((n, k) => {
						const note = written[k];
						if (!note.ok)
							done[n] = {
								ok: false,
								error: new Error(
									`The deal was closed, but its comment failed: ${note.error.message}`,
								),
							};
					});
					return done;
				},
				(_done, { update, reason }) => ({
					id: update.id,
					lost: true,
					reasonId: update.lossReasonId as string,
					reason,
				}),
			);
		},
	};
}

export function changeTags(entity: FunnelEntity, mode: 'addTags' | 'removeTags'): Operation {
	return {
		description: [
			recordId(entity, [mode]),
			tagsParameter(
				entity,
				[mode],
				mode === 'addTags'
					? "Tags to add; the record's other tags stay."
					: "Tags to remove; the record's other tags stay.",
			),
		],
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const funnel = ctx.funnel(entity);
			const prepared = await readItems(this, ctx.items.length, async (i) => {
				const tags = namesList(this.getNodeParameter('tags', i, []));
				if (!tags.length)
					throw new NodeOperationError(this.getNode(), 'No tags given', {
						itemIndex: i,
						description: 'Choose tags, or give names with an expression',
					});
				const dealId = String(requireId.call(this, i, entity));
				if (mode === 'addTags') {
					const known = await funnel.resolveTagValues(tags, { create: false });
					if (!known.ok)
						throw new NodeOperationError(this.getNode(), known.error, {
							itemIndex: i,
							description:
								'Add the tag to the list field in Bitrix24, or turn on Options → Create Missing Tags',
						});
				}
				return { dealId, tags };
			});
			return await sendItems(
				prepared,
				(changes) => (mode === 'addTags' ? funnel.addTags(changes) : funnel.removeTags(changes)),
				(_done, { dealId, tags }) => ({
					id: dealId,
					[mode === 'addTags' ? 'added' : 'removed']: tags,
				}),
			);
		},
	};
}
