/**
 * Funnel Metrics: the weekly numbers a sales head steers by — per pipeline, per manager and in total —
 * from the period's stage history, the deals it names, the calls and the products of the sales.
 *
 * - **Created**: deals made in the period (in the pipeline they were made in).
 * - **Won / lost, won ÷ closed**: deals that stood won or lost at the period's end and were closed in it (the last
 *   close counts: won, reopened and won again is one win); their pipeline is where they were closed.
 * - **Won ÷ created**: the period's wins ÷ the period's new deals.
 * - **Revenue, average check, cycle, units per check, margin**: over the period's wins (price; creation → win;
 *   product units where the deal lists products; price less the named cost field).
 * - **Stage funnel**: the deals that entered a pipeline in the period (made there, or moved in) and the stages they
 *   reached by its end; a skipped stage counts as passed, a revisited one once; conversion from bar to bar.
 * - **First response**: the period's new deals, by the first call after creation (the audit's rule and tiers).
 * - **Talk time**: minutes of calls per manager per day in the company's time zone; days over the limit flagged.
 * - **Chat replies**: the clients' chat messages of the period that waited for an answer, answered within 5 minutes
 *   (chats.ts), for the manager who answered (unanswered: the deal's responsible), where the CRM tells them.
 * - **Managers**: a deal counts for its responsible manager, a call for the manager who made or took it.
 */
import type {
	ChatMessage,
	CrmCall,
	CrmDeal,
	CrmLossReason,
	CrmPipeline,
	CrmUser,
	SaleDetails,
	StageChange,
} from '../../crm/types';
import { chatWaits } from './chats';
import { RowTally, type MetricsRow } from './figures';
import { dayIn } from './period';
import { closeAtEnd, dealPath, pipelineRuns, StageMap, type PipelineRun } from './timeline';

export interface MetricsInput {
	period: { from: string; to: string; timeZone: string };
	/** Every pipeline of the account (a deal may move through one that is not reported). */
	pipelines: CrmPipeline[];
	/** The pipelines reported; default all. */
	pipelineIds?: string[];
	users: CrmUser[];
	lossReasons: CrmLossReason[];
	/** The deals the period names: made in it, or changed stage in it. */
	deals: Iterable<CrmDeal>;
	/** Stage changes from the period's start until now, by deal. */
	changes: ReadonlyMap<string, StageChange[]>;
	/** The account's calls in the period (talk time). */
	calls: Iterable<CrmCall>;
	/** Calls of the period's new deals, until now (first response). */
	dealCalls: ReadonlyMap<string, CrmCall[]>;
	/** The deals' chat messages from the period's start until now; null where the CRM does not tell them. */
	chatMessages?: Iterable<ChatMessage> | null;
	/** Products and cost of the won deals. */
	sales: ReadonlyMap<string, SaleDetails>;
	talkLimitMinutes: number;
	/** Whether a cost field was named (margin is reported only then). */
	withCost: boolean;
}

export interface MetricsResult {
	total: MetricsRow;
	pipelines: MetricsRow[];
	managers: MetricsRow[];
}

const NO_MANAGER = '';

export function computeFunnelMetrics(input: MetricsInput): MetricsResult {
	const from = Date.parse(input.period.from);
	const to = Date.parse(input.period.to);
	const stages = new StageMap(input.pipelines);
	const reported = new Set(
		input.pipelineIds?.length ? input.pipelineIds : input.pipelines.map((p) => p.id),
	);
	const pipelineList = input.pipelines
		.filter((p) => reported.has(p.id))
		.map((p) => ({ id: p.id, name: p.name, stages: stages.openStages.get(p.id) ?? [] }));
	const userNames = new Map(input.users.map((u) => [u.id, u.name]));
	const reasonNames = new Map(input.lossReasons.map((r) => [r.id, r.name]));

	const total = new RowTally('total', 'total', '');
	const byPipeline = new Map(
		pipelineList.map((p) => [p.id, new RowTally('pipeline', p.id, p.name)]),
	);
	const byManager = new Map<string, RowTally>();
	const manager = (id: string | null) => {
		const key = id ?? NO_MANAGER;
		let row = byManager.get(key);
		if (!row) {
			row = new RowTally('manager', key, id ? (userNames.get(id) ?? id) : '');
			byManager.set(key, row);
		}
		return row;
	};
	const rowsFor = (pipelineId: string, responsible: string | null): RowTally[] =>
		reported.has(pipelineId) ? [total, byPipeline.get(pipelineId)!, manager(responsible)] : [];

	const responsible = new Map<string, string | null>();
	for (const deal of input.deals) {
		responsible.set(deal.id, deal.responsibleUserId);
		const path = dealPath(deal, input.changes.get(deal.id) ?? [], stages, from);
		const created = Date.parse(deal.createdAt);
		if (created >= from && created < to) {
			const madeIn = path[0]?.at === created ? path[0].pipelineId : deal.pipelineId;
			for (const row of rowsFor(madeIn, deal.responsibleUserId)) {
				row.addCreated();
				row.addResponse(input.dealCalls.get(deal.id) ?? [], deal.createdAt);
			}
		}
		const close = closeAtEnd(deal, path, to);
		if (close && close.at >= from && close.at < to) {
			const sale = input.sales.get(deal.id);
			for (const row of rowsFor(close.pipelineId, deal.responsibleUserId))
				row.addClose(close.semantics, {
					price: deal.price,
					createdAt: created,
					closedAt: close.at,
					lossReasonId: deal.lossReasonId,
					units: sale?.units ?? null,
					cost: sale?.cost ?? null,
				});
		}
		for (const run of mergedRuns(pipelineRuns(path, stages, from, to))) {
			const count = stages.openStages.get(run.pipelineId)?.length ?? 0;
			for (const row of rowsFor(run.pipelineId, deal.responsibleUserId))
				row.addRun(run.pipelineId, count, run.reachedIndex, run.outcome);
		}
	}

	for (const call of input.calls) {
		const at = Date.parse(call.at);
		if (!(at >= from && at < to) || call.durationSeconds <= 0) continue;
		const day = dayIn(call.at, input.period.timeZone);
		total.addTalk(day, call.durationSeconds);
		if (call.responsibleUserId) manager(call.responsibleUserId).addTalk(day, call.durationSeconds);
	}

	for (const wait of chatWaits(input.chatMessages ?? [])) {
		if (!(wait.askedAt >= from && wait.askedAt < to)) continue;
		total.addChatWait(wait);
		const who = wait.answeredBy ?? responsible.get(wait.dealId) ?? null;
		if (who) manager(who).addChatWait(wait);
	}

	const withChats = input.chatMessages !== undefined && input.chatMessages !== null;
	const context = {
		pipelines: pipelineList,
		reasonName: (id: string) => reasonNames.get(id) ?? id,
		talkLimitMinutes: input.talkLimitMinutes,
		withCost: input.withCost,
	};
	return {
		total: total.figures({ ...context, withTalk: true, withChats }),
		pipelines: [...byPipeline.values()].map((row) =>
			row.figures({ ...context, withTalk: false, withChats: false }),
		),
		managers: [...byManager.values()]
			.filter((row) => row.id !== NO_MANAGER)
			.map((row) => row.figures({ ...context, withTalk: true, withChats }))
			.sort((a, b) => b.sales.revenue - a.sales.revenue || a.name.localeCompare(b.name)),
	};
}

/** A deal that left a pipeline and came back in the period counts once there: its furthest stage, its last outcome. */
function mergedRuns(runs: PipelineRun[]): PipelineRun[] {
	const merged = new Map<string, PipelineRun>();
	for (const run of runs) {
		const known = merged.get(run.pipelineId);
		if (!known) merged.set(run.pipelineId, { ...run });
		else {
			if (
				run.reachedIndex !== null &&
				(known.reachedIndex === null || run.reachedIndex > known.reachedIndex)
			)
				known.reachedIndex = run.reachedIndex;
			known.outcome = run.outcome;
		}
	}
	return [...merged.values()];
}
