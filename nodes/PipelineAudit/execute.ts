import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import type { CrmDeal, CrmTask, FunnelCrm } from '../shared/crm/types';
import { FINDING_TYPES, type FindingType } from '../shared/funnel/audit/findings';
import { PipelineAudit } from '../shared/funnel/audit/pipelineAudit';
import { crmCallError, errorItem } from '../shared/n8n/crmErrors';
import { cleanupStageIds, runCleanup, type CleanupReport } from './cleanup';
import { factsOf, factsWithFirstResponse, isMeasured, openTasksByDeal } from './dealFacts';
import { chosenPipelines, readAuditSettings } from './settings';
import { readStageEntries, withStageEntry, type StageEntries } from './stageEntry';

const FINDINGS = 0;
const SUMMARY = 1;
const CLEANUP = 2;

/**
 * Pipeline Audit: one job over the account per execution (the input is the schedule's tick, plus Webinar Router
 * cards for the cleanup). Reads the pipelines, users and open tasks once, pages through the chosen pipelines'
 * deals — one page in memory at a time, plus the window's new deals, whose first calls are read together at the
 * end — auditing each page as it comes, then runs the optional cleanup and emits one item per finding, a summary
 * per manager and per pipeline, and one item per cleanup action.
 */
export async function executePipelineAudit(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	try {
		return await auditAccount.call(this);
	} catch (error) {
		// The CRM could not be read (it kept refusing) or the settings do not fit the account. Without "continue on
		// fail" the node stops; with it, each input item leaves on the error output with the reason — n8n itself would
		// pass the input on as if the audit had run.
		const failure = crmCallError(this.getNode(), error);
		if (!this.continueOnFail()) throw failure;
		return [this.getInputData().map((_, i) => errorItem(failure, i)), [], []];
	}
}

async function auditAccount(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const settings = readAuditSettings.call(this);
	const crm = getFunnelCrm(this);
	if (!crm)
		throw new NodeOperationError(
			this.getNode(),
			'Choose amoCRM or Bitrix24: the audit reads the CRM',
		);
	const now = new Date().toISOString();
	const paired = { item: 0 };
	const outputs: INodeExecutionData[][] = [[], [], []];
	const emit = (output: number, json: IDataObject) =>
		outputs[output].push({ json, pairedItem: paired });

	const { pipelines, users, openTasksRead } = await readAccount(this, crm);
	const chosen = chosenPipelines.call(this, pipelines, settings.pipelineRefs);
	const cleanupStages = settings.cleanup
		? cleanupStageIds(chosen, settings.cleanup.stageName)
		: new Set<string>();
	if (settings.cleanup && cleanupStages.size === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`No stage "${settings.cleanup.stageName}" in the audited pipelines`,
			{
				description:
					'Choose the Cleanup Stage among the stages of the audited pipelines, or audit the pipeline that has it.',
			},
		);
	}

	let entries: StageEntries | null;
	try {
		entries = await readStageEntries(crm, settings, chosen, now);
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}

	const audit = new PipelineAudit({ now, rules: settings.rules, pipelines, users });
	const found: Record<FindingType, number> = Object.fromEntries(
		FINDING_TYPES.map((t) => [t, 0]),
	) as Record<FindingType, number>;
	const report = (finding: IDataObject & { type: FindingType }) => {
		found[finding.type]++;
		emit(FINDINGS, finding);
	};
	for (const finding of audit.auditPipelines(chosen.map((p) => p.id)))
		report(finding as unknown as IDataObject & { type: FindingType });

	let deals = 0;
	const candidates: CrmDeal[] = [];
	const newDeals: CrmDeal[] = [];
	// The deals are read while the open tasks still are (a slow CRM answers both at once); pages that come before
	// the tasks wait for them, then every page is audited in the order it came.
	let openTasks: Map<string, CrmTask[]> | undefined;
	void openTasksRead.then(
		(tasks) => (openTasks = tasks),
		() => undefined,
	);
	const waiting: CrmDeal[][] = [];
	const auditDeals = (page: CrmDeal[], tasks: Map<string, CrmTask[]>) => {
		const settled = page.filter((d) => !isMeasured(d, settings, now));
		newDeals.push(...page.filter((d) => isMeasured(d, settings, now)));
		for (const finding of audit.auditPage(factsOf(settled, tasks)))
			report(finding as unknown as IDataObject & { type: FindingType });
	};
	try {
		for await (const listed of crm.listDeals({ pipelineIds: chosen.map((p) => p.id) })) {
			const page = listed.map((deal) => withStageEntry(deal, entries));
			deals += page.length;
			waiting.push(page);
			if (openTasks) for (const ready of waiting.splice(0)) auditDeals(ready, openTasks);
			for (const deal of page)
				if (deal.semantics === 'open' && cleanupStages.has(`${deal.pipelineId}|${deal.stageId}`))
					candidates.push(deal);
		}
		const tasks = await openTasksRead;
		for (const ready of waiting.splice(0)) auditDeals(ready, tasks);
		for (const finding of audit.auditPage(await factsWithFirstResponse(crm, newDeals, tasks)))
			report(finding as unknown as IDataObject & { type: FindingType });
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}

	const cleanup: CleanupReport | null = settings.cleanup
		? await runCleanup(this, crm, candidates, { pipelines, users, items, now }, settings.cleanup)
		: null;
	if (cleanup?.errors.length && !this.continueOnFail()) throw cleanup.errors[0];
	for (const action of cleanup?.items ?? []) emit(CLEANUP, action);

	const summary = audit.summary();
	emit(SUMMARY, {
		summary: 'audit',
		auditedAt: now,
		crm: crm.kind,
		pipelines: chosen.map((p) => p.name),
		...(entries ? { stageChangesRead: { since: entries.since, changes: entries.events } } : {}),
		deals,
		findings: Object.values(found).reduce((a, b) => a + b, 0),
		byType: found,
		...(cleanup && settings.cleanup
			? {
					cleanup: {
						dryRun: settings.cleanup.dryRun,
						stage: settings.cleanup.stageName,
						inStage: candidates.length,
						...cleanup.counts,
					},
				}
			: {}),
	});
	for (const row of [...summary.pipelines, ...summary.managers])
		emit(SUMMARY, row as unknown as IDataObject);
	return outputs;
}

async function readAccount(ctx: IExecuteFunctions, crm: FunnelCrm) {
	try {
		const pipelines = await crm.listPipelines();
		// Names in the report only: a token without the rights to list users (amoCRM: administrators) still audits.
		const users = await crm.listUsers().catch(() => []);
		// Started here and awaited beside the deals' read (a failure is the audit's: see auditAccount).
		const openTasksRead = openTasksByDeal(crm);
		openTasksRead.catch(() => undefined);
		return { pipelines, users, openTasksRead };
	} catch (error) {
		throw crmCallError(ctx.getNode(), error);
	}
}
