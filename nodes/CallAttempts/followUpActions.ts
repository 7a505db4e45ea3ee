/**
 * The planned CRM changes, sent in batches: all call-back tasks in one createTasks, all closes and stage moves in
 * one updateDeals. Stage and loss-reason names are resolved in each deal's own pipeline (dealMoves.ts). Before
 * creating tasks the deals' open tasks are read once: a task that already carries the call's mark means this call
 * was handled.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { closeLost, moveToStage } from '../shared/crm/dealMoves';
import type {
	CrmLossReason,
	CrmPipeline,
	DealUpdate,
	FunnelCrm,
	ItemResult,
} from '../shared/crm/types';
import { isTaskOfCall } from '../shared/funnel/calls/callKey';
import type { FollowUp } from '../shared/funnel/calls/followUp';
import { crmCallError, crmItemError } from '../shared/n8n/crmErrors';
import type { CallWork, ItemError } from './work';

export type CrmOutcome =
	| { action: 'taskCreated'; taskId: string; dueAt: string; text: string }
	| { action: 'alreadyPlanned'; taskId: string; dueAt: string }
	| { action: 'closedLost'; stage: string; lossReason: string }
	| { action: 'movedToStage'; stage: string; pipeline: string }
	| { action: 'none'; reason: string };

export interface Acted {
	work: CallWork;
	outcome?: CrmOutcome;
	error?: ItemError;
}

export async function applyFollowUps(
	ctx: IExecuteFunctions,
	crm: FunnelCrm | null,
	work: CallWork[],
	pipelines: CrmPipeline[],
): Promise<Acted[]> {
	const acted = new Map<CallWork, Acted>();
	const none = (w: CallWork, reason: string) =>
		acted.set(w, { work: w, outcome: { action: 'none', reason } });
	const tasks: CallWork[] = [];
	const updates: Array<{ work: CallWork; update: DealUpdate; outcome: CrmOutcome }> = [];
	let reasons: CrmLossReason[] = [];
	if (crm && work.some((w) => w.followUp?.action === 'closeLost')) {
		try {
			reasons = await crm.listLossReasons();
		} catch (error) {
			throw crmCallError(ctx.getNode(), error);
		}
	}

	for (const w of work) {
		const plan = w.followUp!;
		if (plan.action === 'none' || !crm || !w.deal) {
			none(w, plan.action === 'none' ? plan.reason : 'no CRM deal');
			continue;
		}
		const deal = w.deal;
		if (plan.action === 'createTask') {
			tasks.push(w);
		} else if (plan.action === 'closeLost') {
			const close = closeLost(pipelines, reasons, deal, plan.lossReason);
			if (!close.ok) {
				acted.set(w, {
					work: w,
					error: new NodeOperationError(
						ctx.getNode(),
						`Cannot close deal ${deal.id} as lost: ${close.reason}`,
						{
							itemIndex: w.index,
							description:
								'Choose a loss reason that exists in the CRM (Loss Reason), or add it there.',
						},
					),
				});
				continue;
			}
			updates.push({
				work: w,
				update: close.value.update,
				outcome: {
					action: 'closedLost',
					stage: close.value.stage.name,
					lossReason: close.value.reason.name,
				},
			});
		} else {
			const move = moveToStage(pipelines, deal, plan.stage);
			if (!move.ok) {
				acted.set(w, {
					work: w,
					error: new NodeOperationError(
						ctx.getNode(),
						`Cannot move deal ${deal.id}: ${move.reason}`,
						{
							itemIndex: w.index,
							description:
								'Choose the Foreign Number Stage from the list, or add the stage to the pipeline.',
						},
					),
				});
				continue;
			}
			const { stage } = move.value;
			if (deal.stageId === stage.id && deal.pipelineId === stage.pipelineId) {
				none(w, `the deal is already in "${stage.name}"`);
				continue;
			}
			const pipelineName =
				pipelines.find((p) => p.id === stage.pipelineId)?.name ?? stage.pipelineId;
			updates.push({
				work: w,
				update: move.value.update,
				outcome: { action: 'movedToStage', stage: stage.name, pipeline: pipelineName },
			});
		}
	}

	if (crm && tasks.length) await createTasks(ctx, crm, tasks, acted);
	if (crm && updates.length) {
		const sent = await attempt(() => crm.updateDeals(updates.map((u) => u.update)));
		updates.forEach((u, i) =>
			acted.set(
				u.work,
				outcomeOf(ctx, crm, u.work, sent, i, () => u.outcome),
			),
		);
	}
	return work.map((w) => acted.get(w)!);
}

async function createTasks(
	ctx: IExecuteFunctions,
	crm: FunnelCrm,
	tasks: CallWork[],
	acted: Map<CallWork, Acted>,
) {
	const open = await attempt(() =>
		crm.listTasks({ dealIds: [...new Set(tasks.map((w) => w.deal!.id))], completed: false }),
	);
	if (!open.ok) {
		for (const w of tasks)
			acted.set(w, { work: w, error: crmCallError(ctx.getNode(), open.error, w.index) });
		return;
	}
	const toCreate: CallWork[] = [];
	// The same call twice in one run (repeats handled on purpose) still makes one task: the first creates it.
	const sameCall = new Map<string, CallWork[]>();
	for (const w of tasks) {
		const marked = w.key
			? open.value.find((t) => t.dealId === w.deal!.id && isTaskOfCall(t.text, w.key!))
			: undefined;
		if (marked)
			acted.set(w, {
				work: w,
				outcome: { action: 'alreadyPlanned', taskId: marked.id, dueAt: marked.dueAt },
			});
		else if (w.key && sameCall.has(`${w.deal!.id}|${w.key}`))
			sameCall.get(`${w.deal!.id}|${w.key}`)!.push(w);
		else {
			toCreate.push(w);
			if (w.key) sameCall.set(`${w.deal!.id}|${w.key}`, []);
		}
	}
	if (toCreate.length === 0) return;
	const plans = toCreate.map((w) => w.followUp as Extract<FollowUp, { action: 'createTask' }>);
	const sent = await attempt(() =>
		crm.createTasks(
			toCreate.map((w, i) => ({
				dealId: w.deal!.id,
				text: plans[i].text,
				dueAt: plans[i].dueAt,
				responsibleUserId: w.deal!.responsibleUserId,
				kind: 'call' as const,
			})),
		),
	);
	toCreate.forEach((w, i) => {
		const outcome = outcomeOf(ctx, crm, w, sent, i, (value) => ({
			action: 'taskCreated',
			taskId: value.taskId,
			dueAt: plans[i].dueAt,
			text: plans[i].text,
		}));
		acted.set(w, outcome);
		for (const repeat of (w.key && sameCall.get(`${w.deal!.id}|${w.key}`)) || []) {
			const created = outcome.outcome?.action === 'taskCreated' ? outcome.outcome : null;
			acted.set(
				repeat,
				created
					? {
							work: repeat,
							outcome: { action: 'alreadyPlanned', taskId: created.taskId, dueAt: created.dueAt },
						}
					: { work: repeat, error: outcome.error },
			);
		}
	});
}

/** A batch call's answer, or what it threw (after the transport's own retries). */
async function attempt<T>(
	send: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await send() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** One item's result of a batch: a thrown batch fails each of its items with the CRM's message. */
function outcomeOf<T>(
	ctx: IExecuteFunctions,
	crm: FunnelCrm,
	w: CallWork,
	sent: { ok: true; value: Array<ItemResult<T>> } | { ok: false; error: unknown },
	i: number,
	success: (value: T) => CrmOutcome,
): Acted {
	if (!sent.ok) return { work: w, error: crmCallError(ctx.getNode(), sent.error, w.index) };
	const result = sent.value[i];
	if (!result.ok)
		return { work: w, error: crmItemError(ctx.getNode(), crm.kind, result.error, w.index) };
	return { work: w, outcome: success(result.value) };
}
