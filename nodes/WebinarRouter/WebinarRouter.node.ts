import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { webinarRouterProperties } from './description';
import { executeWebinarRouter } from './execute';

export class WebinarRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webinar Router',
		name: 'webinarRouter',
		icon: { light: 'file:webinarRouter.svg', dark: 'file:webinarRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Threshold: " + $parameter["thresholdMinutes"] + " Minutes"}}',
		description:
			'Send webinar viewers (Bizon365, Zoom, MTS Link, a CSV or Google Sheet) to funnels by minutes watched and buttons clicked',
		defaults: { name: 'Webinar Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: [
			'Showed activity',
			'Stayed ≥ N min',
			'Stayed < N min',
			'Did not attend',
			'Unreadable',
		],
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		properties: webinarRouterProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeWebinarRouter.call(this);
	}
}
