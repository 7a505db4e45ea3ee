/**
 * Runs adapter code inside a real n8n execution (n8n-core's WorkflowExecute with the package's credential and
 * n8n's own HTTP helper), so adapter tests exercise the same stack the funnel nodes use.
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import {
	createBitrix24Funnel,
	type Bitrix24Funnel,
	type Bitrix24FunnelOptions,
} from '../../../../../nodes/shared/crm/bitrix24';
import { WorkflowHarness } from '../../../../harness/runWorkflow';

type Job = (crm: Bitrix24Funnel, ctx: IExecuteFunctions) => Promise<unknown>;

let job:
	{ run: Job; options: Bitrix24FunnelOptions; result?: unknown; error?: unknown } | undefined;

const probe: INodeType = {
	description: {
		displayName: 'Funnel Probe',
		name: 'funnelProbe',
		group: ['transform'],
		version: 1,
		description: 'Runs a test job against the Bitrix24 FunnelCrm',
		defaults: { name: 'Funnel Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bitrix24WebhookApi', required: true }],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const current = job!;
		try {
			current.result = await current.run(createBitrix24Funnel(this, current.options), this);
		} catch (error) {
			current.error = error;
		}
		return [[{ json: {} }]];
	},
};

export function funnelHarness(webhook: string): WorkflowHarness {
	const harness = new WorkflowHarness({ extraNodeTypes: { 'test.funnelProbe': probe } });
	harness.setCredentials('bitrix24WebhookApi', { environment: 'sandbox', webhookUrl: webhook });
	return harness;
}

/** Runs `run` with a FunnelCrm inside an n8n execution; rethrows what it threw. */
export async function withFunnel<T>(
	harness: WorkflowHarness,
	run: (crm: Bitrix24Funnel, ctx: IExecuteFunctions) => Promise<T>,
	options: Bitrix24FunnelOptions = {},
): Promise<T> {
	job = { run, options };
	const result = await harness.run({
		id: 'funnel-probe',
		nodes: [
			{
				id: 'p0',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'p1',
				name: 'Probe',
				type: 'test.funnelProbe',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
				credentials: { bitrix24WebhookApi: { id: 'b24', name: 'Bitrix24' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	});
	if (result.error) throw result.error;
	if (job.error) throw job.error;
	return job.result as T;
}
