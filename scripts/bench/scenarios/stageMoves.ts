/**
 * Scenario 3 — stage moves of N leads, each CRM: the amoCRM node's and the Bitrix24 node's "Move to Stage" by
 * stage *name* (as templates do), against the emulator with its real limits; then the stock way (HTTP Request, one
 * request per item, the ids looked up by hand) on a fresh emulator with the same account. The leads are seeded by
 * the emulator (not counted); each run's end state is checked in the emulator's state.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CrmKind } from '../../../nodes/shared/crm/types';
import { CREDENTIALS, harnessFor, measureRun, modelledLatency, serverSeconds, nodeOf, requestsByKind, singleNodeWorkflow, STOCK_NOT_AT_LATENCY, variant, wallAcceptance } from '../crmRun';
import { startEmulator, type RunningCrm } from '../emulatorProcess';
import { fmt, round } from '../format';
import { amoStageMoves, bitrixStageMoves, idealOf, type Minimum } from '../minimums';
import { measureStockWay, type StockRequest } from '../stockWay';
import type { BenchSettings, CrmScenarioResult, Scenario } from '../types';

const PIPELINE = { amocrm: 'Вебинар', bitrix24: 'Вебинар «Больше чем игрушка»' };
const STAGE = 'Отправлен на повтор вебинара';

interface Target {
	ids: string[];
	/** The ids the stock way needs (a user looks them up once by hand). */
	pipelineId: string;
	stageId: string;
}

interface CrmPlan {
	seed(items: number): unknown;
	target(state: IDataObject, items: number): Target;
	/** The records of `ids` now in the target stage. */
	moved(state: IDataObject, target: Target, ids: string[]): number;
	node(): ReturnType<typeof nodeOf>;
	stock(emulator: RunningCrm, target: Target): StockRequest;
	minimum(items: number): Minimum;
}

const AMOCRM: CrmPlan = {
	seed: (items) => ({ generate: { leads: items, contacts: 300 } }),
	target(state, items) {
		const pipeline = (state.pipelines as Array<{ id: number; name: string; statuses: Array<{ id: number; name: string }> }>).find((p) => p.name === PIPELINE.amocrm)!;
		const stage = pipeline.statuses.find((s) => s.name === STAGE)!;
		const ids = (state.leads as Array<{ id: number }>).slice(0, items).map((l) => String(l.id));
		return { ids, pipelineId: String(pipeline.id), stageId: String(stage.id) };
	},
	moved(state, target, ids) {
		const wanted = new Set(ids);
		return (state.leads as Array<{ id: number; pipeline_id: number; status_id: number }>).filter(
			(l) => wanted.has(String(l.id)) && String(l.pipeline_id) === target.pipelineId && String(l.status_id) === target.stageId,
		).length;
	},
	node: () =>
		nodeOf(
			'amoCRM',
			'n8n-nodes-sales-funnel.amoCrm',
			{
				resource: 'lead',
				operation: 'moveToStage',
				leadId: '={{ $json.id }}',
				pipeline: { __rl: true, mode: 'name', value: PIPELINE.amocrm },
				stage: { __rl: true, mode: 'name', value: STAGE },
			},
			{ credentials: CREDENTIALS.amocrm },
		),
	stock: (emulator, target) => ({
		method: 'PATCH',
		url: `=${emulator.info.url}/api/v4/leads/{{ $json.id }}`,
		headers: { Authorization: `Bearer ${emulator.info.token}` },
		jsonBody: JSON.stringify({ status_id: Number(target.stageId), pipeline_id: Number(target.pipelineId) }),
	}),
	minimum: amoStageMoves,
};

const BITRIX24: CrmPlan = {
	seed: (items) => ({ deals: items, contacts: 300 }),
	target(state, items) {
		const category = (state.categories as Array<{ id: number; name: string }>).find((c) => c.name === PIPELINE.bitrix24)!;
		const stage = (state.statuses as Array<{ ENTITY_ID: string; STATUS_ID: string; NAME: string }>).find((s) => s.ENTITY_ID === `DEAL_STAGE_${category.id}` && s.NAME === STAGE)!;
		const ids = (state.deals as Array<{ ID: number }>).slice(0, items).map((d) => String(d.ID));
		return { ids, pipelineId: String(category.id), stageId: stage.STATUS_ID };
	},
	moved(state, target, ids) {
		const wanted = new Set(ids);
		return (state.deals as Array<{ ID: number; CATEGORY_ID: number; STAGE_ID: string }>).filter(
			(d) => wanted.has(String(d.ID)) && String(d.CATEGORY_ID) === target.pipelineId && d.STAGE_ID === target.stageId,
		).length;
	},
	node: () =>
		nodeOf(
			'Bitrix24',
			'n8n-nodes-sales-funnel.bitrix24',
			{
				resource: 'deal',
				operation: 'moveToStage',
				id: '={{ $json.id }}',
				category: { __rl: true, mode: 'id', value: PIPELINE.bitrix24 },
				stage: STAGE,
			},
			{ credentials: CREDENTIALS.bitrix24 },
		),
	stock: (emulator, target) => ({
		method: 'POST',
		url: `${emulator.info.webhook}crm.item.update.json`,
		// crm.item.update, not crm.deal.update: the legacy method silently ignores a stage of another pipeline.
		jsonBody: `={ "entityTypeId": 2, "id": {{ $json.id }}, "fields": { "categoryId": ${Number(target.pipelineId)}, "stageId": "${target.stageId}" } }`,
	}),
	minimum: bitrixStageMoves,
};

const PLANS: Record<CrmKind, CrmPlan> = { amocrm: AMOCRM, bitrix24: BITRIX24 };

export function stageMovesScenario(crm: CrmKind, latency = false): Scenario {
	const { id, title } = variant(`3-${crm}`, `Stage moves (${crm === 'amocrm' ? 'amoCRM' : 'Bitrix24'})`, latency);
	return { id, title, crm, latency, run: (settings, log) => runStageMoves(crm, id, latency, settings, log) };
}

async function runStageMoves(crm: CrmKind, id: string, latency: boolean, settings: BenchSettings, log: (line: string) => void): Promise<CrmScenarioResult> {
	const plan = PLANS[crm];
	const items = settings.items;
	const model = modelledLatency(crm, latency);

	const ours = await startEmulator(crm, plan.seed(items), { latency });
	let target: Target;
	let run: Awaited<ReturnType<typeof measureRun>>;
	let verified: number;
	let alreadyThere: number;
	try {
		log(`  seeded ${fmt(items)} records in ${round(ours.startSeconds, 1)} s (not counted)`);
		const before = await ours.control<IDataObject>('GET', 'state');
		target = plan.target(before, items);
		alreadyThere = plan.moved(before, target, target.ids);
		const input = target.ids.map((id) => ({ id }));
		run = await measureRun(ours, harnessFor(ours), singleNodeWorkflow(plan.node()), input);
		if (run.status !== 'success') throw new Error(`the ${crm} node failed: ${run.error}`);
		verified = plan.moved(await ours.control<IDataObject>('GET', 'state'), target, target.ids);
		log(`  ours: ${run.requests.length} requests in ${round(run.wallSeconds, 2)} s, ${verified} moved`);
	} finally {
		await ours.stop();
	}

	let stockFields: Pick<CrmScenarioResult, keyof typeof STOCK_NOT_AT_LATENCY> = STOCK_NOT_AT_LATENCY;
	const notes: string[] = [];
	if (!latency) {
		const stock = await startEmulator(crm, plan.seed(items));
		try {
			const baseline = await measureStockWay(stock, harnessFor(stock), plan.stock(stock, target), target.ids.map((id) => ({ id })), settings.baselineSample[crm]);
			const baselineVerified = plan.moved(await stock.control<IDataObject>('GET', 'state'), target, target.ids.slice(0, baseline.sampleItems));
			log(`  stock way: ${baseline.run.requests.length} requests in ${round(baseline.run.wallSeconds, 2)} s for ${baseline.sampleItems} items, ${baselineVerified} moved`);
			if (baselineVerified !== baseline.sampleItems - baseline.failedItems) notes.push(`stock way: ${baselineVerified} of ${baseline.sampleItems} sample records reached the stage`);
			stockFields = {
				baseline_requests: baseline.requests,
				baseline_wall_s: baseline.wallSeconds,
				baseline_basis: baseline.basis,
				baseline_sample_items: baseline.sampleItems,
				baseline_sample_wall_s: round(baseline.run.wallSeconds, 2),
				baseline_sample_requests: baseline.run.requests.length,
				baseline_rate_limit_errors: baseline.run.rateLimitErrors,
				baseline_failed_items: baseline.failedItems,
			};
		} finally {
			await stock.stop();
		}
	}

	const minimum = plan.minimum(items);
	const ideal = idealOf(crm, minimum, run.startedAtMs, model);
	const itemsOut = run.outputs.reduce((sum, output) => sum + output.length, 0);
	const requests = run.requests.length;
	// The seeded account has some leads in the target stage already: the end state is checked for all of them.
	notes.unshift(`${fmt(alreadyThere)} of the ${fmt(items)} were in the stage before the run`);
	return {
		id,
		scenario: 'Stage moves',
		crm,
		status: 'measured',
		latency_ms: model?.baseMs ?? 0,
		items_in: items,
		items_out: itemsOut,
		items_lost: items - itemsOut,
		verified_in_crm: verified,
		requests,
		min_requests: minimum.requests.length,
		min_requests_arithmetic: minimum.arithmetic,
		wall_s: round(run.wallSeconds, 2),
		ideal_wall_s: round(ideal.seconds, 2),
		ideal_wall_arithmetic: ideal.arithmetic,
		rate_limit_errors: run.rateLimitErrors,
		server_s: round(serverSeconds(run.requests), 2),
		...stockFields,
		requests_by_kind: requestsByKind(run.requests),
		acceptance: {
			requests_within_5_percent: requests <= 1.05 * minimum.requests.length,
			...wallAcceptance(run.wallSeconds, ideal.seconds, latency),
			no_rate_limit_errors: run.rateLimitErrors === 0,
			nothing_lost: itemsOut === items && verified === items,
		},
		notes,
	};
}
