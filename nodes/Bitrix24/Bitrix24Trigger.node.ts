import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	bitrix24HandlerExists,
	checkBitrix24Handler,
	removeBitrix24Handler,
} from './trigger/lifecycle';
import { applicationTokenFormat } from './trigger/tokenTest';
import { EVENT_OPTIONS, receiveEvent } from './trigger/receive';

export class Bitrix24Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bitrix24 Trigger',
		name: 'bitrix24Trigger',
		icon: { light: 'file:bitrix24.svg', dark: 'file:bitrix24.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		// n8n's node panel shows a node and its trigger as one entry and gives it the trigger's description: this is
		// the action node's, word for word, so that searching the CRM's name describes the node people add most.
		description:
			'Leads, deals, contacts and activities in Bitrix24: stage moves by name, tags, close lost with a reason, duplicates and merge — batched and paced under the portal limits',
		defaults: { name: 'Bitrix24 Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'bitrix24OutgoingWebhookApi', required: true, testedBy: 'applicationTokenFormat' },
			{
				name: 'bitrix24WebhookApi',
				required: true,
				displayOptions: { show: { fetchRecord: [true] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'bitrix24' },
		],
		properties: [
			{
				displayName:
					"In Bitrix24 open Developer resources → Other → Outgoing webhook, paste this node's production URL as the handler, tick the same events, save, and put the application token it shows into the credential.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_OPTIONS,
				required: true,
				default: ['ONCRMLEADADD'],
				description: 'Which events start the workflow; others are acknowledged and ignored',
			},
			{
				displayName: 'Fetch the Full Record',
				name: 'fetchRecord',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the record the event is about (events carry only its ID): lead, deal, contact, company, activity, comment, quote, invoice, product, requisite, smart-process item, task, task comment or user. Uses the Bitrix24 inbound webhook credential; Bitrix24 is answered first.',
			},
			{
				displayName: 'Ignore Changes Made by the Webhook User',
				name: 'ignoreOwnChanges',
				type: 'boolean',
				default: false,
				description:
					"Whether to drop update events of records last changed by the inbound webhook's user — the workflow's own writes, which would otherwise start it again",
				displayOptions: { show: { fetchRecord: [true] } },
			},
		],
	};

	// Outgoing webhooks are made in the portal's UI; `event.bind` needs an OAuth app (see trigger/lifecycle.ts), so
	// publishing registers nothing and only checks the credentials.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await bitrix24HandlerExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await checkBitrix24Handler.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await removeBitrix24Handler.call(this);
			},
		},
	};

	methods = { credentialTest: { applicationTokenFormat } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}
}
