import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { crmCredentials } from '../shared/n8n/crmChoice';
import { leadTaggerProperties } from './description';
import { executeLeadTagger } from './execute';

export class LeadTagger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Tagger',
		name: 'leadTagger',
		icon: { light: 'file:leadTagger.svg', dark: 'file:leadTagger.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["qualification"] === "none" ? "Tag by Rules" : "Tag and Qualify (A/B/C)" }}',
		description:
			'Tag leads by rules (source tags such as Вакансия, Акция, Таглайн), qualify them A/B/C by scored criteria or budget and urgency, add the manager tag; optionally add the tags to the CRM deal',
		defaults: { name: 'Lead Tagger' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: crmCredentials,
		properties: leadTaggerProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeLeadTagger.call(this);
	}
}
