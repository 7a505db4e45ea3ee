/**
 * One measured run of a workflow against a CRM emulator, through the same harness as the tests (workflow JSON
 * executed by n8n-core's WorkflowExecute): wall time around the execution, the emulator's request log and
 * limiter counters, and the items that came out of the node.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { CrmKind } from '../../nodes/shared/crm/types';
import { AMOCRM_LATENCY, BITRIX24_LATENCY, type LatencyModel } from '../../test/emulators/timing';
import { WorkflowHarness, type RunResult, type WorkflowJson } from '../../test/harness/runWorkflow';
import type { RequestLogEntry, RunningCrm } from './emulatorProcess';

export interface CrmRun {
	wallSeconds: number;
	/** Epoch ms when the execution started (the operating budget's buckets follow the clock). */
	startedAtMs: number;
	requests: RequestLogEntry[];
	rateLimitErrors: number;
	/** Items on each output of the measured node (the error output last, when it has one). */
	outputs: IDataObject[][];
	status: string;
	error?: string;
	/** The whole execution, for workflows of more than one node. */
	result: RunResult;
}

const START = 'Items';

/** A harness holding the emulator's credential under the id the workflows below use. */
export function harnessFor(emulator: RunningCrm): WorkflowHarness {
	const harness = new WorkflowHarness();
	if (emulator.info.crm === 'amocrm') {
		harness.setCredentials('amoCrmApi', { zone: 'sandbox', sandboxUrl: emulator.info.url, accessToken: emulator.info.token ?? '', requestsPerSecond: 7 }, 'amo-cred');
	} else {
		harness.setCredentials('bitrix24WebhookApi', { environment: 'sandbox', webhookUrl: emulator.info.webhook ?? '' }, 'b24-cred');
	}
	return harness;
}

export const CREDENTIALS: Record<CrmKind, INode['credentials']> = {
	amocrm: { amoCrmApi: { id: 'amo-cred', name: 'amoCRM sandbox' } },
	bitrix24: { bitrix24WebhookApi: { id: 'b24-cred', name: 'Bitrix24 sandbox' } },
};

/** Items → one node: the shape of every measured workflow (the node is the only thing that talks to the CRM). */
export function singleNodeWorkflow(node: Omit<INode, 'id' | 'position'>): WorkflowJson {
	return {
		id: `bench-${node.name}`,
		name: `Bench: ${node.name}`,
		nodes: [
			{ id: 'start', name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'measured', position: [240, 0], ...node },
		],
		connections: { [START]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}

export function nodeOf(name: string, type: string, parameters: INodeParameters, extra: Partial<INode> = {}): Omit<INode, 'id' | 'position'> {
	return { name, type, typeVersion: 1, parameters, ...extra };
}

/** Runs the workflow with these items, after clearing the emulator's request log; the clock runs around the execution only. */
export async function measureRun(emulator: RunningCrm, harness: WorkflowHarness, workflow: WorkflowJson, items: IDataObject[]): Promise<CrmRun> {
	await emulator.control('DELETE', 'requests');
	const before = await emulator.stats();
	const nodeName = workflow.nodes[1].name;
	const startedAtMs = Date.now();
	const started = performance.now();
	const result = await harness.run(workflow, { trigger: { items } });
	const wallSeconds = (performance.now() - started) / 1000;
	const after = await emulator.stats();
	const requests = await emulator.requests();
	const limited = (s: typeof after) => s.rateLimited + s.banned + (s.operatingLimitedCommands ?? 0);
	return {
		wallSeconds,
		startedAtMs,
		requests,
		rateLimitErrors: limited(after) - limited(before),
		outputs: result.outputs(nodeName),
		status: result.status,
		error: result.error?.message,
		result,
	};
}

/** Seconds the emulator spent answering, summed over the requests: server time no client can save. */
export function serverSeconds(requests: RequestLogEntry[]): number {
	return requests.reduce((sum, r) => sum + (r.durationMs ?? 0), 0) / 1000;
}

/** "PATCH /api/v4/leads" or "batch" → how many: what the node sent, for the report. */
export function requestsByKind(requests: RequestLogEntry[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const r of requests) {
		const key = r.restMethod ? `${r.restMethod}${r.batchCommands ? ` (${r.batchCommands} commands)` : ''}` : `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

/** The latency model a scenario runs at: the CRM's modelled one (test/emulators/timing.ts), or none. */
export function modelledLatency(crm: CrmKind, on: boolean): LatencyModel | undefined {
	return on ? (crm === 'amocrm' ? AMOCRM_LATENCY : BITRIX24_LATENCY) : undefined;
}

/** A scenario's id and title, the variant at the modelled latency marked. */
export function variant(id: string, title: string, latency: boolean): { id: string; title: string } {
	return latency ? { id: `${id}-latency`, title: `${title} at latency` } : { id, title };
}

/** Wall within 1.2× the ideal without latency, 1.3× at the modelled latency; null when the ideal is 0 s (burst). */
export function wallAcceptance(wallSeconds: number, idealSeconds: number, latency: boolean): { wall_goal: number; wall_within_goal: boolean | null } {
	const goal = latency ? 1.3 : 1.2;
	return { wall_goal: goal, wall_within_goal: idealSeconds > 0 ? wallSeconds <= goal * idealSeconds : null };
}

/** The stock-way fields of a run at latency, where the stock way is not measured again. */
export const STOCK_NOT_AT_LATENCY = {
	baseline_requests: 0,
	baseline_wall_s: 0,
	baseline_basis: 'not run at latency: its pace is Batching\'s, one request per item and the next started without waiting for the answer, whatever the latency (see the run without latency)',
	baseline_sample_items: 0,
	baseline_sample_wall_s: 0,
	baseline_sample_requests: 0,
	baseline_rate_limit_errors: 0,
	baseline_failed_items: 0,
};
