import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { crmCredentials } from '../shared/n8n/crmChoice';
import { funnelDropdowns } from '../shared/n8n/funnelDropdowns';
import { pipelineAuditProperties } from './description';
import { executePipelineAudit } from './execute';

export class PipelineAudit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pipeline Audit',
		name: 'pipelineAudit',
		icon: { light: 'file:pipelineAudit.svg', dark: 'file:pipelineAudit.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["cleanup"] ? ($parameter["dryRun"] ? "Audit + Cleanup (Dry Run)" : "Audit + Cleanup") : "Audit" }}',
		description:
			'Weekly health check of the pipelines: deals without a next step, overdue tasks, stuck and swamp deals, lost without a reason, slow first response; a summary per manager and pipeline; optional repeat-webinar cleanup',
		defaults: { name: 'Pipeline Audit' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Findings', 'Summary', 'Cleanup'],
		credentials: crmCredentials,
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		properties: pipelineAuditProperties,
	};

	methods = { loadOptions: funnelDropdowns };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePipelineAudit.call(this);
	}
}
