import { webhookUrls, type NodeTypeWithWebhooks } from '../../scripts/lib/webhookUrls';

/** The `webhooks` of n8n 2.40's Webhook and Form Trigger nodes, and of our Lead Capture, as `/types/nodes.json` has them. */
const types: NodeTypeWithWebhooks[] = [
	{
		name: 'n8n-nodes-base.webhook',
		webhooks: [
			{
				name: 'default',
				isFullPath: true,
				httpMethod: '={{$parameter["httpMethod"] || "GET"}}',
				path: '={{$parameter["path"]}}',
			},
		],
	},
	{
		name: 'n8n-nodes-base.formTrigger',
		webhooks: [
			{
				name: 'setup',
				httpMethod: 'GET',
				isFullPath: true,
				path: '={{ $parameter["path"] || $parameter["options"]?.path || $webhookId }}',
				nodeType: 'form',
			},
			{
				name: 'default',
				httpMethod: 'POST',
				isFullPath: true,
				path: '={{ $parameter["path"] || $parameter["options"]?.path || $webhookId }}',
				nodeType: 'form',
			},
		],
	},
	{
		name: 'n8n-nodes-sales-funnel.leadCapture',
		webhooks: [{ name: 'default', httpMethod: 'POST', path: 'lead' }],
	},
];

test("every published webhook's URL the way n8n serves it", () => {
	expect(
		webhookUrls(
			'http://127.0.0.1:5678',
			[
				{
					name: 'Website form or chat',
					type: 'n8n-nodes-sales-funnel.leadCapture',
					webhookId: 'abc',
					parameters: {},
				},
				{
					name: 'Telephony: call finished',
					type: 'n8n-nodes-base.webhook',
					webhookId: 'def',
					parameters: { path: 'amocrm-call-finished', httpMethod: 'POST' },
				},
				{
					name: 'Ping',
					type: 'n8n-nodes-base.webhook',
					webhookId: 'x',
					parameters: { path: 'ping' },
				},
				{ name: 'Upload', type: 'n8n-nodes-base.formTrigger', webhookId: 'f1', parameters: {} },
				{
					name: 'Upload named',
					type: 'n8n-nodes-base.formTrigger',
					webhookId: 'f2',
					parameters: { path: 'webinar-upload' },
				},
				{
					name: 'Off',
					type: 'n8n-nodes-base.webhook',
					disabled: true,
					parameters: { path: 'off' },
				},
				{ name: 'Set', type: 'n8n-nodes-base.set', parameters: {} },
			],
			types,
		),
	).toEqual([
		{ node: 'Website form or chat', method: 'POST', url: 'http://127.0.0.1:5678/webhook/abc/lead' },
		{
			node: 'Telephony: call finished',
			method: 'POST',
			url: 'http://127.0.0.1:5678/webhook/amocrm-call-finished',
		},
		{ node: 'Ping', method: 'GET', url: 'http://127.0.0.1:5678/webhook/ping' },
		{ node: 'Upload', method: 'GET', url: 'http://127.0.0.1:5678/form/f1' },
		{ node: 'Upload named', method: 'GET', url: 'http://127.0.0.1:5678/form/webinar-upload' },
	]);
});

test("a node's URL comes from the description of its own version (n8n lists Form Trigger 1 after 2–2.6)", () => {
	const listed: NodeTypeWithWebhooks[] = [
		{ ...types[1], name: 'formTrigger', version: [2, 2.1, 2.2, 2.3] },
		{
			name: 'formTrigger',
			version: 1,
			webhooks: [
				{
					name: 'setup',
					httpMethod: 'GET',
					isFullPath: true,
					path: '={{$parameter["path"]}}/n8n-form',
				},
			],
		},
	];
	expect(
		webhookUrls(
			'http://127.0.0.1:5678',
			[
				{
					name: 'Upload',
					type: 'n8n-nodes-base.formTrigger',
					typeVersion: 2.2,
					webhookId: 'f1',
					parameters: { options: { path: 'amocrm-webinar-upload' } },
				},
			],
			listed,
		),
	).toEqual([
		{ node: 'Upload', method: 'GET', url: 'http://127.0.0.1:5678/form/amocrm-webinar-upload' },
	]);
});
