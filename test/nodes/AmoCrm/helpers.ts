import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { start, type RunningEmulator } from '../../emulators/amocrm';
import { EmulatorClient } from '../../emulators/amocrm/testClient';
import { WorkflowHarness, type RunResult, type WorkflowJson } from '../../harness/runWorkflow';

export const NODE_TYPE = 'n8n-nodes-sales-funnel.amoCrm';

export interface AmoWorld {
	emulator: RunningEmulator;
	api: EmulatorClient;
	harness: WorkflowHarness;
	close(): Promise<void>;
}

/** An emulator with its real limits, a harness (one n8n instance) and a long-lived token credential for it. */
export async function amoWorld(options: { limits?: boolean } = {}): Promise<AmoWorld> {
	const emulator = await start({ port: 0, limits: options.limits ?? true });
	const harness = new WorkflowHarness();
	harness.setCredentials(
		'amoCrmApi',
		{
			zone: 'sandbox',
			sandboxUrl: emulator.url,
			accessToken: emulator.info.token,
			requestsPerSecond: 7,
		},
		'amo-cred',
	);
	return { emulator, api: new EmulatorClient(emulator), harness, close: () => emulator.close() };
}

/** Start → amoCRM node with these parameters; `onError` as a user sets it in the node's settings. */
export function amoWorkflow(
	parameters: INodeParameters,
	settings: { onError?: 'continueRegularOutput' | 'continueErrorOutput' } = {},
): WorkflowJson {
	return {
		id: 'amo-node-test',
		name: 'amoCRM node test',
		nodes: [
			{
				id: 't',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a',
				name: 'amoCRM',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { amoCrmApi: { id: 'amo-cred', name: 'amoCRM sandbox' } },
				...(settings.onError ? { onError: settings.onError } : {}),
			},
		],
		connections: { Start: { main: [[{ node: 'amoCRM', type: 'main', index: 0 }]] } },
	};
}

export async function runAmo(
	world: AmoWorld,
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
	settings: Parameters<typeof amoWorkflow>[1] = {},
): Promise<RunResult> {
	return world.harness.run(amoWorkflow(parameters, settings), { trigger: { items } });
}

/** A resource locator value as the editor stores it. */
export function byName(value: string) {
	return { __rl: true, mode: 'name', value };
}

export function byId(value: string | number) {
	return { __rl: true, mode: 'id', value: String(value) };
}

export function fromList(value: string | number) {
	return { __rl: true, mode: 'list', value: String(value) };
}
