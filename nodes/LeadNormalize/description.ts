import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_COUNTRY_OPTIONS } from '../shared/n8n/countries';

const manualOnly = { show: { mappingMode: ['manual'] } };

export const leadNormalizeProperties: INodeProperties[] = [
	{
		displayName: 'Find Lead Fields',
		name: 'mappingMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatically',
				value: 'auto',
				description:
					'Recognise common field names: Name/Имя/ФИО, Phone/Телефон, Email/Почта, Comments, utm_*, Tilda COOKIES and tranid',
			},
			{
				name: 'Map Each Field',
				value: 'manual',
				description:
					'Say where each value is, usually with an expression such as {{ $JSON.contact.phone }}',
			},
		],
		default: 'auto',
		description: 'How the node finds the name, phone, email and UTM tags in each incoming item',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.name }}',
		description: "The client's name as written in the request",
		displayOptions: manualOnly,
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.phone }}',
		description:
			"The client's phone in any format: 8 (916) 123-45-67, +7 916 123 45 67, 9161234567",
		displayOptions: manualOnly,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.email }}',
		description:
			"The client's email; it is trimmed and lower-cased, the original is kept in emailRaw",
		displayOptions: manualOnly,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.comment }}',
		description: 'What the client wrote (question, comment)',
		displayOptions: manualOnly,
	},
	{
		displayName: 'More Fields',
		name: 'moreFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: manualOnly,
		options: [
			{
				displayName: 'Cookies',
				name: 'cookies',
				type: 'string',
				default: '',
				description: "A raw cookie string; UTM tags are read from Tilda's TILDAUTM cookie",
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description:
					"The sender's ID of this request (e.g. Tilda tranid), so a retried webhook is recognised",
			},
			{
				displayName: 'Form',
				name: 'form',
				type: 'string',
				default: '',
				description: 'Which form the request came from, e.g. "Вакансии" or form123456789',
			},
			{
				displayName: 'Page URL',
				name: 'pageUrl',
				type: 'string',
				default: '',
				description: 'The page address with its query string; UTM tags are read from it',
			},
			{
				displayName: 'Received At',
				name: 'receivedAt',
				type: 'string',
				default: '',
				description:
					'When the request was made: ISO, unix seconds or milliseconds, or 23.11.2026 12:30. Empty means now.',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				description: 'Comma-separated tags the lead already has',
			},
			{
				displayName: 'UTM Campaign',
				name: 'utmCampaign',
				type: 'string',
				default: '',
			},
			{
				displayName: 'UTM Content',
				name: 'utmContent',
				type: 'string',
				default: '',
			},
			{
				displayName: 'UTM Medium',
				name: 'utmMedium',
				type: 'string',
				default: '',
			},
			{
				displayName: 'UTM Source',
				name: 'utmSource',
				type: 'string',
				default: '',
			},
			{
				displayName: 'UTM Term',
				name: 'utmTerm',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. site form',
		description:
			'What kind of channel these leads come from: site form, chat, call, email, messenger, webinar, partner. Empty keeps a "source" field of the item, if any.',
	},
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'string',
		default: '',
		placeholder: 'e.g. tilda',
		description:
			'The concrete tool or channel: tilda, whatsapp, telegram, bizon365. Empty keeps a "channel" field, if any.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'options',
				options: DEFAULT_COUNTRY_OPTIONS,
				default: 'RU',
				description:
					'Country assumed for phones written without a country code, such as 8 916 123-45-67. Kazakh numbers (+7 7xx) are recognised either way.',
			},
			{
				displayName: 'Keep Original Data',
				name: 'keepRaw',
				type: 'boolean',
				default: true,
				description: 'Whether to keep the incoming item in the lead\'s "raw" field',
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
						description: 'Every item is valid, even without a way to contact the client',
					},
					{ name: 'Phone', value: 'phone' },
				],
				default: 'any',
				description:
					'Which contact a lead must have; a lead without it goes to the Invalid output with the reason',
			},
			{
				displayName: 'Time Zone for Dates',
				name: 'timezone',
				type: 'string',
				default: 'Europe/Moscow',
				description:
					'Time zone of dates written without one, such as 23.11.2026 12:30 (IANA name, e.g. Asia/Almaty)',
			},
		],
	},
];
