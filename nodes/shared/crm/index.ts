import {
	NodeOperationError,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type INodeCredentialDescription,
	type INodeProperties,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { createAmoCrmFunnel } from './amocrm';
import { createBitrix24Funnel } from './bitrix24';
import type { Bitrix24FunnelOptions } from './bitrix24/adapter';
import type { CrmKind, FunnelCrm } from './types';

export type CrmChoice = CrmKind | 'none';

export type FunnelContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/**
 * The CRM choice every funnel node shows first: which CRM, how amoCRM signs in, and what Bitrix24 moves through the
 * funnel. `allowNone` adds "None" for nodes that also work without a CRM (dedup within the input, tagging...).
 * Templates switch CRM here; the credentials below follow the choice.
 */
export function crmProperties(
	options: { allowNone?: boolean; defaultCrm?: CrmChoice; description?: string } = {},
): INodeProperties[] {
	const crmOptions = [
		{
			name: 'amoCRM (Kommo)',
			value: 'amocrm',
			description: 'Accounts on amocrm.ru, amocrm.com and kommo.com',
		},
		{
			name: 'Bitrix24',
			value: 'bitrix24',
			description: 'A Bitrix24 portal through an inbound webhook',
		},
		...(options.allowNone
			? [{ name: 'None', value: 'none', description: 'Work on the incoming items only' }]
			: []),
	];
	const crm: INodeProperties = {
		displayName: 'CRM',
		name: 'crm',
		type: 'options',
		noDataExpression: true,
		options: crmOptions,
		default: 'amocrm',
		description: 'The CRM this step reads and writes',
	};
	crm.default = options.defaultCrm ?? (options.allowNone ? 'none' : 'amocrm');
	if (options.description) crm.description = options.description;
	return [
		crm,
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Long-Lived Token', value: 'longLivedToken' },
				{ name: 'OAuth2', value: 'oAuth2' },
			],
			default: 'longLivedToken',
			description:
				'How n8n signs in to amoCRM: a long-lived token of a private integration (simplest) or OAuth2',
			displayOptions: { show: { crm: ['amocrm'] } },
		},
		{
			displayName: 'Bitrix24 Works On',
			name: 'bitrixEntity',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Deals', value: 'deal', description: 'Deals through their pipelines (funnels)' },
				{ name: 'Leads', value: 'lead', description: 'Leads through the lead statuses' },
			],
			default: 'deal',
			description: 'What moves through your sales funnel in Bitrix24',
			displayOptions: { show: { crm: ['bitrix24'] } },
		},
	];
}

/** The credentials of both CRMs, each shown only when its CRM is chosen. */
export const crmCredentials: INodeCredentialDescription[] = [
	{
		name: 'amoCrmApi',
		required: true,
		displayOptions: { show: { crm: ['amocrm'], authentication: ['longLivedToken'] } },
	},
	{
		name: 'amoCrmOAuth2Api',
		required: true,
		displayOptions: { show: { crm: ['amocrm'], authentication: ['oAuth2'] } },
	},
	{ name: 'bitrix24WebhookApi', required: true, displayOptions: { show: { crm: ['bitrix24'] } } },
];

/**
 * A node parameter in any context: executing nodes read it per item, dropdown loaders and hooks read the node's
 * current value.
 */
export function readParameter<T>(
	context: FunnelContext,
	name: string,
	fallback: T,
	itemIndex = 0,
): T {
	if ('getInputData' in context) {
		return (context as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback as never) as T;
	}
	return (context as ILoadOptionsFunctions).getNodeParameter(name, fallback as never) as T;
}

/** The CRM chosen on the node. */
export function chosenCrm(context: FunnelContext, itemIndex = 0): CrmChoice {
	return readParameter<CrmChoice>(context, 'crm', 'none', itemIndex);
}

/**
 * The FunnelCrm for the node's CRM choice, or null for "None". One instance per execution: adapters keep what
 * they read (pipelines, fields) and their request pacing for the whole run.
 */
export function getFunnelCrm(
	context: FunnelContext,
	options: {
		itemIndex?: number;
		defaultCountry?: string;
		bitrix24?: Pick<
			Bitrix24FunnelOptions,
			'createMissingTags' | 'tagsField' | 'nationalPhoneLookups'
		>;
	} = {},
): FunnelCrm | null {
	const crm = chosenCrm(context, options.itemIndex);
	switch (crm) {
		case 'none':
			return null;
		case 'amocrm':
			return createAmoCrmFunnel(context, { defaultCountry: options.defaultCountry });
		case 'bitrix24': {
			const entity = readParameter<'deal' | 'lead'>(
				context,
				'bitrixEntity',
				'deal',
				options.itemIndex,
			);
			return createBitrix24Funnel(context, { ...options.bitrix24, entity });
		}
		default:
			throw new NodeOperationError(context.getNode(), `Unknown CRM "${String(crm)}"`, {
				description: "Choose amoCRM (Kommo) or Bitrix24 in the node's CRM parameter.",
			});
	}
}

export type { CrmKind, FunnelCrm } from './types';
