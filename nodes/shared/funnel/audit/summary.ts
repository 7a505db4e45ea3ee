/**
 * The audit's second output: per manager and per pipeline, how many deals were looked at and how many problems
 * of each kind were found. Built up page by page, so it needs no second pass over the deals.
 */
import type { CrmDeal } from '../../crm/types';
import { FINDING_TYPES, type AuditFinding, type FindingType } from './findings';
import type { AuditContext } from './rules';
import { workingStages } from './rules';

type Counts = Record<FindingType, number>;

export interface ManagerSummary {
	summary: 'manager';
	responsibleUserId: string | null;
	responsibleName: string | null;
	deals: number;
	openDeals: number;
	findings: number;
	byType: Counts;
	/** Days of the longest-stuck open deal among this manager's findings. */
	oldestStuckDays: number | null;
}

export interface PipelineSummary {
	summary: 'pipeline';
	pipelineId: string;
	pipelineName: string;
	workingStages: number;
	deals: number;
	openDeals: number;
	findings: number;
	byType: Counts;
	/** Swamp stages holding open deals, with how many. */
	swampStages: Record<string, number>;
}

const emptyCounts = (): Counts => Object.fromEntries(FINDING_TYPES.map((t) => [t, 0])) as Counts;

export class AuditSummary {
	private readonly managers = new Map<string, ManagerSummary>();
	private readonly pipelines = new Map<string, PipelineSummary>();

	constructor(private readonly context: AuditContext) {}

	/** Counts one audited deal and its findings. */
	addDeal(deal: CrmDeal, findings: AuditFinding[]) {
		const manager = this.manager(deal.responsibleUserId);
		const pipeline = this.pipeline(deal.pipelineId);
		for (const row of [manager, pipeline]) {
			row.deals++;
			if (deal.semantics === 'open') row.openDeals++;
		}
		for (const finding of findings) {
			this.count(this.manager(finding.responsibleUserId), finding);
			this.count(pipeline, finding);
			if (finding.type === 'swampStage' && finding.stageName) {
				pipeline.swampStages[finding.stageName] =
					(pipeline.swampStages[finding.stageName] ?? 0) + 1;
			}
		}
	}

	/** Counts a pipeline-level finding (too many stages). */
	addPipelineFinding(finding: AuditFinding) {
		this.count(this.pipeline(finding.pipelineId), finding);
	}

	managerRows(): ManagerSummary[] {
		// Most findings first; deals without a responsible last among equals.
		return [...this.managers.values()].sort(
			(a, b) =>
				b.findings - a.findings ||
				Number(a.responsibleUserId === null) - Number(b.responsibleUserId === null) ||
				(a.responsibleName ?? '').localeCompare(b.responsibleName ?? ''),
		);
	}

	pipelineRows(): PipelineSummary[] {
		return [...this.pipelines.values()].sort(
			(a, b) => b.findings - a.findings || a.pipelineName.localeCompare(b.pipelineName),
		);
	}

	private count(row: ManagerSummary | PipelineSummary, finding: AuditFinding) {
		row.findings++;
		row.byType[finding.type]++;
		if (row.summary === 'manager' && finding.type === 'stuckInStage' && finding.ageDays !== null) {
			row.oldestStuckDays = Math.max(row.oldestStuckDays ?? 0, finding.ageDays);
		}
	}

	private manager(id: string | null): ManagerSummary {
		const key = id ?? '';
		let row = this.managers.get(key);
		if (!row) {
			row = {
				summary: 'manager',
				responsibleUserId: id,
				responsibleName: id === null ? null : (this.context.users.get(id)?.name ?? null),
				deals: 0,
				openDeals: 0,
				findings: 0,
				byType: emptyCounts(),
				oldestStuckDays: null,
			};
			this.managers.set(key, row);
		}
		return row;
	}

	private pipeline(id: string): PipelineSummary {
		let row = this.pipelines.get(id);
		if (!row) {
			const pipeline = this.context.pipelines.get(id);
			row = {
				summary: 'pipeline',
				pipelineId: id,
				pipelineName: pipeline?.name ?? id,
				workingStages: pipeline ? workingStages(pipeline).length : 0,
				deals: 0,
				openDeals: 0,
				findings: 0,
				byType: emptyCounts(),
				swampStages: {},
			};
			this.pipelines.set(id, row);
		}
		return row;
	}
}
