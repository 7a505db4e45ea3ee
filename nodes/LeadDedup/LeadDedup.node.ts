import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { leadDedupCredentials, leadDedupProperties } from './description';
import { executeLeadDedup } from './execute';

export class LeadDedup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Dedup',
		name: 'leadDedup',
		icon: { light: 'file:leadDedup.svg', dark: 'file:leadDedup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{"By " + $parameter["keys"].map((key) => ({ phone: "Phone", email: "Email" })[key] || key).join(" / ") + " in " + $parameter["scopes"].map((scope) => ({ input: "This Input", history: "Earlier Executions", crm: "CRM" })[scope] || scope).join(" + ")}}',
		description:
			'Find people who wrote twice (same phone in any format, same email, or a retried form), in this input, earlier executions or the CRM: New and Duplicate outputs',
		defaults: { name: 'Lead Dedup' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['New', 'Duplicate'],
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		credentials: leadDedupCredentials,
		properties: leadDedupProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeLeadDedup.call(this);
	}
}
