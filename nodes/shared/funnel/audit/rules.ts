/**
 * The audit rules over plain data: one pipeline's shape, one deal with its open tasks and first response.
 * Each rule yields at most one finding per problem (one per overdue task). Pure: the node pages through the CRM
 * and calls these on each page, so thousands of deals never sit in memory at once.
 *
 * Time in a stage: the CRM's stage-change time where it tells (Bitrix24 MOVED_TIME; amoCRM's events feed, read by
 * the node for the window the rules look back), else the deal's last update — a lower bound, so a deal reported
 * stuck has been in its stage at least that long (stageSince).
 */
import type { CrmDeal, CrmPipeline, CrmStage, CrmUser } from '../../crm/types';
import type { AuditFinding, AuditRules, DealFacts } from './findings';
import { stageSince } from './stageTime';
import { formatMinutes, responseTier } from './responseTime';
import { SwampStages } from './swampStages';

const DAY = 86_400_000;

export interface AuditContext {
	now: number;
	rules: AuditRules;
	pipelines: Map<string, CrmPipeline>;
	/** By `pipelineId|stageId`: amoCRM's won (142) and lost (143) stage ids repeat in every pipeline. */
	stages: Map<string, CrmStage>;
	users: Map<string, CrmUser>;
	swamp: SwampStages;
}

export function auditContext(input: {
	now: string;
	rules: AuditRules;
	pipelines: CrmPipeline[];
	users?: CrmUser[];
}): AuditContext {
	const now = Date.parse(input.now);
	if (Number.isNaN(now)) throw new Error(`"${input.now}" is not a moment (expected ISO 8601)`);
	const stages = new Map<string, CrmStage>();
	for (const pipeline of input.pipelines)
		for (const stage of pipeline.stages) stages.set(`${pipeline.id}|${stage.id}`, stage);
	return {
		now,
		rules: input.rules,
		pipelines: new Map(input.pipelines.map((p) => [p.id, p])),
		stages,
		users: new Map((input.users ?? []).map((u) => [u.id, u])),
		swamp: new SwampStages(input.rules.swampStages),
	};
}

/** Open working stages: not won, not lost, not amoCRM's "Incoming leads". */
export function workingStages(pipeline: CrmPipeline): CrmStage[] {
	return pipeline.stages.filter((s) => s.semantics === 'open' && !s.isIncoming);
}

/** A pipeline with more working stages than the rules allow (a funnel fits in 5–8 stages). */
export function auditPipelineShape(pipeline: CrmPipeline, context: AuditContext): AuditFinding[] {
	const max = context.rules.maxStages;
	const working = workingStages(pipeline);
	if (max === null || working.length <= max) return [];
	return [
		{
			type: 'tooManyStages',
			title: 'Too many stages',
			dealId: null,
			dealName: null,
			dealUrl: null,
			pipelineId: pipeline.id,
			pipelineName: pipeline.name,
			stageId: null,
			stageName: null,
			responsibleUserId: null,
			responsibleName: null,
			ageDays: null,
			detail: `${working.length} working stages (at most ${max}): ${working.map((s) => s.name).join(' → ')}`,
			whatToDo: `Merge stages into 5–${max} steps named after completed actions ("Назначена встреча", "Выставлен счет"): more stages add work, not insight`,
			stageCount: working.length,
		},
	];
}

export function auditDeal(facts: DealFacts, context: AuditContext): AuditFinding[] {
	const { deal } = facts;
	const { rules, now } = context;
	const stage = context.stages.get(`${deal.pipelineId}|${deal.stageId}`);
	const base = findingBase(deal, stage ?? null, context);
	const findings: AuditFinding[] = [];
	const open = deal.semantics === 'open';

	if (
		open &&
		rules.noOpenTask &&
		facts.openTasks &&
		facts.openTasks.length === 0 &&
		!stage?.isIncoming
	) {
		findings.push({
			...base,
			type: 'noOpenTask',
			title: 'No next step planned',
			ageDays: days(now - Date.parse(deal.updatedAt)),
			detail: `no open task on the deal in "${base.stageName}"`,
			whatToDo: 'Plan the next step: set a task with a date (call, meeting, send the offer)',
		});
	}

	if (rules.overdueTask && facts.openTasks) {
		for (const task of facts.openTasks) {
			const due = Date.parse(task.dueAt);
			if (task.completed || Number.isNaN(due) || due >= now) continue;
			findings.push({
				...base,
				type: 'overdueTask',
				title: 'Overdue task',
				responsibleUserId: task.responsibleUserId ?? base.responsibleUserId,
				responsibleName: userName(task.responsibleUserId ?? base.responsibleUserId, context),
				ageDays: days(now - due),
				detail: `"${task.text}" was due ${task.dueAt}`,
				whatToDo:
					'Do the task now, or move its date if the client asked; close it if it is no longer needed',
				taskId: task.id,
				taskDueAt: task.dueAt,
			});
		}
	}

	const { ms: sinceMs, basis } = stageSince(deal);
	const inStageDays = Number.isNaN(sinceMs) ? null : days(now - sinceMs);
	if (
		open &&
		rules.stuckAfterDays !== null &&
		inStageDays !== null &&
		inStageDays > rules.stuckAfterDays
	) {
		findings.push({
			...base,
			type: 'stuckInStage',
			title: 'Stuck in a stage',
			ageDays: inStageDays,
			detail: `${inStageDays} days in "${base.stageName}" ${basis} (limit ${rules.stuckAfterDays})`,
			whatToDo: 'Move the deal on, or close it with a reason: a lead always moves',
		});
	}

	const swamp = open && stage ? context.swamp.match(stage.name) : null;
	if (swamp) {
		findings.push({
			...base,
			type: 'swampStage',
			title: 'In a swamp stage',
			ageDays: inStageDays,
			detail: `"${stage!.name}" says nothing was done; the deal has been there ${inStageDays ?? '?'} days ${basis}`,
			whatToDo:
				'Move the deal to a stage named after a completed action ("Отправлено КП", "Назначена встреча"), or close it; rename the stage',
		});
	}

	const closed = Date.parse(deal.closedAt ?? deal.updatedAt);
	const recentLoss =
		!rules.lostWithinDays || Number.isNaN(closed) || now - closed <= rules.lostWithinDays * DAY;
	if (deal.semantics === 'lost' && rules.lostWithoutReason && !deal.lossReasonId && recentLoss) {
		findings.push({
			...base,
			type: 'lostWithoutReason',
			title: 'Lost without a reason',
			ageDays: Number.isNaN(closed) ? null : days(now - closed),
			detail: 'closed as lost with no loss reason',
			whatToDo:
				'Set the loss reason (Дорого, Пропала потребность, Нет времени…): without reasons the losses cannot be analysed',
		});
	}

	const slowFinding = firstResponseFinding(facts, base, context);
	if (slowFinding) findings.push(slowFinding);
	return findings;
}

function firstResponseFinding(
	facts: DealFacts,
	base: AuditFinding,
	context: AuditContext,
): AuditFinding | null {
	const limit = context.rules.firstResponseMinutes;
	if (limit === null || facts.firstResponseAt === undefined) return null;
	const created = Date.parse(facts.deal.createdAt);
	if (Number.isNaN(created)) return null;
	if (facts.firstResponseAt === null) {
		// Still waiting: only an open deal can still be answered.
		const waited = (context.now - created) / 60_000;
		if (facts.deal.semantics !== 'open' || waited <= limit) return null;
		const tier = responseTier(waited);
		return {
			...base,
			type: 'slowFirstResponse',
			title: 'No first response yet',
			ageDays: days(context.now - created),
			detail: `nobody has answered the lead for ${formatMinutes(waited)} (already ${tier.label}: ${tier.conversion} to conversion)`,
			whatToDo: `Call the client now; aim to answer new leads within ${limit} min`,
			firstResponseMinutes: null,
			responseTier: tier.tier,
		};
	}
	const answered = Date.parse(facts.firstResponseAt);
	if (Number.isNaN(answered)) return null;
	const minutes = Math.max(0, (answered - created) / 60_000);
	if (minutes <= limit) return null;
	const tier = responseTier(minutes);
	return {
		...base,
		type: 'slowFirstResponse',
		title: 'Slow first response',
		ageDays: null,
		detail: `first response after ${formatMinutes(minutes)} (${tier.label}: ${tier.conversion} to conversion)`,
		whatToDo: `Answer new leads within ${limit} min: speed alone adds up to 30% conversion`,
		firstResponseMinutes: Math.round(minutes),
		responseTier: tier.tier,
	};
}

function findingBase(deal: CrmDeal, stage: CrmStage | null, context: AuditContext): AuditFinding {
	return {
		type: 'noOpenTask',
		title: '',
		dealId: deal.id,
		dealName: deal.name,
		dealUrl: deal.url,
		pipelineId: deal.pipelineId,
		pipelineName: context.pipelines.get(deal.pipelineId)?.name ?? deal.pipelineId,
		stageId: deal.stageId,
		stageName: stage?.name ?? deal.stageId,
		responsibleUserId: deal.responsibleUserId,
		responsibleName: userName(deal.responsibleUserId, context),
		ageDays: null,
		detail: '',
		whatToDo: '',
	};
}

function userName(id: string | null, context: AuditContext): string | null {
	return id === null ? null : (context.users.get(id)?.name ?? null);
}

function days(ms: number): number {
	return Math.round((ms / DAY) * 10) / 10;
}
