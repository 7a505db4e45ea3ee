/** The parameters and credentials with which a funnel node chooses its CRM (UI; the CRM itself is in shared/crm). */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import type { CrmChoice } from '../crm';

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
