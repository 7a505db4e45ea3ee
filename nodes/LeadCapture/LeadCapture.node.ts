import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { leadCaptureProperties } from './description';
import { closeLeadCaptureUrl, leadCaptureUrlExists, openLeadCaptureUrl } from './lifecycle';
import { secretProblem } from './requestGuard';
import { receiveLeadRequest } from './webhook';

export class LeadCapture implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Capture',
		name: 'leadCapture',
		icon: { light: 'file:leadCapture.svg', dark: 'file:leadCapture.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {auto: "Any Form or Messenger", tilda: "Tilda", form: "Form or JSON", messenger: "Messenger", custom: "Custom Mapping"}[$parameter["preset"]] }}',
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

	// Nothing is registered with a third party (see lifecycle.ts): publishing only checks the shared secret.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await leadCaptureUrlExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await openLeadCaptureUrl.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await closeLeadCaptureUrl.call(this);
			},
		},
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
