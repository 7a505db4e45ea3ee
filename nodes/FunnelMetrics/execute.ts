import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import { resolvePipeline } from '../shared/crm/stages';
import type { CrmCall, CrmDeal, CrmPipeline, FunnelCrm, StageChange } from '../shared/crm/types';
import { computeFunnelMetrics } from '../shared/funnel/metrics/funnelMetrics';
import type { MetricsRow } from '../shared/funnel/metrics/figures';
import { reportPeriod, type PeriodKind, type ReportPeriod } from '../shared/funnel/metrics/period';
import type { ReportLanguage } from '../shared/funnel/metrics/report/labels';
import { renderReport } from '../shared/funnel/metrics/report/report';
import { errorItem } from '../shared/n8n/crmErrors';
import { crmCallError } from '../shared/n8n/funnelCrmErrors';

const CRM_NAMES = { amocrm: 'amoCRM', bitrix24: 'Bitrix24' } as const;

interface Settings {
	period: ReportPeriod;
	pipelineRefs: string[];
	costField: string;
	language: ReportLanguage;
	talkLimitMinutes: number;
}

/**
 * Funnel Metrics: one report over the account per execution (the input is the schedule's tick). Reads, each in pages
 * within the CRM's limits: the pipelines, users and loss reasons; the stage changes from the period's start until now
 * (one pass); the deals made in the period and those the changes name; the account's calls in the period; the new
 * deals' calls (first response) and the won deals' products. Then computes the rows and the report.
 */
export async function executeFunnelMetrics(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	try {
		return await measure.call(this);
	} catch (error) {
		const failure =
			error instanceof NodeOperationError ? error : crmCallError(this.getNode(), error);
		if (!this.continueOnFail()) throw failure;
		return [this.getInputData().map((_, i) => errorItem(failure, i)), []];
	}
}

function readSettings(this: IExecuteFunctions, now: string): Settings {
	const param = <T>(name: string, fallback: T): T =>
		this.getNodeParameter(name, 0, fallback as never) as T;
	const options = param<IDataObject>('options', {});
	const timeZone = String(options.timeZone ?? '').trim() || this.getTimezone();
	const read = reportPeriod(param<PeriodKind>('period', 'lastWeek'), now, timeZone, {
		from: String(param('from', '')),
		to: String(param('to', '')),
	});
	if (!read.ok)
		throw new NodeOperationError(this.getNode(), `Period: ${read.reason}`, {
			description:
				'Choose a period, or give From and To as dates (2026-11-01) and a valid Time Zone.',
		});
	const refs = param<unknown>('pipelines', []);
	return {
		period: read.period,
		pipelineRefs: (Array.isArray(refs) ? refs : String(refs ?? '').split(','))
			.map((p) => String(p).trim())
			.filter(Boolean),
		costField: String(options.costField ?? '').trim(),
		language: options.language === 'en' ? 'en' : 'ru',
		talkLimitMinutes: Math.max(1, Number(options.talkLimitMinutes ?? 180) || 180),
	};
}

async function measure(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const now = new Date().toISOString();
	const settings = readSettings.call(this, now);
	const crm = getFunnelCrm(this);
	if (!crm)
		throw new NodeOperationError(
			this.getNode(),
			'Choose amoCRM or Bitrix24: the metrics read the CRM',
		);
	const { period } = settings;
	const [pipelines, users, lossReasons] = await Promise.all([
		crm.listPipelines(),
		// Names in the report only: a token without the rights to list users still reports.
		crm.listUsers().catch(() => []),
		crm.listLossReasons(),
	]);
	const chosen = chosenPipelines.call(this, pipelines, settings.pipelineRefs);
	const data = await readPeriod(
		crm,
		period,
		now,
		chosen.map((p) => p.id),
		settings.costField,
	);
	const result = computeFunnelMetrics({
		period,
		pipelines,
		pipelineIds: chosen.map((p) => p.id),
		users,
		lossReasons,
		deals: data.deals.values(),
		changes: data.changes,
		calls: data.calls,
		dealCalls: data.dealCalls,
		sales: data.sales,
		talkLimitMinutes: settings.talkLimitMinutes,
		withCost: settings.costField !== '',
	});
	const common = {
		crm: crm.kind,
		periodFrom: period.from,
		periodTo: period.to,
		firstDay: period.firstDay,
		lastDay: period.lastDay,
		timeZone: period.timeZone,
	};
	const paired = { item: 0 };
	const rowItem = (row: MetricsRow) => ({
		json: { row: row.scope, ...common, ...rowJson(row) } as IDataObject,
		pairedItem: paired,
	});
	const report = renderReport(result, {
		language: settings.language,
		firstDay: period.firstDay,
		lastDay: period.lastDay,
		crmName: CRM_NAMES[crm.kind],
		talkLimitMinutes: settings.talkLimitMinutes,
	});
	return [
		[result.total, ...result.pipelines, ...result.managers].map(rowItem),
		[
			{
				json: {
					row: 'report',
					...common,
					language: settings.language,
					pipelines: chosen.map((p) => p.name),
					subject: report.subject,
					html: report.html,
					markdown: report.markdown,
				},
				pairedItem: paired,
			},
		],
	];
}

function rowJson(row: MetricsRow): IDataObject {
	const base: IDataObject = {
		[row.scope === 'manager' ? 'managerId' : row.scope === 'pipeline' ? 'pipelineId' : 'id']:
			row.id,
		[row.scope === 'manager' ? 'managerName' : row.scope === 'pipeline' ? 'pipelineName' : 'name']:
			row.scope === 'total' ? null : row.name,
	};
	if (row.scope === 'total') {
		delete base.id;
		delete base.name;
	}
	return {
		...base,
		...row.sales,
		firstResponse: row.firstResponse,
		talk: row.talk,
		funnels: row.funnels,
	} as unknown as IDataObject;
}

/** The chosen pipelines (all when none is chosen); an unknown name stops before anything else is read. */
function chosenPipelines(
	this: IExecuteFunctions,
	all: CrmPipeline[],
	refs: string[],
): CrmPipeline[] {
	if (refs.length === 0) return all;
	const chosen = refs.map((ref) => {
		const found = resolvePipeline(all, ref);
		if (!found.ok)
			throw new NodeOperationError(this.getNode(), `Pipelines: ${found.reason}`, {
				description: 'Choose the pipelines from the list, or leave it empty to report all of them.',
			});
		return found.value;
	});
	return chosen.filter((p, i) => chosen.findIndex((q) => q.id === p.id) === i);
}

interface PeriodData {
	deals: Map<string, CrmDeal>;
	changes: Map<string, StageChange[]>;
	calls: CrmCall[];
	dealCalls: Map<string, CrmCall[]>;
	sales: Map<string, import('../shared/crm/types').SaleDetails>;
}

async function readPeriod(
	crm: FunnelCrm,
	period: ReportPeriod,
	now: string,
	pipelineIds: string[],
	costField: string,
): Promise<PeriodData> {
	const changes = new Map<string, StageChange[]>();
	// To the end of the feed, whatever our clock says: a change the CRM made "later" than our now still counts.
	for await (const page of crm.listStageChanges({ from: period.from }))
		for (const change of page) {
			const list = changes.get(change.dealId);
			if (list) list.push(change);
			else changes.set(change.dealId, [change]);
		}
	const deals = new Map<string, CrmDeal>();
	for await (const page of crm.listDeals({ createdFrom: period.from, createdTo: period.to }))
		for (const deal of page)
			if (Date.parse(deal.createdAt) < Date.parse(period.to)) deals.set(deal.id, deal);
	const named = [...changes.keys()].filter((id) => !deals.has(id));
	if (named.length) for (const [id, deal] of await crm.getDeals(named)) deals.set(id, deal);
	const calls: CrmCall[] = [];
	for await (const page of crm.listCallsBetween({ from: period.from, to: period.to }))
		calls.push(...page);
	const chosen = new Set(pipelineIds);
	const created = [...deals.values()].filter(
		(d) =>
			Date.parse(d.createdAt) >= Date.parse(period.from) &&
			Date.parse(d.createdAt) < Date.parse(period.to),
	);
	const dealCalls = created.length ? await crm.listCalls(created.map((d) => d.id)) : new Map();
	// Products and cost of the deals that stand won now and changed in the window or were made in it.
	const won = [...deals.values()].filter(
		(d) => d.semantics === 'won' && (chosen.size === 0 || chosen.has(d.pipelineId)),
	);
	const sales = won.length
		? await crm.listSaleDetails(
				won.map((d) => d.id),
				{ costField: costField || undefined },
			)
		: new Map();
	return { deals, changes, calls, dealCalls, sales };
}
