import type { INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../harness/runWorkflow';
import type { CrmWorld } from './crmWorlds';

/**
 * A node test's workflow pointed at a CRM world: the node's parameters with the world's CRM choice and credential,
 * optionally with "Continue (using error output)" wired to a "Failed" node as the node's last output.
 */
export function onCrm(
	fixture: WorkflowJson,
	nodeName: string,
	world: CrmWorld,
	parameters: INodeParameters,
	options: { id: string; errorOutput?: boolean },
): WorkflowJson {
	const copy = structuredClone(fixture);
	copy.id = options.id;
	const node = copy.nodes.find((n) => n.name === nodeName)!;
	node.parameters = { ...node.parameters, ...world.crmParameters, ...parameters };
	node.credentials = world.credentials;
	if (options.errorOutput) {
		node.onError = 'continueErrorOutput';
		copy.connections[nodeName].main.push([{ node: 'Failed', type: 'main', index: 0 }]);
		copy.nodes.push({
			id: 'failed',
			name: 'Failed',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [440, 240],
			parameters: {},
		});
	}
	return copy;
}
