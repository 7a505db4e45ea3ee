/**
 * A pipeline audit run, page by page: set it up with the account's pipelines, users and the rules, feed it pages
 * of deals (with their open tasks and first-response times), collect the findings of each page, and read the
 * summary at the end. Memory stays bounded by one page plus one summary row per manager and pipeline.
 */
import type { CrmPipeline, CrmUser } from '../../crm/types';
import type { AuditFinding, AuditRules, DealFacts } from './findings';
import { auditContext, auditDeal, auditPipelineShape, type AuditContext } from './rules';
import { AuditSummary, type ManagerSummary, type PipelineSummary } from './summary';

export class PipelineAudit {
	private readonly context: AuditContext;
	private readonly totals: AuditSummary;

	constructor(input: {
		now: string;
		rules: AuditRules;
		pipelines: CrmPipeline[];
		users?: CrmUser[];
	}) {
		this.context = auditContext(input);
		this.totals = new AuditSummary(this.context);
	}

	/** Findings about the pipelines themselves (stage count), for the chosen pipelines. */
	auditPipelines(pipelineIds?: string[]): AuditFinding[] {
		const chosen = [...this.context.pipelines.values()].filter(
			(p) => !pipelineIds || pipelineIds.includes(p.id),
		);
		const findings = chosen.flatMap((pipeline) => auditPipelineShape(pipeline, this.context));
		for (const finding of findings) this.totals.addPipelineFinding(finding);
		return findings;
	}

	/** Findings of one page of deals. */
	auditPage(page: DealFacts[]): AuditFinding[] {
		const findings: AuditFinding[] = [];
		for (const facts of page) {
			const found = auditDeal(facts, this.context);
			this.totals.addDeal(facts.deal, found);
			for (const finding of found) findings.push(finding);
		}
		return findings;
	}

	summary(): { managers: ManagerSummary[]; pipelines: PipelineSummary[] } {
		return { managers: this.totals.managerRows(), pipelines: this.totals.pipelineRows() };
	}
}
