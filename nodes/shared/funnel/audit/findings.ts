/**
 * What the pipeline audit reports: one finding per problem, with where it is (deal, pipeline, stage), who owns
 * it, how old it is, and what to do — in words an ops person acts on.
 */
import type { CrmDeal, CrmTask } from '../../crm/types';

export type FindingType =
	| 'lostWithoutReason'
	| 'noOpenTask'
	| 'overdueTask'
	| 'slowFirstResponse'
	| 'stuckInStage'
	| 'swampStage'
	| 'tooManyStages';

export const FINDING_TYPES: FindingType[] = [
	'noOpenTask',
	'overdueTask',
	'stuckInStage',
	'swampStage',
	'lostWithoutReason',
	'tooManyStages',
	'slowFirstResponse',
];

export interface AuditFinding {
	type: FindingType;
	/** The problem in a few words ("No next step planned"). */
	title: string;
	dealId: string | null;
	dealName: string | null;
	dealUrl: string | null;
	pipelineId: string;
	pipelineName: string;
	stageId: string | null;
	stageName: string | null;
	responsibleUserId: string | null;
	responsibleName: string | null;
	/** How long the problem has lasted, in days (one decimal); null when it is not a matter of time. */
	ageDays: number | null;
	/** The facts behind the finding. */
	detail: string;
	whatToDo: string;
	taskId?: string;
	taskDueAt?: string;
	firstResponseMinutes?: number | null;
	responseTier?: string;
	stageCount?: number;
}

/** A deal with what the audit needs to know about it, gathered page by page by the node. */
export interface DealFacts {
	deal: CrmDeal;
	/** The deal's tasks that are not completed; undefined when tasks were not loaded (task rules are skipped). */
	openTasks?: CrmTask[];
	/**
	 * When a manager first answered the lead (first outgoing call, email or message); null: not yet;
	 * undefined: not measured (the first-response rule is skipped).
	 */
	firstResponseAt?: string | null;
}

export interface AuditRules {
	/** Open deals must have an open task (every key stage has a planned next step). */
	noOpenTask: boolean;
	overdueTask: boolean;
	/** Days in one stage after which an open deal is stuck; null: off. */
	stuckAfterDays: number | null;
	/** Stage names that are swamps: they say nothing was done; empty: off. */
	swampStages: string[];
	lostWithoutReason: boolean;
	/** Only deals lost within this many days are checked for a reason (a weekly report of last month's losses); null: all. */
	lostWithinDays?: number | null;
	/** Open stages a pipeline may have (a funnel fits in 5–8); null: off. */
	maxStages: number | null;
	/** First response later than this many minutes is a finding (≤ 20 min is ideal); null: off. */
	firstResponseMinutes: number | null;
}

/** Statuses that say nothing was done, as funnels commonly name them ("Думает" of a webinar funnel, "Отложено"). */
export const DEFAULT_SWAMP_STAGES = [
	'Думает',
	'В работе',
	'На рассмотрении',
	'Отложено',
	'Сделка отложена',
];

export const DEFAULT_AUDIT_RULES: AuditRules = {
	noOpenTask: true,
	overdueTask: true,
	stuckAfterDays: 14,
	swampStages: DEFAULT_SWAMP_STAGES,
	lostWithoutReason: true,
	maxStages: 8,
	firstResponseMinutes: 20,
};
