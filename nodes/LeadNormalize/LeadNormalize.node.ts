import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { leadNormalizeProperties } from './description';
import { executeLeadNormalize } from './execute';

export class LeadNormalize implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Normalize',
		name: 'leadNormalize',
		icon: { light: 'file:leadNormalize.svg', dark: 'file:leadNormalize.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["mappingMode"] === "manual" ? "Mapped Fields" : "Automatic Fields"}}',
		description:
			'Turn any request into a clean lead: phone in E.164 (+79161234567), lower-cased email, UTM tags, ISO date',
		defaults: { name: 'Lead Normalize' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Valid', 'Invalid'],
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		properties: leadNormalizeProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeLeadNormalize.call(this);
	}
}
