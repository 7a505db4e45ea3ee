import {
	NodeOperationError,
	type IDataObject,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { captureLeads, type CapturePreset } from '../shared/funnel/capture/capture';
import type { FieldMapping } from '../shared/funnel/capture/customMapping';
import type { RequiredContact } from '../shared/funnel/lead';
import { DEFAULT_MAX_BODY_KB } from './description';
import {
	bodySize,
	hasSecret,
	withoutSecret,
	type RequestHeaders,
	type SecretLocation,
} from './requestGuard';

interface CaptureOptions {
	channel?: string;
	defaultCountry?: string;
	keepRaw?: boolean;
	maxBodyKb?: number;
	requiredContact?: RequiredContact;
	source?: string;
	timezone?: string;
}

export const SECRET_CREDENTIAL = 'leadCaptureSecretApi';

/**
 * Lead Capture's webhook: refuse what is not ours (401) or too big (413) without reading it, answer connection
 * tests and non-lead events with 200 and no execution, and emit every other request as leads (output Lead) or,
 * when it gives no usable lead, with the reason and the payload (output Invalid). n8n answers the sender as
 * soon as the execution is queued (responseMode onReceived): forms wait seconds at most.
 */
export async function receiveLeadRequest(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
	const headers = request.headers as RequestHeaders;
	const query = (this.getQueryData() ?? {}) as Record<string, unknown>;
	const options = this.getNodeParameter('options', {}) as CaptureOptions;
	const location: SecretLocation = {
		header: this.getNodeParameter('headerName', 'X-Webhook-Secret') as string,
		queryParameter: this.getNodeParameter('urlParameterName', 'secret') as string,
	};

	if ((this.getNodeParameter('authentication', 'sharedSecret') as string) === 'sharedSecret') {
		// A chosen credential that n8n cannot load (its database busy or down) is n8n's failure, not a missing secret:
		// it surfaces as is, so the sender gets an error and resends, and nobody goes to fix a credential that is fine.
		const chosen = Boolean(this.getNode().credentials?.[SECRET_CREDENTIAL]);
		const credentials = chosen ? await this.getCredentials(SECRET_CREDENTIAL) : undefined;
		const secret = typeof credentials?.secret === 'string' ? credentials.secret : '';
		if (!secret) {
			throw new NodeOperationError(this.getNode(), 'No shared secret is set', {
				description:
					'Choose a Lead Capture Secret credential in the node, or set Authentication to None.',
			});
		}
		if (!hasSecret(headers, query, location, secret)) {
			response
				.status(401)
				.json({ message: 'Authorization required: the shared secret is missing or wrong' });
			return { noWebhookResponse: true };
		}
	}

	const limitKb =
		options.maxBodyKb && options.maxBodyKb > 0 ? options.maxBodyKb : DEFAULT_MAX_BODY_KB;
	const size = bodySize(request.rawBody, headers, this.getBodyData());
	if (size > limitKb * 1024) {
		// Never echo the input: the answer says only how big it was and what is allowed.
		response.status(413).json({
			message: `Request body too large: ${size} bytes; this URL accepts up to ${limitKb} KB`,
		});
		return { noWebhookResponse: true };
	}

	const preset = this.getNodeParameter('preset', 'auto') as CapturePreset;
	const outcome = captureLeads(
		{
			body: request.body,
			contentType: String(request.contentType ?? headers['content-type'] ?? ''),
			query: withoutSecret(query, location),
		},
		{
			preset,
			mapping:
				preset === 'custom'
					? ((this.getNodeParameter('mapping.fields', []) as FieldMapping[]) ?? [])
					: undefined,
			recogniseUnmapped:
				preset === 'custom'
					? (this.getNodeParameter('recogniseUnmapped', true) as boolean)
					: undefined,
			source: options.source,
			channel: options.channel,
			lead: {
				defaultCountry: options.defaultCountry ?? 'RU',
				requiredContact: options.requiredContact ?? 'any',
				timezone: validZone(options.timezone),
				keepRaw: options.keepRaw ?? true,
			},
		},
	);

	if (outcome.kind === 'ping') return { webhookResponse: { ok: true, test: outcome.sender } };
	if (outcome.kind === 'ignored') return { webhookResponse: { ok: true, ignored: outcome.what } };
	return {
		webhookResponse: { ok: true, leads: outcome.leads.length, invalid: outcome.invalid.length },
		workflowData: [
			outcome.leads.map((lead) => ({ json: lead as unknown as IDataObject })),
			outcome.invalid.map((invalid) => ({ json: invalid as unknown as IDataObject })),
		],
	};
}

/** An unknown zone must not lose the lead: dates then fall back to Moscow time, the package's default. */
function validZone(zone: string | undefined): string {
	if (!zone) return 'Europe/Moscow';
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return zone;
	} catch {
		return 'Europe/Moscow';
	}
}
