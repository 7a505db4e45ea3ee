import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { crmCredentials } from '../shared/n8n/crmChoice';
import { leadDistributionProperties } from './description';
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
			'={{ {roundRobin: "Round robin", leastOpenLeads: "Fewest open leads", byConversion: "By conversion"}[$parameter["strategy"]] }}',
		description:
			'Give each lead a responsible manager (round robin, fewest open leads, by conversion with a cap), skipping absent managers and clients who already have one; counts and owners from amoCRM or Bitrix24',
		defaults: { name: 'Lead Distribution' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Assigned', 'Owned by Someone Else'],
		usableAsTool: true,
		credentials: crmCredentials,
		properties: leadDistributionProperties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeLeadDistribution.call(this);
	}
}
