import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { leadDistributionCredentials, leadDistributionProperties } from './description';
import { executeLeadDistribution } from './execute';
import { loadOptions } from './methods/loadOptions';

export class LeadDistribution implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Distribution',
		name: 'leadDistribution',
		icon: { light: 'file:leadDistribution.svg', dark: 'file:leadDistribution.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {roundRobin: "Round Robin", leastOpenLeads: "Fewest Open Leads", byConversion: "By Conversion"}[$parameter["strategy"]] }}',
		description:
			'Give each lead a responsible manager (round robin, fewest open leads, by conversion with a cap), skipping absent managers and clients who already have one; counts and owners from amoCRM or Bitrix24',
		defaults: { name: 'Lead Distribution' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Assigned', 'Owned by Someone Else'],
		// Not an AI agent tool: an agent receives only output 0, and this node's answer is spread over its outputs.
		// The key is kept, unset, because n8n's community lint asks every node to state it.
		usableAsTool: undefined,
		credentials: leadDistributionCredentials,
		properties: leadDistributionProperties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeLeadDistribution.call(this);
	}
}
