/** Calls the node's dropdown methods the way the editor does: in n8n-core's LoadOptionsContext. */
import { LoadOptionsContext } from 'n8n-core';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

import type { WorkflowHarness } from '../../harness/runWorkflow';

function context(harness: WorkflowHarness, parameters: INodeParameters): ILoadOptionsFunctions {
	const workflow = harness.makeWorkflow({
		id: 'load-options',
		nodes: [
			{
				id: 'n1',
				name: 'Bitrix24',
				type: 'n8n-nodes-sales-funnel.bitrix24',
				typeVersion: 1,
				position: [0, 0],
				parameters,
				credentials: { bitrix24WebhookApi: { id: 'b24', name: 'Bitrix24 sandbox' } },
			},
		],
		connections: {},
	});
	const node = workflow.getNode('Bitrix24')!;
	const additionalData = harness.additionalData('load-options', workflow.id, undefined, {
		currentNodeParameters: parameters as IDataObject,
	});
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}

function nodeType(harness: WorkflowHarness): INodeType {
	return harness.nodeTypes.getByNameAndVersion('n8n-nodes-sales-funnel.bitrix24', 1) as INodeType;
}

export async function loadOptions(
	harness: WorkflowHarness,
	method: string,
	parameters: INodeParameters,
): Promise<INodePropertyOptions[]> {
	const fn = nodeType(harness).methods!.loadOptions![method];
	return await fn.call(context(harness, parameters));
}

export async function listSearch(
	harness: WorkflowHarness,
	method: string,
	parameters: INodeParameters,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const fn = nodeType(harness).methods!.listSearch![method];
	return await fn.call(context(harness, parameters), filter, paginationToken);
}
