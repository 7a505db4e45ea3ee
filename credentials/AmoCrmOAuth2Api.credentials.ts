import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { accountUrlExpression } from '../nodes/shared/crm/amocrm/accountAddress';
import { accountFields } from './amoCrmFields';
import { redirectRules } from './redirectRules';

/**
 * amoCRM / Kommo through OAuth 2.0 (an external or private integration: Integration ID + Secret key). n8n runs
 * the consent and stores the tokens; refresh tokens rotate on every refresh (see README, "OAuth2 and rotating
 * refresh tokens").
 */
export class AmoCrmOAuth2Api implements ICredentialType {
	name = 'amoCrmOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'amoCRM (Kommo) OAuth2 API';

	documentationUrl = 'https://github.com/sales-funnel/n8n-nodes-sales-funnel#amocrm-kommo';

	icon = { light: 'file:amoCrm.svg', dark: 'file:amoCrm.dark.svg' } as const;

	properties: INodeProperties[] = [
		...accountFields,
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: accountUrlExpression('/oauth'),
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: accountUrlExpression('/oauth2/access_token'),
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
		// amoCRM's consent page answers in a popup window and redirects back with ?code=…&referer=….
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'mode=popup',
		},
		// amoCRM expects client_id and client_secret in the token request body, not in a Basic header.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: accountUrlExpression('', '$credentials'),
			url: '/api/v4/account',
			disableFollowRedirect: true,
		},
		rules: redirectRules(
			'amoCRM',
			'Check the subdomain and the zone: an account that moved between amocrm.ru, amocrm.com and kommo.com answers with a redirect.',
		),
	};
}
