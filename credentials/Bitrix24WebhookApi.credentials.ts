import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { parseWebhookUrl } from '../nodes/shared/crm/bitrix24/webhookUrl';
import { redirectRules } from './redirectRules';

/**
 * A Bitrix24 inbound webhook: the portal address, the user the calls run as, and the secret, all in one URL
 * (Bitrix24 → Developer resources → Other → Inbound webhook, with the CRM and Users permissions ticked).
 */
export class Bitrix24WebhookApi implements ICredentialType {
	name = 'bitrix24WebhookApi';

	displayName = 'Bitrix24 Inbound Webhook API';

	icon: Icon = { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' };

	documentationUrl = 'https://github.com/sales-funnel/n8n-nodes-sales-funnel#bitrix24';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Bitrix24 Portal',
					value: 'portal',
					description: 'Your real portal; the URL must start with https://',
				},
				{
					name: 'Sandbox (Local Emulator, Plain HTTP Allowed)',
					value: 'sandbox',
					description:
						'A local Bitrix24 emulator for trying templates, e.g. http://127.0.0.1:3102/rest/1/…/; never a real portal',
				},
			],
			default: 'portal',
			description: 'Where the webhook points',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the webhook's secret is part of this URL
		{
			displayName: 'Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'https://your-company.bitrix24.ru/rest/1/abc123def456gh78/',
			description:
				'The inbound webhook URL Bitrix24 shows under Developer resources → Other → Inbound webhook, without a method name at the end. Tick the CRM (crm) and Users (user) permissions; create it as an active technical user, because the webhook stops working when its owner is deactivated.',
		},
	];

	/** Checks the URL strictly and points every request at it; the secret travels only in the URL path. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const parsed = parseWebhookUrl(String(credentials.webhookUrl ?? ''), {
			sandbox: credentials.environment === 'sandbox',
		});
		if (!parsed.ok) throw new Error(parsed.reason);
		return { ...requestOptions, baseURL: parsed.value.base };
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: 'crm.settings.mode.get.json',
			json: true,
			disableFollowRedirect: true,
		},
		rules: [
			...redirectRules(
				'Bitrix24',
				'Check the portal address in the webhook URL: a renamed portal or one moved to another domain answers with a redirect.',
			),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Bitrix24 does not know this webhook (NO_AUTH_FOUND): check the URL, or whether the webhook or its owner was deactivated',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The webhook lacks the CRM permission or the plan has no REST API: tick "CRM (crm)" on the webhook in Bitrix24',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No Bitrix24 REST API at this address: check the portal part of the URL',
				},
			},
		],
	};
}
