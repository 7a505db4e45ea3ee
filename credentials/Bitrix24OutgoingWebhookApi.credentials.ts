import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The application token of a Bitrix24 outgoing webhook (Developer resources → Other → Outgoing webhook). Bitrix24
 * signs nothing: every event carries this token in `auth[application_token]`, and the Bitrix24 Trigger refuses
 * events without it. Bitrix24 offers no call to check a token, so this credential has no test.
 */
export class Bitrix24OutgoingWebhookApi implements ICredentialType {
	name = 'bitrix24OutgoingWebhookApi';

	displayName = 'Bitrix24 Outgoing Webhook API';

	icon: Icon = { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' };

	documentationUrl = 'https://github.com/sales-funnel/n8n-nodes-sales-funnel#bitrix24-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Application Token',
			name: 'applicationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The token Bitrix24 shows when you save the outgoing webhook (Developer resources → Other → Outgoing webhook → "Application token"). Put the Bitrix24 Trigger\'s production URL as the handler address.',
		},
	];
}
