/** Runs the Bitrix24 node in n8n-core's WorkflowExecute against an emulator, one workflow per call. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type RunResult } from '../../harness/runWorkflow';

export function bitrix24Harness(webhook: string): WorkflowHarness {
	const harness = new WorkflowHarness();
	harness.setCredentials('bitrix24WebhookApi', { environment: 'sandbox', webhookUrl: webhook });
	return harness;
}

export interface NodeRun {
	result: RunResult;
	/** The node's output items (JSON). */
	out: IDataObject[];
	/** Output items with their pairing, for "which input did this come from". */
	raw: ReturnType<RunResult['rawItems']>;
}

/** Input items → Bitrix24 node (with these parameters) → its output. `settings` for Continue On Fail etc. */
export async function runBitrix24(
	harness: WorkflowHarness,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	settings: Record<string, unknown> = {},
): Promise<NodeRun> {
	const result = await harness.run(
		{
			id: 'bitrix24-node',
			nodes: [
				{
					id: 'n0',
					name: 'Items',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'n1',
					name: 'Bitrix24',
					type: 'n8n-nodes-sales-funnel.bitrix24',
					typeVersion: 1,
					position: [200, 0],
					parameters,
					credentials: { bitrix24WebhookApi: { id: 'b24', name: 'Bitrix24 sandbox' } },
					...settings,
				},
			],
			connections: { Items: { main: [[{ node: 'Bitrix24', type: 'main', index: 0 }]] } },
		},
		{ trigger: { items } },
	);
	return { result, out: result.items('Bitrix24'), raw: result.rawItems('Bitrix24') };
}
