/**
 * The webinar funnel's weekly cleanup of "Отправлен на повтор вебинара", after the audit has paged through the deals: the
 * deals found in the stage are decided (pure, repeatWebinarCleanup.ts) — back to the webinar's stage for clients
 * who came again (the input items are Webinar Router cards, matched to the deals through their contacts' phones and
 * emails), closed lost "Без причины" after a week, else kept — and, unless it is a dry run, changed in one batch.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeApiError,
} from 'n8n-workflow';

import { closeLost, moveToStage } from '../shared/crm/dealMoves';
import { nameKey } from '../shared/crm/stages';
import type {
	CrmDeal,
	CrmLossReason,
	CrmPipeline,
	CrmUser,
	DealUpdate,
	FunnelCrm,
} from '../shared/crm/types';
import {
	decideRepeatWebinarCleanup,
	ReattendanceIndex,
	type CleanupDecision,
	type Reattendance,
} from '../shared/funnel/audit/repeatWebinarCleanup';
import { normalizeEmail } from '../shared/funnel/email';
import { normalizePhone } from '../shared/funnel/phone';
import { crmCallError, crmItemError } from '../shared/n8n/crmErrors';
import type { AuditSettings } from './settings';

export interface CleanupReport {
	items: IDataObject[];
	errors: Array<NodeOperationError | NodeApiError>;
	counts: { closedLost: number; movedBack: number; kept: number; failed: number };
}

/** The stage ids of the cleanup stage in each chosen pipeline (by name; a pipeline may lack it). */
export function cleanupStageIds(pipelines: CrmPipeline[], stageName: string): Set<string> {
	const ids = new Set<string>();
	for (const pipeline of pipelines) {
		for (const stage of pipeline.stages)
			if (stage.semantics === 'open' && nameKey(stage.name) === nameKey(stageName))
				ids.add(`${pipeline.id}|${stage.id}`);
	}
	return ids;
}

/** People the Webinar Router routed (its cards among the input items), by E.164 phone and lower-cased email. */
export function reattendeesOf(items: INodeExecutionData[]): {
	index: ReattendanceIndex;
	phones: string[];
	emails: string[];
} {
	const index = new ReattendanceIndex();
	const phones = new Set<string>();
	const emails = new Set<string>();
	for (const { json } of items) {
		const targetStage = typeof json.targetStage === 'string' ? json.targetStage.trim() : '';
		if (!targetStage) continue;
		const phone = normalizePhone(json.phone);
		const email = normalizeEmail(json.email);
		const card = {
			phone: phone.ok ? phone.e164 : null,
			email: email.ok ? email.address : null,
			targetStage,
			segment: String(json.segment ?? ''),
			webinarDate: typeof json.webinarDate === 'string' ? json.webinarDate : null,
		};
		if (!card.phone && !card.email) continue;
		index.add(card);
		if (card.phone) phones.add(card.phone);
		if (card.email) emails.add(card.email);
	}
	return { index, phones: [...phones], emails: [...emails] };
}

export async function runCleanup(
	ctx: IExecuteFunctions,
	crm: FunnelCrm,
	candidates: CrmDeal[],
	context: { pipelines: CrmPipeline[]; users: CrmUser[]; items: INodeExecutionData[]; now: string },
	settings: NonNullable<AuditSettings['cleanup']>,
): Promise<CleanupReport> {
	const report: CleanupReport = {
		items: [],
		errors: [],
		counts: { closedLost: 0, movedBack: 0, kept: 0, failed: 0 },
	};
	if (candidates.length === 0) return report;
	const { pipelines, now } = context;
	let reattended: Map<string, Reattendance>;
	let reasons: CrmLossReason[];
	try {
		reattended = await reattendedDeals(crm, reattendeesOf(context.items));
		reasons = await crm.listLossReasons();
	} catch (error) {
		throw crmCallError(ctx.getNode(), error);
	}

	const updates: Array<{ deal: CrmDeal; update: DealUpdate; json: IDataObject }> = [];
	for (const deal of candidates) {
		const pipeline = pipelines.find((p) => p.id === deal.pipelineId);
		const stageName = pipeline?.stages.find((s) => s.id === deal.stageId)?.name ?? deal.stageId;
		const decision = decideRepeatWebinarCleanup(
			deal,
			stageName,
			reattended.get(deal.id) ?? null,
			now,
			settings,
		);
		if (decision.action === 'keep' || decision.action === 'notInStage') {
			report.counts.kept++;
			continue;
		}
		const json = itemJson(deal, pipeline, stageName, decision, context.users, settings.dryRun);
		const target = targetOf(decision, deal, pipelines, reasons);
		if (!target.ok) {
			report.counts.failed++;
			report.items.push({ ...json, applied: false, error: target.reason });
			report.errors.push(
				new NodeOperationError(ctx.getNode(), `Cleanup of deal ${deal.id}: ${target.reason}`, {
					description:
						"Check the Cleanup Loss Reason and the stages the Webinar Router items name: they must exist in the deal's pipeline.",
				}),
			);
			continue;
		}
		if (settings.dryRun) {
			report.items.push(json);
			count(report, decision);
		} else updates.push({ deal, update: target.update, json });
	}

	if (updates.length) {
		let results: Awaited<ReturnType<FunnelCrm['updateDeals']>>;
		try {
			results = await crm.updateDeals(updates.map((u) => u.update));
		} catch (error) {
			throw crmCallError(ctx.getNode(), error);
		}
		updates.forEach((u, i) => {
			const result = results[i];
			if (result.ok) {
				report.items.push({ ...u.json, applied: true });
				count(report, { action: u.json.action } as CleanupDecision);
			} else {
				const error = crmItemError(ctx.getNode(), crm.kind, result.error, 0);
				report.counts.failed++;
				report.items.push({ ...u.json, applied: false, error: error.message });
				report.errors.push(error);
			}
		});
	}
	return report;
}

/** Deals whose contact (by phone or email) is among the people who came to the webinar again. */
async function reattendedDeals(
	crm: FunnelCrm,
	people: ReturnType<typeof reattendeesOf>,
): Promise<Map<string, Reattendance>> {
	const byDeal = new Map<string, Reattendance>();
	if (people.phones.length === 0 && people.emails.length === 0) return byDeal;
	for (const match of await crm.findContacts({ phones: people.phones, emails: people.emails })) {
		const found = people.index.find([match.key]);
		if (!found) continue;
		for (const deal of match.deals) if (!byDeal.has(deal.id)) byDeal.set(deal.id, found);
	}
	return byDeal;
}

function targetOf(
	decision: Extract<CleanupDecision, { action: 'closeLost' | 'moveBack' }>,
	deal: CrmDeal,
	pipelines: CrmPipeline[],
	reasons: CrmLossReason[],
): { ok: true; update: DealUpdate } | { ok: false; reason: string } {
	const move =
		decision.action === 'moveBack'
			? moveToStage(pipelines, deal, decision.targetStage)
			: closeLost(pipelines, reasons, deal, decision.lossReason);
	return move.ok ? { ok: true, update: move.value.update } : move;
}

function itemJson(
	deal: CrmDeal,
	pipeline: CrmPipeline | undefined,
	stageName: string,
	decision: Extract<CleanupDecision, { action: 'closeLost' | 'moveBack' }>,
	users: CrmUser[],
	dryRun: boolean,
): IDataObject {
	return {
		action: decision.action,
		applied: false,
		dryRun,
		dealId: deal.id,
		dealName: deal.name,
		dealUrl: deal.url,
		pipelineId: deal.pipelineId,
		pipelineName: pipeline?.name ?? deal.pipelineId,
		stageName,
		responsibleUserId: deal.responsibleUserId,
		responsibleName: users.find((u) => u.id === deal.responsibleUserId)?.name ?? null,
		...(decision.action === 'closeLost'
			? { lossReason: decision.lossReason, ageDays: decision.ageDays }
			: { targetStage: decision.targetStage }),
		reason: decision.reason,
	};
}

function count(report: CleanupReport, decision: Pick<CleanupDecision, 'action'>) {
	if (decision.action === 'closeLost') report.counts.closedLost++;
	else if (decision.action === 'moveBack') report.counts.movedBack++;
}
