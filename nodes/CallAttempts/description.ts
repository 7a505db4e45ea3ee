import type { INodeProperties } from 'n8n-workflow';

import { crmProperties } from '../shared/n8n/crmChoice';
import { DEFAULT_TASK_TEXT } from '../shared/funnel/calls/callKey';
import { DEFAULT_COUNTRY_OPTION } from '../shared/n8n/leadOptions';

const withCrm = { hide: { crm: ['none'] } };
const custom = { show: { source: ['custom'] } };
const customCadence = { show: { cadence: ['custom'] } };
const dropdownDeps = ['crm', 'authentication', 'bitrixEntity'];

const callResultProperties: INodeProperties[] = [
	{
		displayName: 'Call Result From',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'amoCRM Call Note',
				value: 'amocrm',
				description: 'A call_in/call_out note or a /api/v4/calls body (call_status 1–8)',
			},
			{
				name: 'Bitrix24 Call',
				value: 'bitrix24',
				description:
					'A telephony.externalcall.finish body or an ONVOXIMPLANTCALLEND record (STATUS_CODE)',
			},
			{
				name: 'Custom Mapping',
				value: 'custom',
				description: 'Another telephony: say where the status, phone and talk time are',
			},
			{
				name: 'Detect Automatically',
				value: 'auto',
				description: 'Recognise the telephony by the shape of the request',
			},
			{
				name: 'Mango Office',
				value: 'mango',
				description: 'The events/summary notification (entry_result, disconnect_reason)',
			},
			{ name: 'onlinePBX', value: 'onlinePbx', description: 'The call_end / call_missed web hook' },
			{ name: 'Sipuni', value: 'sipuni', description: 'The PBX event 2 (hang-up) with its status' },
			{
				name: 'UIS / CoMagic',
				value: 'uis',
				description: 'A "call ended" notification or a calls report row',
			},
			{
				name: 'Zadarma',
				value: 'zadarma',
				description: 'NOTIFY_END / NOTIFY_OUT_END with the disposition',
			},
		],
		default: 'auto',
		description:
			"Where the item's call result comes from. A Webhook node's item is looked into (body, or query for GET).",
	},
	{
		displayName: 'Status',
		name: 'customStatus',
		type: 'string',
		default: '={{ $json.body.status }}',
		description: 'The call\'s status as the telephony sends it, e.g. ANSWERED or "Абонент занят"',
		displayOptions: custom,
	},
	{
		displayName: 'Status Meanings',
		name: 'customOutcomes',
		type: 'string',
		typeOptions: { rows: 4 },
		default: 'ANSWERED = answered\nNO ANSWER = no_answer\nBUSY = busy\nFAILED = unreachable',
		description:
			'One "status = outcome" per line. Outcomes: answered, no_answer, busy, rejected, unreachable, wrong_number, unknown. Statuses are matched ignoring case.',
		displayOptions: custom,
	},
	{
		displayName: 'Talk Seconds',
		name: 'customTalkSeconds',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.duration }}',
		description: 'Seconds of conversation, if the telephony sends them',
		displayOptions: custom,
	},
	{
		displayName: 'Talk Time Decides',
		name: 'customTalkTimeDecides',
		type: 'boolean',
		default: true,
		description:
			'Whether a status missing from the table is read from the talk time: answered above 0 seconds, no answer at 0',
		displayOptions: custom,
	},
	{
		displayName: 'Client Phone',
		name: 'customPhone',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.client_number }}',
		description: "The client's number in any spelling (8 916…, +7…, sip:7916…@pbx)",
		displayOptions: custom,
	},
	{
		displayName: 'Direction',
		name: 'customDirection',
		type: 'string',
		default: 'out',
		description:
			'Who called: "out"/"outbound"/"исходящий" for our call, "in"/"inbound"/"входящий" for the client\'s',
		displayOptions: custom,
	},
	{
		displayName: 'Call ID',
		name: 'customCallId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.call_id }}',
		description:
			"The telephony's ID of the call: a repeated delivery with the same ID is handled once",
		displayOptions: custom,
	},
	{
		displayName: 'Call Time',
		name: 'customStartedAt',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.start_time }}',
		description:
			'When the call started (ISO, unix time or 23.11.2026 12:30 in the company time zone). Empty: now.',
		displayOptions: custom,
	},
];

const dealProperties: INodeProperties[] = [
	{
		displayName: 'Find the Deal By',
		name: 'dealLookup',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: "Client's Phone",
				value: 'phone',
				description: "Find the contact by the call's number and take their open deal",
			},
			{ name: 'Deal ID', value: 'id', description: 'The deal (lead in amoCRM) ID is in the item' },
		],
		default: 'phone',
		description: 'How the call is matched to its deal in the CRM',
		displayOptions: withCrm,
	},
	{
		displayName: 'Deal ID',
		name: 'dealId',
		type: 'string',
		default: '={{ $json.dealId }}',
		placeholder: 'e.g. {{ $json.body.entity_id }}',
		description: "The deal's ID in the CRM (amoCRM lead ID, Bitrix24 deal or lead ID)",
		displayOptions: { show: { dealLookup: ['id'] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Pipeline Name or ID',
		name: 'pipeline',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPipelineNames', loadOptionsDependsOn: dropdownDeps },
		default: '',
		description:
			'Only deals of this pipeline are taken when a client has several (empty: the most recently updated open deal). A name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { dealLookup: ['phone'] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Attempt History From',
		name: 'historySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'CRM Call History',
				value: 'crm',
				description: "The deal's calls in the CRM (amoCRM call notes, Bitrix24 call activities)",
			},
			{
				name: 'A Field',
				value: 'field',
				description: 'A number of earlier calls, or a list of calls, that you keep yourself',
			},
		],
		default: 'crm',
		description:
			'Where the earlier calls to this client are counted from (with CRM "None", use a field)',
	},
	{
		displayName: 'Earlier Calls',
		name: 'historyField',
		type: 'json',
		default: '={{ $json.callAttempts ?? 0 }}',
		description:
			'How many calls were made before this one (a number), or the calls themselves: [{ "at": "2026-03-14T10:00:00Z", "outcome": "no_answer" }]. Outcomes: answered, no_answer, busy, rejected, unreachable, wrong_number.',
		displayOptions: { show: { historySource: ['field'] } },
	},
];

const cadenceProperties: INodeProperties[] = [
	{
		displayName: 'Cadence',
		name: 'cadence',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Custom', value: 'custom', description: 'Your own attempts, hours, days and limits' },
			{
				name: 'Lead Handling (Seed 003): 7 Attempts',
				value: 'seed003',
				description:
					'At least 7 calls; a mobile at most 3 a day, 2 hours apart; 10:00–19:00 on working days',
			},
			{
				name: 'Webinar Funnel (Seed 001): 3 Attempts',
				value: 'seed001',
				description:
					'3 calls in all, then "Не дозвонились более 3 раз"; the calling hours of seed 003',
			},
		],
		default: 'seed001',
		description: 'How many times and when to call a client who does not answer',
	},
	{
		displayName: 'Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		description:
			'Calls without a conversation after which the client is Exhausted. A conversation starts the count again.',
		displayOptions: customCadence,
	},
	{
		displayName: 'Calling Hours Start',
		name: 'hoursStart',
		type: 'string',
		default: '10:00',
		description: "Earliest time of day for a call, in the client's or company's time zone",
		displayOptions: customCadence,
	},
	{
		displayName: 'Calling Hours End',
		name: 'hoursEnd',
		type: 'string',
		default: '19:00',
		description: 'No call is planned at or after this time of day',
		displayOptions: customCadence,
	},
	{
		displayName: 'Working Days',
		name: 'workingDays',
		type: 'multiOptions',
		options: [
			{ name: 'Friday', value: 5 },
			{ name: 'Monday', value: 1 },
			{ name: 'Saturday', value: 6 },
			{ name: 'Sunday', value: 7 },
			{ name: 'Thursday', value: 4 },
			{ name: 'Tuesday', value: 2 },
			{ name: 'Wednesday', value: 3 },
		],
		default: [1, 2, 3, 4, 5],
		description: 'Days on which calls are made',
		displayOptions: customCadence,
	},
	{
		displayName: 'Holidays',
		name: 'holidays',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-01-01, 2026-01-02, 2026-03-09',
		description: 'Dates without calls (yyyy-MM-dd), comma-separated',
		displayOptions: customCadence,
	},
	{
		displayName: 'Mobile: Calls a Day',
		name: 'mobilePerDay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 3,
		description: 'At most this many calls a day to a mobile number; 0 means no limit',
		displayOptions: customCadence,
	},
	{
		displayName: 'Mobile: Minutes Between Calls',
		name: 'mobileGapMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 120,
		description: 'Wait at least this long after a call before calling a mobile again',
		displayOptions: customCadence,
	},
	{
		displayName: 'Landline: Calls a Day',
		name: 'landlinePerDay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'At most this many calls a day to a landline (office) number; 0 means no limit',
		displayOptions: customCadence,
	},
	{
		displayName: 'Landline: Minutes Between Calls',
		name: 'landlineGapMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description:
			'Wait at least this long before calling a landline again (seed 003: "any frequency"; 0 allows back-to-back calls)',
		displayOptions: customCadence,
	},
	{
		displayName: 'Stop on Wrong Number',
		name: 'stopOnWrongNumber',
		type: 'boolean',
		default: true,
		description: 'Whether a "wrong number" result makes the client Exhausted at once',
		displayOptions: customCadence,
	},
	{
		displayName: 'Foreign Numbers',
		name: 'foreignRule',
		type: 'options',
		options: [
			{
				name: 'Kazakhstan (+7 7xx) Too',
				value: 'notRussia',
				description: 'Only Russian numbers are called (seed 001)',
			},
			{ name: 'Nobody', value: 'never', description: 'Every number is called' },
			{
				name: 'Outside +7',
				value: 'notPlusSeven',
				description: 'Russian and Kazakh numbers are called',
			},
		],
		default: 'notRussia',
		description:
			'Which numbers are not called but go to "Foreign Number", to be contacted by email or messenger',
	},
	{
		displayName: 'Company Time Zone',
		name: 'companyTimeZone',
		type: 'string',
		default: 'Europe/Moscow',
		placeholder: 'e.g. Asia/Almaty',
		description:
			"Time zone of the calling hours when the client's is not known (IANA name, UTC+5 or МСК+2)",
	},
	{
		displayName: 'Client Time Zone',
		name: 'leadTimeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.timezone }}',
		description:
			"The client's time zone, if you know it (a CRM field, the city): Asia/Yekaterinburg, UTC+5 or МСК+2. Empty or unreadable: the company time zone.",
	},
];

const actionProperties: INodeProperties[] = [
	{
		displayName: 'Create Call-Back Task',
		name: 'createTask',
		type: 'boolean',
		default: true,
		description:
			'Whether a Retry creates a task "call the client" on the deal at the next attempt time, for the deal\'s responsible manager',
		displayOptions: withCrm,
	},
	{
		displayName: 'Task Text',
		name: 'taskText',
		type: 'string',
		default: DEFAULT_TASK_TEXT,
		description:
			"Text of the call-back task; {attempt}, {maxAttempts} and {phone} are filled in. The call's ID is added so a repeated delivery never makes a second task.",
		displayOptions: { show: { createTask: [true] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Close Lost When Exhausted',
		name: 'closeLost',
		type: 'boolean',
		default: true,
		description: "Whether an Exhausted client's deal is closed as lost with the reason below",
		displayOptions: withCrm,
	},
	{
		displayName: 'Loss Reason Name or ID',
		name: 'lossReason',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getLossReasonNames', loadOptionsDependsOn: dropdownDeps },
		default: 'Не дозвонились более 3 раз',
		description:
			'Why the deal is lost (seed 001: "Не дозвонились более 3 раз"; "3-х раз" matches too). A name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { closeLost: [true] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Move Foreign Numbers',
		name: 'moveForeign',
		type: 'boolean',
		default: true,
		description: 'Whether the deal of a client with a foreign number is moved to the stage below',
		displayOptions: withCrm,
	},
	{
		displayName: 'Foreign Number Stage Name or ID',
		name: 'foreignStage',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getStageNames', loadOptionsDependsOn: dropdownDeps },
		default: 'Недозвонились до клиента. Европа',
		description:
			'Stage for clients to be written to by email or messenger, looked up in the deal\'s own pipeline first. A name works as well as an ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { moveForeign: [true] }, hide: { crm: ['none'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			DEFAULT_COUNTRY_OPTION,
			{
				displayName: 'Handle Repeated Deliveries',
				name: 'handleRepeats',
				type: 'boolean',
				default: false,
				description:
					'Whether a repeated delivery of a call already handled (same call ID) is decided and routed again instead of going to "Skipped". A second task is never created either way.',
			},
		],
	},
];

export const callAttemptsProperties: INodeProperties[] = [
	...crmProperties({ allowNone: true, defaultCrm: 'amocrm' }),
	...callResultProperties,
	...dealProperties,
	...cadenceProperties,
	...actionProperties,
];
