import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { SECRET_CREDENTIAL } from './webhook';

/**
 * Lead Capture's URL is handed to the user's own senders (Tilda, a site, a messenger gateway): nothing is
 * registered with a third party, so there is never a subscription that "exists" and nothing to delete. Publishing
 * still runs n8n's webhook lifecycle, and that is where a URL that could only fail is stopped: with "Shared
 * Secret" chosen, the credential must hold a secret, or every request would end in an error execution.
 */

/** Always false: nothing is registered anywhere, so n8n calls `create` on every publish (where the check runs). */
export async function leadCaptureUrlExists(this: IHookFunctions): Promise<boolean> {
	return false;
}

/** Registers nothing; refuses to publish a URL whose shared secret is empty. */
export async function openLeadCaptureUrl(this: IHookFunctions): Promise<boolean> {
	if ((this.getNodeParameter('authentication', 'sharedSecret') as string) !== 'sharedSecret')
		return true;
	const chosen = Boolean(this.getNode().credentials?.[SECRET_CREDENTIAL]);
	const credentials = chosen ? await this.getCredentials(SECRET_CREDENTIAL) : undefined;
	if (typeof credentials?.secret !== 'string' || credentials.secret.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'No shared secret is set', {
			description:
				'Choose a Lead Capture Secret credential with a secret in the node, or set Authentication to None.',
		});
	}
	return true;
}

/** Nothing was registered, so there is nothing to remove: the URL simply stops answering when unpublished. */
export async function closeLeadCaptureUrl(this: IHookFunctions): Promise<boolean> {
	return true;
}
