import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { leadCaptureProperties } from './description';
import { secretProblem } from './requestGuard';
import { receiveLeadRequest } from './webhook';

// Lead Capture is a URL the user hands to their own senders (Tilda, a site, a messenger gateway): there is no
// third-party subscription to create or delete, so n8n's webhook lifecycle (checkExists/create/delete) has
// nothing to do — n8n's own Webhook and Form Trigger nodes have none either.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class LeadCapture implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Capture',
		name: 'leadCapture',
		icon: { light: 'file:leadCapture.svg', dark: 'file:leadCapture.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {auto: "Any form or messenger", tilda: "Tilda", form: "Form or JSON", messenger: "Messenger", custom: "Custom mapping"}[$parameter["preset"]] }}',
		description:
			'One webhook URL for website forms (Tilda, any form or JSON) and messenger chats: every request becomes a clean lead',
		defaults: { name: 'Lead Capture' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Lead', 'Invalid'],
		credentials: [
			{
				name: 'leadCaptureSecretApi',
				required: true,
				testedBy: 'leadCaptureSecretTest',
				displayOptions: { show: { authentication: ['sharedSecret'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Forms give up within seconds (Tilda: 5 s, then retries): answer as soon as the request is accepted.
				responseMode: 'onReceived',
				// n8n answers an onReceived webhook with its description's responseData, "firstEntryJson" (as literal
				// text) when unset; empty lets the node's own summary ({ ok, leads, invalid }) through.
				responseData: '',
				path: 'lead',
			},
		],
		properties: leadCaptureProperties,
	};

	methods = {
		credentialTest: {
			async leadCaptureSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const secret = String(credential.data?.secret ?? '');
				const problem = secretProblem(secret);
				return problem
					? { status: 'Error', message: problem }
					: { status: 'OK', message: 'The secret is long enough and safe to put in a URL' };
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveLeadRequest.call(this);
	}
}
