import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { accountAddress, accountUrlExpression } from '../nodes/shared/crm/amocrm/accountAddress';
import { accountFields } from './amoCrmFields';
import { redirectRules } from './redirectRules';

/** amoCRM / Kommo with a long-lived token of a private integration (Settings → Integrations → Keys and scopes). */
export class AmoCrmApi implements ICredentialType {
	name = 'amoCrmApi';

	displayName = 'amoCRM (Kommo) Long-Lived Token API';

	documentationUrl = 'https://github.com/sales-funnel/n8n-nodes-sales-funnel#amocrm-kommo';

	icon = { light: 'file:amoCrm.svg', dark: 'file:amoCrm.dark.svg' } as const;

	properties: INodeProperties[] = [
		...accountFields,
		{
			displayName: 'Long-Lived Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'In amoCRM: Settings → Integrations → your private integration → Keys and scopes → Long-lived token. It is shown once; it acts with the rights of the admin who created it.',
		},
	];

	/** Builds the request's address from the validated account host and signs it; refuses any other host. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const address = accountAddress(credentials);
		if (!address.ok) throw new Error(`amoCRM credential: ${address.reason}`);
		const options = { ...requestOptions, headers: { ...(requestOptions.headers ?? {}) } };
		if (!/^https?:\/\//i.test(options.url)) options.baseURL = address.baseUrl;
		options.headers.Authorization = `Bearer ${String(credentials.accessToken ?? '').trim()}`;
		return options;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: accountUrlExpression('', '$credentials'),
			url: '/api/v4/account',
			disableFollowRedirect: true,
		},
		rules: [
			...redirectRules(
				'amoCRM',
				'Check the subdomain and the zone: an account that moved between amocrm.ru, amocrm.com and kommo.com answers with a redirect.',
			),
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'amoCRM refused the token: it is wrong, expired or revoked, or belongs to another account',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 402,
					message: 'The amoCRM subscription of this account has lapsed (402 Payment Required)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"amoCRM answered 403: the account or this IP is blocked, or the token's user lacks rights",
				},
			},
		],
	};
}
