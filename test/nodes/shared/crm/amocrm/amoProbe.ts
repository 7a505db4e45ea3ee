import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeType,
} from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../../../harness/runWorkflow';
import type { RunningEmulator } from '../../../../emulators/amocrm';

/**
 * A node that runs a test's function inside a real n8n execute context, so the transport and the adapter are
 * tested exactly as nodes use them: credentials from n8n, `httpRequestWithAuthentication`, OAuth2 refresh.
 */
type ProbeAction = (context: IExecuteFunctions) => Promise<unknown>;

const actions = new Map<string, ProbeAction>();

const amoProbe: INodeType = {
	description: {
		displayName: 'amoCRM Probe',
		name: 'amoProbe',
		group: ['transform'],
		version: 1,
		description: 'Runs a test function with an amoCRM credential',
		defaults: { name: 'amoCRM Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'amoCrmApi', required: false },
			{ name: 'amoCrmOAuth2Api', required: false },
		],
		properties: [{ displayName: 'Action', name: 'action', type: 'string', default: '' }],
	},
	async execute(this: IExecuteFunctions) {
		const action = actions.get(this.getNodeParameter('action', 0) as string);
		if (!action) throw new Error('unknown probe action');
		const result = await action(this);
		return [[{ json: { result: result as IDataObject } }]];
	},
};

let counter = 0;

export function probeHarness() {
	return new WorkflowHarness({ extraNodeTypes: { 'test.amoProbe': amoProbe } });
}

export function sandboxCredentials(emulator: RunningEmulator, extra: IDataObject = {}) {
	return {
		zone: 'sandbox',
		sandboxUrl: emulator.url,
		accessToken: emulator.info.token,
		requestsPerSecond: 7,
		...extra,
	};
}

/** Runs `action` in an execute context with the given credential attached; returns what it returned. */
export async function runProbe<T>(
	harness: WorkflowHarness,
	action: (context: IExecuteFunctions) => Promise<T>,
	credential: { type?: 'amoCrmApi' | 'amoCrmOAuth2Api'; id?: string } = {},
): Promise<T> {
	const key = `probe-${++counter}`;
	actions.set(key, action as ProbeAction);
	const type = credential.type ?? 'amoCrmApi';
	const workflow: WorkflowJson = {
		id: `amo-probe-${counter}`,
		nodes: [
			{
				id: 's',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'p',
				name: 'Probe',
				type: 'test.amoProbe',
				typeVersion: 1,
				position: [200, 0],
				parameters: { action: key },
				credentials: { [type]: { id: credential.id ?? 'amo-cred', name: 'amoCRM' } },
			},
		],
		connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	};
	try {
		const result = await harness.run(workflow);
		const error = result.nodeError('Probe');
		if (error) throw error;
		return result.items('Probe')[0].result as T;
	} finally {
		actions.delete(key);
	}
}
