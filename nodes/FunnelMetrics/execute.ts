import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import { resolvePipeline } from '../shared/crm/stages';
import type {
	ChatMessage,
	CrmCall,
	CrmDeal,
	CrmPipeline,
	FunnelCrm,
	SaleDetails,
	StageChange,
} from '../shared/crm/types';
import { computeFunnelMetrics } from '../shared/funnel/metrics/funnelMetrics';
import type { MetricsRow } from '../shared/funnel/metrics/figures';
import { reportPeriod, type PeriodKind, type ReportPeriod } from '../shared/funnel/metrics/period';
import type { ReportLanguage } from '../shared/funnel/metrics/report/labels';
import { renderReport } from '../shared/funnel/metrics/report/report';
import { crmCallError, errorItem } from '../shared/n8n/crmErrors';

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
 * within the CRM's limits and each in one pass from the period's start until now: the pipelines, users and loss
 * reasons; the stage changes; the deals changed since the start (with the won deals' products); the account's calls
 * (talk time, and the new deals' first response); the deals' chat messages where the CRM tells them. Then computes
 * the rows and the report.
 */
export async function executeFunnelMetrics(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	try {
		return await measure.call(this);
	} catch (error) {
		const failure = crmCallError(this.getNode(), error);
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
	// Users name the managers only: a credential without the right to list them still reports.
	const { pipelines, users, lossReasons } = await crm.listReference();
	const chosen = chosenPipelines.call(this, pipelines, settings.pipelineRefs);
	const data = await readPeriod(
		crm,
		period,
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
		chatMessages: data.chatMessages,
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
		chats: row.chats,
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
	sales: Map<string, SaleDetails>;
	/** null where the CRM does not tell chat messages. */
	chatMessages: ChatMessage[] | null;
}

/** A call logged up to a minute before its deal still counts as the deal's first response. */
const CALL_CLOCK_SLACK_MS = 60_000;

async function readPeriod(
	crm: FunnelCrm,
	period: ReportPeriod,
	pipelineIds: string[],
	costField: string,
): Promise<PeriodData> {
	const from = Date.parse(period.from);
	const to = Date.parse(period.to);
	const changes = new Map<string, StageChange[]>();
	// To the end of the feed, whatever our clock says: a change the CRM made "later" than our now still counts.
	for await (const page of crm.listStageChanges({ from: period.from }))
		for (const change of page) {
			const list = changes.get(change.dealId);
			if (list) list.push(change);
			else changes.set(change.dealId, [change]);
		}
	// The deals changed since the start hold those made in the period and those moved since (a move changes a deal);
	// a deal the changes name that the CRM did not mark changed is read by id. The wins' products come along.
	const chosen = new Set(pipelineIds);
	const { deals, sales } = await crm.listDealsSince({
		from: period.from,
		ids: [...changes.keys()],
		salesOf: (d) => d.semantics === 'won' && (chosen.size === 0 || chosen.has(d.pipelineId)),
		costField: costField || undefined,
	});
	// Calls from the start until now, in one pass: the period's talk time, and each new deal's first call even when
	// it came after the period's end.
	const calls: CrmCall[] = [];
	for await (const page of crm.listCallsBetween({
		from: new Date(from - CALL_CLOCK_SLACK_MS).toISOString(),
	}))
		calls.push(...page);
	const created = new Set(
		[...deals.values()]
			.filter((d) => Date.parse(d.createdAt) >= from && Date.parse(d.createdAt) < to)
			.map((d) => d.id),
	);
	const dealCalls = new Map<string, CrmCall[]>();
	for (const call of calls) {
		if (!call.dealId || !created.has(call.dealId)) continue;
		const list = dealCalls.get(call.dealId);
		if (list) list.push(call);
		else dealCalls.set(call.dealId, [call]);
	}
	const chats = crm.listChatMessages({ from: period.from });
	let chatMessages: ChatMessage[] | null = null;
	if (chats) {
		chatMessages = [];
		for await (const page of chats) chatMessages.push(...page);
	}
	return { deals, changes, calls, dealCalls, sales, chatMessages };
}
