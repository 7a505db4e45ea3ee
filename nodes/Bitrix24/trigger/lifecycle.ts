import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { BITRIX24_CREDENTIAL } from '../../shared/crm/bitrix24/connect';
import { parseWebhookUrl } from '../../shared/crm/bitrix24/webhookUrl';

/**
 * Bitrix24 outgoing webhooks are made by hand in the portal (Developer resources → Other → Outgoing webhook).
 * `event.bind` would register a handler from here, but Bitrix24 accepts it only from an OAuth application and
 * refuses an inbound webhook's auth (WRONG_AUTH_TYPE) — and this trigger uses an inbound webhook plus the outgoing
 * webhook's token. So nothing is registered or removed on Bitrix24's side; publishing checks what would make the
 * trigger refuse every event.
 */

/** Always false: n8n registers nothing with Bitrix24, so it calls `create` on every publish (where the checks run). */
export async function bitrix24HandlerExists(this: IHookFunctions): Promise<boolean> {
	return false;
}

/**
 * Registers nothing; refuses to publish when the outgoing webhook's application token is empty (every event
 * would get 401) or, with "Fetch the Full Record" on, when the inbound webhook URL is not a Bitrix24 webhook.
 */
export async function checkBitrix24Handler(this: IHookFunctions): Promise<boolean> {
	const outgoing = await this.getCredentials('bitrix24OutgoingWebhookApi');
	if (typeof outgoing.applicationToken !== 'string' || outgoing.applicationToken.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'The application token is empty', {
			description:
				"Put the application token Bitrix24 shows on the outgoing webhook's page into the Bitrix24 Outgoing Webhook credential.",
		});
	}
	if (this.getNodeParameter('fetchRecord', false) as boolean) {
		const inbound = await this.getCredentials(BITRIX24_CREDENTIAL);
		const parsed = parseWebhookUrl(String(inbound.webhookUrl ?? ''), {
			sandbox: inbound.environment === 'sandbox',
		});
		if (!parsed.ok) {
			throw new NodeOperationError(
				this.getNode(),
				'The Bitrix24 webhook URL in the credential is not valid',
				{ description: parsed.reason },
			);
		}
	}
	return true;
}

/** Nothing was registered: the outgoing webhook stays in Bitrix24 until it is deleted there. */
export async function removeBitrix24Handler(this: IHookFunctions): Promise<boolean> {
	return true;
}
