import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { funnelDropdowns } from '../shared/n8n/funnelDropdowns';
import { callAttemptsCredentials, callAttemptsProperties } from './description';
import { executeCallAttempts } from './execute';

export class CallAttempts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Call Attempts',
		name: 'callAttempts',
		icon: { light: 'file:callAttempts.svg', dark: 'file:callAttempts.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {webinarFunnel: "Webinar Funnel: 3 Attempts", leadHandling: "Lead Handling: 7 Attempts", custom: "Custom Cadence"}[$parameter["cadence"]] }}',
		description:
			"Count the calls to a client from the CRM's history and decide: reached, call again (with a task at the next allowed time), exhausted (close lost) or a foreign number",
		defaults: { name: 'Call Attempts' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: ['Reached', 'Retry', 'Exhausted', 'Foreign Number', 'Skipped'],
		credentials: callAttemptsCredentials,
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		properties: callAttemptsProperties,
	};

	methods = { loadOptions: funnelDropdowns };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeCallAttempts.call(this);
	}
}
