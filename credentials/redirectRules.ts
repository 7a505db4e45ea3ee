import type { IAuthenticateRuleResponseCode } from 'n8n-workflow';

/**
 * A credential test never follows a redirect (`disableFollowRedirect` on its request): the token would go to
 * whatever host the answer names. These rules say so when the answer is one; n8n's rules cannot quote the
 * `Location` header, so the message names what to check instead of the host.
 */
export function redirectRules(crm: string, check: string): IAuthenticateRuleResponseCode[] {
	return [301, 302, 303, 307, 308].map((value) => ({
		type: 'responseCode',
		properties: {
			value,
			message: `${crm} answered with a redirect (HTTP ${value}) to another address; n8n did not follow it, so the credential was sent nowhere else. ${check}`,
		},
	}));
}
