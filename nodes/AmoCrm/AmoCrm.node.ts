import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { amoCrmProperties } from './actions/description';
import { withCrmErrors } from '../shared/n8n/crmErrors';
import { router } from './actions/router';
import { loadOptions } from './methods/loadOptions';
import { listSearch } from './methods/listSearch';

export class AmoCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'amoCRM',
		name: 'amoCrm',
		icon: { light: 'file:amoCrm.svg', dark: 'file:amoCrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Leads, contacts, tasks and notes in amoCRM (Kommo): stage moves by name, tags without wiping, close won/lost, many items in few requests',
		defaults: { name: 'amoCRM' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'amoCrmApi',
				required: true,
				displayOptions: { show: { authentication: ['longLivedToken'] } },
			},
			{
				name: 'amoCrmOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		properties: amoCrmProperties,
	};

	methods = { loadOptions: withCrmErrors(loadOptions), listSearch: withCrmErrors(listSearch) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
