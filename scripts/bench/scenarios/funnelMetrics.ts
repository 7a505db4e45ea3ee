/**
 * Funnel Metrics over an account of 50,000 deals (quick: 5,000), each CRM: the node with its defaults (last week,
 * every pipeline, Russian report) started by a tick, against the emulator with its real limits — the same account as
 * the weekly audit's. Items here are the deals the period names (made in it, or changed stage since its start): every
 * one must be in the rows (the total row's new deals and closes are checked against the emulator's own state).
 * There is no stock way to compare with: HTTP Request pages the same lists, and the metrics would be custom code.
 *
 * The minimum is derived here, from the API's limits, over what any client must read to compute the metrics:
 * - amoCRM: pipelines, users and loss reasons (3 GET); the events from the period's start on (stage changes and chat
 *   messages in one pass), 100 a page (the feed's maximum); the deals the period names, 250 a page (no client reads
 *   them in fewer pages, whatever filter it uses; products come in the same pages with `with=catalog_elements`); the
 *   call notes of leads and of contacts changed since the start (notes filter by update time only), 250 a page, each
 *   list at least one page.
 * - Bitrix24: one batch of pipelines, stages, fields and users; then 50 list commands a batch: stage-history rows
 *   since the period's start, 50 a command; the named deals, 50 a command; completed calls since the start, 50 a
 *   command; the won deals' product rows, 50 owners and 50 rows a command. Each kind in batches of its own (a
 *   kind's commands depend on the one before: the deals on the history, the products on the deals).
 */
import type { IDataObject } from 'n8n-workflow';

import type { CrmKind } from '../../../nodes/shared/crm/types';
import type { WorkflowJson } from '../../../test/harness/runWorkflow';
import { CREDENTIALS, harnessFor, measureRun, requestsByKind, serverSeconds } from '../crmRun';
import { startEmulator, type RunningCrm } from '../emulatorProcess';
import { fmt, round } from '../format';
import type { PlannedRequest } from '../limits';
import { bitrixCost, idealOf, type Minimum } from '../minimums';
import type { BenchSettings, CrmScenarioResult, Scenario } from '../types';
import { auditSeed } from './weeklyAudit';

const NODE = 'Funnel Metrics';
const TIME_ZONE = 'Europe/Moscow';
const AMO = { page: 250, events: 100 };
const BITRIX = { batch: 50, page: 50 };
const ceil = (a: number, b: number) => Math.ceil(a / b);

type Row = Record<string, unknown>;

/** Tick → Funnel Metrics (defaults) → a No-op per output. */
export function metricsWorkflow(crm: CrmKind): WorkflowJson {
	const outputs = ['Metrics', 'Report'];
	const parameters =
		crm === 'amocrm'
			? { crm: 'amocrm', authentication: 'longLivedToken' }
			: { crm: 'bitrix24', bitrixEntity: 'deal' };
	return {
		id: `bench-metrics-${crm}`,
		name: `Bench: funnel metrics on ${crm}`,
		nodes: [
			{
				id: 'start',
				name: 'Items',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'metrics',
				name: NODE,
				type: 'n8n-nodes-sales-funnel.funnelMetrics',
				typeVersion: 1,
				position: [240, 0],
				parameters: { ...parameters, options: { timeZone: TIME_ZONE } },
				credentials: CREDENTIALS[crm],
			},
			...outputs.map((name, i) => ({
				id: `o${i}`,
				name,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [480, i * 100] as [number, number],
				parameters: {},
			})),
		],
		connections: {
			Items: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) },
		},
	};
}

/** What the period asks of the account, counted from the emulator's own state. */
export interface MetricsLoad {
	/** Deals made in the period. */
	created: number;
	/** Deals made in the period or changed stage since its start. */
	named: number;
	/** Deals whose last stage at the period's end is won or lost and was entered in it (the total row's closes). */
	closedInPeriod: number;
	/** amoCRM: `lead_status_changed` events since the start; Bitrix24: stage-history rows since the start. */
	changes: number;
	/** amoCRM: the leads' chat-message events since the start (Bitrix24 has none in the CRM). */
	chatMessages: number;
	/** amoCRM: call notes of leads changed since the start; Bitrix24: completed call activities since the start. */
	calls: number;
	/** amoCRM: call notes of contacts changed since the start. */
	contactCalls: number;
	/** Won deals among the named, and their product rows (Bitrix24). */
	won: number;
	productRows: number;
}

const seconds = (v: unknown) => Number(v) * 1000;
const millis = (v: unknown) => (typeof v === 'number' ? v : Date.parse(String(v)));

export function amoLoad(raw: Row, from: number, to: number): MetricsLoad {
	const leads = (raw.leads as Row[]).filter((l) => !l.is_deleted);
	const changed = new Set<number>();
	let changes = 0;
	let chatMessages = 0;
	for (const e of raw.events as Row[]) {
		if (seconds(e.created_at) < from) continue;
		if (e.type === 'lead_status_changed') {
			changes++;
			changed.add(Number(e.entity_id));
		} else if (
			e.entity_type === 'lead' &&
			(e.type === 'incoming_chat_message' || e.type === 'outgoing_chat_message')
		)
			chatMessages++;
	}
	const created = leads.filter((l) => seconds(l.created_at) >= from && seconds(l.created_at) < to);
	const named = leads.filter(
		(l) => changed.has(Number(l.id)) || (seconds(l.created_at) >= from && seconds(l.created_at) < to),
	);
	// A close of the period: the deal's last stage at the period's end is won or lost and was entered in it.
	const last = new Map<number, Row>();
	for (const e of raw.events as Row[])
		if (e.type === 'lead_status_changed' && seconds(e.created_at) < to) {
			const known = last.get(Number(e.entity_id));
			if (!known || Number(known.created_at) <= Number(e.created_at)) last.set(Number(e.entity_id), e);
		}
	const closed = [...last.values()].filter((e) => {
		const status = ((e.value_after as Row[])[0]?.lead_status as Row | undefined)?.id;
		return (status === 142 || status === 143) && seconds(e.created_at) >= from;
	});
	const callNotes = (entity: string) =>
		(raw.notes as Row[]).filter(
			(n) =>
				n.entity_type === entity &&
				(n.note_type === 'call_in' || n.note_type === 'call_out') &&
				seconds(n.updated_at) >= from,
		).length;
	return {
		created: created.length,
		named: named.length,
		closedInPeriod: closed.length,
		changes,
		chatMessages,
		calls: callNotes('leads'),
		contactCalls: callNotes('contacts'),
		won: named.filter((l) => l.status_id === 142).length,
		productRows: 0,
	};
}

export function bitrixLoad(raw: Row, from: number, to: number): MetricsLoad {
	const deals = raw.deals as Row[];
	const rows = (raw.stageHistory as Row[]).filter(
		(r) => r.ENTITY_TYPE_ID === 2 && millis(r.CREATED_TIME) >= from,
	);
	const changed = new Set(rows.map((r) => Number(r.OWNER_ID)));
	const madeIn = (d: Row) => millis(d.DATE_CREATE) >= from && millis(d.DATE_CREATE) < to;
	const named = deals.filter((d) => changed.has(Number(d.ID)) || madeIn(d));
	const won = new Set(named.filter((d) => d.STAGE_SEMANTIC_ID === 'S').map((d) => Number(d.ID)));
	const last = new Map<number, Row>();
	for (const r of raw.stageHistory as Row[])
		if (r.ENTITY_TYPE_ID === 2 && millis(r.CREATED_TIME) < to) {
			const known = last.get(Number(r.OWNER_ID));
			if (!known || Number(known.ID) < Number(r.ID)) last.set(Number(r.OWNER_ID), r);
		}
	const closed = [...last.values()].filter(
		(r) => (r.SEMANTIC_ID === 'S' || r.SEMANTIC_ID === 'F') && millis(r.CREATED_TIME) >= from,
	);
	const calls = (raw.activities as Row[]).filter(
		(a) => Number(a.TYPE_ID) === 2 && a.COMPLETED === 'Y' && millis(a.START_TIME) >= from,
	);
	return {
		created: deals.filter(madeIn).length,
		named: named.length,
		closedInPeriod: closed.length,
		changes: rows.length,
		chatMessages: 0,
		calls: calls.length,
		contactCalls: 0,
		won: won.size,
		productRows: (raw.productRows as Row[]).filter(
			(r) => r.ownerType === 'D' && won.has(Number(r.ownerId)),
		).length,
	};
}

function plain(count: number): PlannedRequest[] {
	return Array.from({ length: count }, () => ({}));
}

/** amoCRM: see the file's head. */
export function amoMetricsMinimum(load: MetricsLoad): Minimum {
	// One pass of the feed can ask for both kinds of events (`filter[type]` takes a list).
	const events = ceil(load.changes + load.chatMessages, AMO.events);
	const deals = ceil(load.named, AMO.page);
	const leadNotes = Math.max(1, ceil(load.calls, AMO.page));
	const contactNotes = Math.max(1, ceil(load.contactCalls, AMO.page));
	const total = 3 + events + deals + leadNotes + contactNotes;
	return {
		requests: plain(total),
		arithmetic:
			`3 GET (pipelines, users, loss reasons) + ⌈(${fmt(load.changes)} stage changes + ${fmt(load.chatMessages)} chat messages since the start) ÷ ${AMO.events}⌉ = ${events} GET /events + ` +
			`⌈${fmt(load.named)} deals the period names ÷ ${AMO.page}⌉ = ${deals} GET /leads (products in the same pages) + ` +
			`⌈${fmt(load.calls)} lead call notes ÷ ${AMO.page}⌉ = ${leadNotes} + ⌈${fmt(load.contactCalls)} contact call notes ÷ ${AMO.page}⌉ = ${contactNotes} GET notes → ${total}`,
	};
}

/** Batches of `count` commands of one method, 50 a batch, with the operating seconds they charge. */
function batches(method: string, count: number): PlannedRequest[] {
	const cost = bitrixCost(method);
	return Array.from({ length: ceil(count, BITRIX.batch) }, (_, b) => ({
		operating: { [method]: Math.min(BITRIX.batch, count - b * BITRIX.batch) * cost },
	}));
}

/** Bitrix24: see the file's head. */
export function bitrixMetricsMinimum(load: MetricsLoad): Minimum {
	const history = batches('crm.stagehistory.list', Math.max(1, ceil(load.changes, BITRIX.page)));
	const deals = batches('crm.item.list', Math.max(1, ceil(load.named, BITRIX.page)));
	const calls = batches('crm.activity.list', Math.max(1, ceil(load.calls, BITRIX.page)));
	const productCommands = Math.max(ceil(load.won, BITRIX.page), ceil(load.productRows, BITRIX.page));
	const products = batches('crm.item.productrow.list', productCommands);
	const total = 1 + history.length + deals.length + calls.length + products.length;
	return {
		requests: [{}, ...history, ...deals, ...calls, ...products],
		arithmetic:
			`1 batch of pipelines, stages, fields and users + ⌈⌈${fmt(load.changes)} history rows since the start ÷ 50⌉ ÷ 50⌉ = ${history.length} + ` +
			`⌈⌈${fmt(load.named)} deals the period names ÷ 50⌉ ÷ 50⌉ = ${deals.length} + ⌈⌈${fmt(load.calls)} completed calls since the start ÷ 50⌉ ÷ 50⌉ = ${calls.length} + ` +
			`⌈max(⌈${fmt(load.won)} won deals ÷ 50 owners⌉, ⌈${fmt(load.productRows)} product rows ÷ 50⌉) ÷ 50⌉ = ${products.length} batches → ${total}`,
	};
}

export function funnelMetricsScenario(crm: CrmKind): Scenario {
	const label = crm === 'amocrm' ? 'amoCRM' : 'Bitrix24';
	return {
		id: `metrics-${crm}`,
		title: `Funnel metrics (${label})`,
		run: (settings, log) => runMetrics(crm, settings, log),
	};
}

async function runMetrics(
	crm: CrmKind,
	settings: BenchSettings,
	log: (line: string) => void,
): Promise<CrmScenarioResult> {
	// The audit's account: 50,000 deals with their history, contacts and activities make a large emulator heap.
	const emulator: RunningCrm = await startEmulator(crm, auditSeed(crm, settings.auditLeads), {
		heapMb: 4096,
	});
	let run: Awaited<ReturnType<typeof measureRun>>;
	let load: MetricsLoad;
	let total: IDataObject;
	try {
		log(`  account seeded in ${round(emulator.startSeconds, 1)} s (not counted)`);
		run = await measureRun(emulator, harnessFor(emulator), metricsWorkflow(crm), [{ tick: true }]);
		if (run.status !== 'success') throw new Error(`the metrics failed: ${run.error}`);
		log(`  ours: ${run.requests.length} requests in ${round(run.wallSeconds, 2)} s`);
		const [rows = []] = run.result.outputs(NODE);
		total = rows.find((r) => r.row === 'total') ?? {};
		const from = Date.parse(String(total.periodFrom));
		const to = Date.parse(String(total.periodTo));
		const raw = await emulator.control<Row>('GET', 'state');
		load = crm === 'amocrm' ? amoLoad(raw, from, to) : bitrixLoad(raw, from, to);
		log(
			`  period ${String(total.periodFrom)} – ${String(total.periodTo)}: ${fmt(load.created)} new, ${fmt(load.named)} named, ` +
				`${fmt(load.changes)} changes, ${fmt(load.calls + load.contactCalls)} calls, ${fmt(load.won)} won`,
		);
	} finally {
		await emulator.stop();
	}
	const minimum = crm === 'amocrm' ? amoMetricsMinimum(load) : bitrixMetricsMinimum(load);
	const ideal = idealOf(crm, minimum, run.startedAtMs);
	const requests = run.requests.length;
	// The total row counts every new deal and every close of the period: nothing the period names is left out.
	const counted = Number(total.created ?? 0) + Number(total.won ?? 0) + Number(total.lost ?? 0);
	const expected = load.created + load.closedInPeriod;
	return {
		id: `metrics-${crm}`,
		scenario: 'Funnel metrics',
		crm,
		status: 'measured',
		items_in: load.named,
		items_out: counted === expected ? load.named : 0,
		items_lost: Math.max(0, expected - counted),
		verified_in_crm: counted,
		requests,
		min_requests: minimum.requests.length,
		min_requests_arithmetic: minimum.arithmetic,
		wall_s: round(run.wallSeconds, 2),
		ideal_wall_s: round(ideal.seconds, 2),
		ideal_wall_arithmetic: ideal.arithmetic,
		rate_limit_errors: run.rateLimitErrors,
		server_s: round(serverSeconds(run.requests), 2),
		baseline_requests: 0,
		baseline_wall_s: 0,
		baseline_basis:
			'none: n8n has no funnel metrics to compare with (HTTP Request would page the same lists; the metrics would be custom code)',
		baseline_sample_items: 0,
		baseline_sample_wall_s: 0,
		baseline_sample_requests: 0,
		baseline_rate_limit_errors: 0,
		baseline_failed_items: 0,
		requests_by_kind: requestsByKind(run.requests),
		acceptance: {
			requests_within_5_percent: requests <= 1.05 * minimum.requests.length,
			wall_within_20_percent: ideal.seconds > 0 ? run.wallSeconds <= 1.2 * ideal.seconds : null,
			no_rate_limit_errors: run.rateLimitErrors === 0,
			nothing_lost: counted === expected,
		},
		notes: [
			`period ${String(total.periodFrom)} – ${String(total.periodTo)} (last week, ${TIME_ZONE})`,
			`${fmt(load.created)} deals made in it, ${fmt(load.named)} named by it, ${fmt(load.closedInPeriod)} closed in it (the total row: ${fmt(Number(total.created ?? 0))} new, ${fmt(Number(total.won ?? 0))} won, ${fmt(Number(total.lost ?? 0))} lost)`,
			`requests ÷ minimum ${round(requests / minimum.requests.length, 2)} (target ≤ 1.1)`,
		],
	};
}
