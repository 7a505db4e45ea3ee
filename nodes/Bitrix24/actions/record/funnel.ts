/**
 * The funnel operations on leads and deals: move to a stage by name or ID (deals: across pipelines too, with one
 * crm.item.update each), close won, close lost with a reason (a failure stage and/or the loss-reason list field,
 * plus an optional comment), and tags added or removed without wiping the others.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { nameKey, resolveLossReason, stageWithSemantics } from '../../../shared/crm/stages';
import type { CrmDeal, DealUpdate, ItemResult } from '../../../shared/crm/types';
import {
	categoryLocator,
	locatorValue,
	namesList,
	recordId,
	requireId,
	show,
	stageParameter,
	tagsParameter,
} from '../common';
import type { ItemOutcome, Operation, OperationContext } from '../types';

type FunnelEntity = 'lead' | 'deal';

/** Runs per-item DealUpdates through the FunnelCrm, keeping items whose parameters failed out of it. */
async function applyUpdates(
	ctx: OperationContext,
	entity: FunnelEntity,
	updates: Array<DealUpdate | Error>,
): Promise<Array<ItemResult<unknown> | Error>> {
	const valid = updates
		.map((u, i) => ({ u, i }))
		.filter((x): x is { u: DealUpdate; i: number } => !(x.u instanceof Error));
	const done = await ctx.funnel(entity).updateDeals(valid.map((x) => x.u));
	const out: Array<ItemResult<unknown> | Error> = updates.map((u) =>
		u instanceof Error ? u : new Error('not run'),
	);
	valid.forEach((x, n) => (out[x.i] = done[n]));
	return out;
}

/** Codes the adapter gives for problems found before anything was sent (the user's input, not the API). */
const INPUT_PROBLEMS = new Set([
	'STAGE_NOT_FOUND',
	'TAG_NOT_FOUND',
	'REASON_NOT_FOUND',
	'NO_TAGS_FIELD',
	'RECORD_NOT_FOUND',
]);

function mixed(
	results: Array<ItemResult<unknown> | Error>,
	json: (i: number) => IDataObject,
	node: IExecuteFunctions,
): ItemOutcome[] {
	return results.map((r, i) => {
		if (r instanceof Error) return { error: r };
		if (r.ok) return { json: json(i) };
		const { message, code, httpCode, description } = r.error;
		if (code && INPUT_PROBLEMS.has(code))
			return {
				error: new NodeOperationError(node.getNode(), message, { itemIndex: i, description }),
			};
		return {
			error: new NodeApiError(node.getNode(), { message, code: code ?? '' } as JsonObject, {
				message: `Bitrix24 ${message}`,
				description,
				httpCode: httpCode ? String(httpCode) : undefined,
				itemIndex: i,
			}),
		};
	});
}

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
			const updates: Array<DealUpdate | Error> = [];
			for (let i = 0; i < ctx.items.length; i++) {
				try {
					const id = String(requireId.call(this, i, entity));
					const stage = String(this.getNodeParameter('stage', i, '') ?? '').trim();
					if (!stage)
						throw new NodeOperationError(this.getNode(), 'Choose the stage to move to', {
							itemIndex: i,
						});
					updates.push({
						id,
						stageId: stage,
						pipelineId:
							entity === 'deal' ? locatorValue.call(this, 'category', i) || undefined : undefined,
					});
				} catch (error) {
					updates.push(error as Error);
				}
			}
			const results = await applyUpdates(ctx, entity, updates);
			const pipelines = await ctx.funnel(entity).listPipelines();
			return mixed(
				results,
				(i) => {
					const wanted = (updates[i] as DealUpdate).stageId as string;
					const stage = pipelines
						.flatMap((p) => p.stages)
						.find((s) => s.id === wanted || nameKey(s.name) === nameKey(wanted));
					return {
						id: (updates[i] as DealUpdate).id,
						stageId: stage?.id ?? wanted,
						stageName: stage?.name ?? wanted,
						...(entity === 'deal' ? { pipelineId: stage?.pipelineId ?? null } : {}),
					};
				},
				this,
			);
		},
	};
}

/** The deals' pipelines, read only for items that did not name one. */
async function pipelinesOf(
	ctx: OperationContext,
	entity: FunnelEntity,
	ids: string[],
): Promise<Map<string, CrmDeal>> {
	return ids.length ? await ctx.funnel(entity).getDeals(ids) : new Map();
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
			const asked = ctx.items.map((_, i) => {
				try {
					return {
						id: String(requireId.call(this, i, entity)),
						pipeline: entity === 'deal' ? locatorValue.call(this, 'category', i) : 'LEAD',
					};
				} catch (error) {
					return error as Error;
				}
			});
			const unknown = asked
				.filter((a): a is { id: string; pipeline: string } => !(a instanceof Error) && !a.pipeline)
				.map((a) => a.id);
			const current = await pipelinesOf(ctx, entity, unknown);
			const updates = asked.map((a, i): DealUpdate | Error => {
				if (a instanceof Error) return a;
				const pipelineId = a.pipeline || current.get(a.id)?.pipelineId;
				const pipeline = pipelines.find(
					(p) => p.id === pipelineId || nameKey(p.name) === nameKey(String(pipelineId ?? '')),
				);
				const won = pipeline && stageWithSemantics(pipeline, 'won');
				if (!won)
					return new NodeOperationError(
						this.getNode(),
						`${entity === 'deal' ? 'Deal' : 'Lead'} ${a.id} was not found or its pipeline has no success stage`,
						{ itemIndex: i },
					);
				return { id: a.id, pipelineId: pipeline.id, stageId: won.id };
			});
			const results = await applyUpdates(ctx, entity, updates);
			return mixed(
				results,
				(i) => ({
					id: (updates[i] as DealUpdate).id,
					stageId: (updates[i] as DealUpdate).stageId as string,
					won: true,
				}),
				this,
			);
		},
	};
}

export function closeLost(entity: FunnelEntity): Operation {
	const on = show(entity, 'closeLost');
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
			const asked = ctx.items.map((_, i) => {
				try {
					const id = String(requireId.call(this, i, entity));
					const reason = String(this.getNodeParameter('reason', i, '') ?? '').trim();
					if (!reason)
						throw new NodeOperationError(this.getNode(), 'Choose the loss reason', {
							itemIndex: i,
						});
					return {
						id,
						reason,
						pipeline: entity === 'deal' ? locatorValue.call(this, 'category', i) : '',
						comment: String(this.getNodeParameter('comment', i, '') ?? '').trim(),
					};
				} catch (error) {
					return error as Error;
				}
			});
			// A reason name found in several pipelines ("Сделка провалена") is chosen within the deal's own pipeline.
			const pipelines = await funnel.listPipelines();
			const ambiguous = asked.filter(
				(a): a is Exclude<typeof a, Error> =>
					!(a instanceof Error) &&
					!a.pipeline &&
					reasons.filter((r) => r.id === a.reason || nameKey(r.name) === nameKey(a.reason)).length >
						1,
			);
			const current = await pipelinesOf(
				ctx,
				entity,
				ambiguous.map((a) => a.id),
			);
			const updates = asked.map((a, i): DealUpdate | Error => {
				if (a instanceof Error) return a;
				const pipelineRef = a.pipeline || current.get(a.id)?.pipelineId;
				const pipelineId = pipelineRef
					? pipelines.find((p) => p.id === pipelineRef || nameKey(p.name) === nameKey(pipelineRef))
							?.id
					: undefined;
				const reason = resolveLossReason(reasons, a.reason, pipelineId);
				if (!reason.ok)
					return new NodeOperationError(this.getNode(), reason.reason, {
						itemIndex: i,
						description:
							'Pick the reason from the list; reasons are failure stages or values of the loss-reason field',
					});
				return {
					id: a.id,
					lossReasonId: reason.value.id,
					pipelineId,
					...(entity === 'lead' && a.comment ? { fields: { STATUS_DESCRIPTION: a.comment } } : {}),
				};
			});
			const results = await applyUpdates(ctx, entity, updates);
			if (entity === 'deal') {
				const notes = asked
					.map((a, i) => ({ a, i }))
					.filter(
						(x) =>
							!(x.a instanceof Error) &&
							(x.a as { comment: string }).comment &&
							!(results[x.i] instanceof Error) &&
							(results[x.i] as ItemResult<unknown>).ok,
					);
				const written = await funnel.addNotes(
					notes.map((x) => ({
						dealId: (x.a as { id: string }).id,
						text: (x.a as { comment: string }).comment,
					})),
				);
				notes.forEach((x, n) => {
					if (!written[n].ok)
						results[x.i] = new NodeOperationError(
							this.getNode(),
							`The deal was closed, but its comment failed: ${(written[n] as { error: { message: string } }).error.message}`,
							{ itemIndex: x.i },
						);
				});
			}
			return mixed(
				results,
				(i) => {
					const u = updates[i] as DealUpdate;
					const reason = reasons.find((r) => r.id === u.lossReasonId);
					return {
						id: u.id,
						lost: true,
						reasonId: u.lossReasonId as string,
						reason: reason?.name ?? null,
					};
				},
				this,
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
			const asked = ctx.items.map((_, i) => {
				try {
					const tags = namesList(this.getNodeParameter('tags', i, []));
					if (!tags.length)
						throw new NodeOperationError(this.getNode(), 'No tags given', {
							itemIndex: i,
							description: 'Choose tags, or give names with an expression',
						});
					return { dealId: String(requireId.call(this, i, entity)), tags };
				} catch (error) {
					return error as Error;
				}
			});
			const valid = asked
				.map((a, i) => ({ a, i }))
				.filter(
					(x): x is { a: { dealId: string; tags: string[] }; i: number } => !(x.a instanceof Error),
				);
			const funnel = ctx.funnel(entity);
			const done =
				mode === 'addTags'
					? await funnel.addTags(valid.map((x) => x.a))
					: await funnel.removeTags(valid.map((x) => x.a));
			const results: Array<ItemResult<unknown> | Error> = asked.map((a) =>
				a instanceof Error ? a : new Error('not run'),
			);
			valid.forEach((x, n) => (results[x.i] = done[n]));
			return mixed(
				results,
				(i) => ({
					id: (asked[i] as { dealId: string }).dealId,
					[mode === 'addTags' ? 'added' : 'removed']: (asked[i] as { tags: string[] }).tags,
				}),
				this,
			);
		},
	};
}
