import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_COUNTRY_OPTION } from '../shared/n8n/leadOptions';

const withSecret = { show: { authentication: ['sharedSecret'] } };
const customOnly = { show: { preset: ['custom'] } };

/** Default body limit: a form or a messenger message is a few kilobytes; 100 KB leaves room and refuses floods. */
export const DEFAULT_MAX_BODY_KB = 100;

export const leadCaptureProperties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'None',
				value: 'none',
				description: 'Anyone who knows the URL can send leads',
			},
			{
				name: 'Shared Secret',
				value: 'sharedSecret',
				description:
					'Only requests carrying the secret (header or URL parameter) are accepted; others get 401',
			},
		],
		default: 'sharedSecret',
		description:
			'How the node makes sure a request comes from your form or messenger and not from a stranger',
	},
	{
		displayName:
			'Without a secret anyone who finds this URL can flood your CRM with fake leads. Use it only behind your own proxy.',
		name: 'noAuthenticationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: 'Secret Header',
		name: 'headerName',
		type: 'string',
		default: 'X-Webhook-Secret',
		placeholder: 'e.g. X-Webhook-Secret',
		description:
			'Header in which the sender puts the secret. "Authorization: Bearer &lt;secret&gt;" is accepted as well (Wazzup24 sends its CRM key that way).',
		displayOptions: withSecret,
	},
	{
		displayName: 'Secret URL Parameter',
		name: 'urlParameterName',
		type: 'string',
		default: 'secret',
		placeholder: 'e.g. secret',
		description:
			"For senders that cannot set headers, such as Tilda: give them this node's URL with ?secret=&lt;your secret&gt; at the end. The parameter never reaches the lead. Leave empty to accept the header only.",
		displayOptions: withSecret,
	},
	{
		displayName: 'Sender',
		name: 'preset',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Any Form, JSON or Messenger (Automatic)',
				value: 'auto',
				description:
					'Recognises Tilda, JSON, urlencoded and multipart forms by their field names (Name/Имя, Phone/Телефон, Email/Почта, utm_*) and Telegram, WhatsApp, GREEN-API and Wazzup24 webhooks',
			},
			{
				name: 'Custom Field Mapping',
				value: 'custom',
				description:
					'Say where each lead field is in the request, e.g. phone at contact.phone_number',
			},
			{
				name: 'Messenger',
				value: 'messenger',
				description:
					'Telegram bot updates (a shared contact gives the phone), WhatsApp Cloud API, GREEN-API and Wazzup24 webhooks; anything else goes to Invalid',
			},
			{
				name: 'Tilda Form',
				value: 'tilda',
				description:
					"Tilda's form webhook: Name, Phone, Email, tranid, formid and UTM tags from the COOKIES field",
			},
			{
				name: 'Website Form or JSON',
				value: 'form',
				description:
					'Any form builder or site: JSON, urlencoded or multipart fields recognised by their usual names',
			},
		],
		default: 'auto',
		description:
			"Who sends requests to this URL. Connection tests (Tilda's test=test, Wazzup24's {test: true}) and delivery statuses are answered 200 and start nothing.",
	},
	{
		displayName: 'Field Mapping',
		name: 'mapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: { fields: [{ field: 'phone', path: 'phone' }] },
		description:
			"Where each lead field is in the request body. Use dots and brackets for nested fields; query.x reads the URL's query string.",
		displayOptions: customOnly,
		options: [
			{
				displayName: 'Field',
				name: 'fields',
				values: [
					{
						displayName: 'Lead Field',
						name: 'field',
						type: 'options',
						options: [
							{ name: 'Channel', value: 'channel' },
							{ name: 'Cookies (Tilda COOKIES)', value: 'cookies' },
							{ name: 'Email', value: 'email' },
							{ name: 'External ID (Submission ID)', value: 'externalId' },
							{ name: 'First Name', value: 'firstName' },
							{ name: 'Form', value: 'form' },
							{ name: 'Last Name', value: 'lastName' },
							{ name: 'Message', value: 'message' },
							{ name: 'Name', value: 'name' },
							{ name: 'Page URL', value: 'pageUrl' },
							{ name: 'Phone', value: 'phone' },
							{ name: 'Received At', value: 'receivedAt' },
							{ name: 'Source', value: 'source' },
							{ name: 'Tags', value: 'tags' },
							{ name: 'UTM Campaign', value: 'utm_campaign' },
							{ name: 'UTM Content', value: 'utm_content' },
							{ name: 'UTM Medium', value: 'utm_medium' },
							{ name: 'UTM Source', value: 'utm_source' },
							{ name: 'UTM Term', value: 'utm_term' },
						],
						default: 'phone',
						description: 'The lead field to fill',
					},
					{
						displayName: 'Path in the Request',
						name: 'path',
						type: 'string',
						default: '',
						placeholder: 'e.g. contact.phone_number',
						description:
							'Where the value is in the body: contact.phone_number, fields["Ваш телефон"], items[0].email, or query.utm_source',
					},
				],
			},
		],
	},
	{
		displayName: 'Recognise Other Fields Automatically',
		name: 'recogniseUnmapped',
		type: 'boolean',
		default: true,
		description:
			'Whether fields the mapping leaves out are found by their usual names (Name/Имя, Email/Почта, utm_*)',
		displayOptions: customOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Channel',
				name: 'channel',
				type: 'string',
				default: '',
				placeholder: 'e.g. tilda',
				description:
					"The tool or channel to write on every lead (tilda, whatsapp, site-2). Empty: what the sender tells, or the preset's.",
			},
			DEFAULT_COUNTRY_OPTION,
			{
				displayName: 'Keep Original Data',
				name: 'keepRaw',
				type: 'boolean',
				default: true,
				description:
					'Whether to keep what the sender sent in the lead\'s "raw" field (the Invalid output always keeps it)',
			},
			{
				displayName: 'Max Body Size (KB)',
				name: 'maxBodyKb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_BODY_KB,
				description:
					'Larger requests are refused with 413 and start nothing. A form or chat message is a few KB.',
			},
			{
				displayName: 'Required Contact',
				name: 'requiredContact',
				type: 'options',
				options: [
					{ name: 'Any: Phone or Email', value: 'any' },
					{ name: 'Both Phone and Email', value: 'both' },
					{ name: 'Email', value: 'email' },
					{
						name: 'Nothing',
						value: 'none',
						description:
							'Every request is a lead, e.g. a Telegram chat message without a shared phone',
					},
					{ name: 'Phone', value: 'phone' },
				],
				default: 'any',
				description:
					'Which contact a lead must have; without it the request goes to the Invalid output with the reason',
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'string',
				default: '',
				placeholder: 'e.g. site form',
				description:
					"What kind of channel to write on every lead: site form, chat, messenger, partner. Empty: the preset's.",
			},
			{
				displayName: 'Time Zone for Dates',
				name: 'timezone',
				type: 'string',
				default: 'Europe/Moscow',
				description:
					'Time zone of a mapped Received At written without one, such as 23.11.2026 12:30 (IANA name, e.g. Asia/Almaty)',
			},
		],
	},
];
