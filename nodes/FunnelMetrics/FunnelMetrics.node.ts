import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { crmCredentials } from '../shared/n8n/crmChoice';
import { funnelDropdowns } from '../shared/n8n/funnelDropdowns';
import { funnelMetricsProperties } from './description';
import { executeFunnelMetrics } from './execute';

export class FunnelMetrics implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Funnel Metrics',
		name: 'funnelMetrics',
		icon: { light: 'file:funnelMetrics.svg', dark: 'file:funnelMetrics.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"lastWeek":"Last Week","last7Days":"Last 7 Days","lastMonth":"Last Month","thisMonth":"This Month","custom":"Custom Period"}[$parameter["period"]] }}',
		description:
			'The numbers a sales head steers by, per manager and pipeline: stage-to-stage and final conversion, revenue, average check and cycle, talk time per day, first-response speed, loss reasons; and a report for e-mail or Telegram',
		defaults: { name: 'Funnel Metrics' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Metrics', 'Report'],
		credentials: crmCredentials,
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		properties: funnelMetricsProperties,
	};

	methods = { loadOptions: funnelDropdowns };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeFunnelMetrics.call(this);
	}
}
