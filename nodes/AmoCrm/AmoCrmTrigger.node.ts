import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { webhookBody, webhookEvents } from '../shared/crm/amocrm/webhookPayload';
import { sameSecret } from '../shared/input/secret';
import { TRIGGER_EVENTS } from './trigger/events';
import {
	SECRET_PARAMETER,
	subscribe,
	subscriptionExists,
	unsubscribe,
} from './trigger/subscription';

export class AmoCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'amoCRM Trigger',
		name: 'amoCrmTrigger',
		icon: { light: 'file:amoCrm.svg', dark: 'file:amoCrm.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		// n8n's node panel shows a node and its trigger as one entry and gives it the trigger's description: this is
		// the action node's, word for word, so that searching the CRM's name describes the node people add most.
		description:
			'Leads, contacts, tasks and notes in amoCRM (Kommo): stage moves by name, tags without wiping, close won/lost, many items in few requests',
		defaults: { name: 'amoCRM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'amoCrmApi',
				required: true,
				displayOptions: { show: { authentication: ['longLivedToken'] } },
			},
			{
				name: 'amoCrmOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Long-Lived Token', value: 'longLivedToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'longLivedToken',
				description:
					'How n8n signs in to amoCRM to subscribe (the subscription needs an administrator)',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: TRIGGER_EVENTS,
				required: true,
				default: ['add_lead', 'status_lead'],
				description:
					'What starts the workflow. One delivery may carry many changes (a bulk edit): each becomes its own item.',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await subscriptionExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await subscribe.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unsubscribe.call(this);
			},
		},
	};

	/**
	 * Checks the URL's secret before anything of the body is read (401, no execution, whatever the body), answers
	 * at once (amoCRM waits 2 s at most) and emits one item per entity event, with API v4 field names.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const expected = (this.getWorkflowStaticData('node') as IDataObject).secret;
		const given = (this.getQueryData() as IDataObject)[SECRET_PARAMETER];
		const res = this.getResponseObject();
		if (!sameSecret(given, expected)) {
			res.status(401).json({ message: 'Unknown sender' });
			return { noWebhookResponse: true };
		}
		const req = this.getRequestObject() as unknown as {
			rawBody?: { toString(encoding: string): string };
		};
		const warnings: string[] = [];
		const body = webhookBody(req.rawBody?.toString('utf8'), this.getBodyData(), warnings);
		const events = webhookEvents(body);
		if (events.length === 0) return { webhookResponse: 'OK', noWebhookResponse: false };
		return {
			workflowData: [
				events.map((e) => ({
					json: {
						event: e.event,
						entity: e.entity,
						action: e.action,
						eventKey: e.eventKey,
						account: e.account,
						...e.data,
						...(warnings.length > 0 ? { warnings } : {}),
					} as IDataObject,
				})),
			],
		};
	}
}
