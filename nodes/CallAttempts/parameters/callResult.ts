/** Where each item's call result comes from: a telephony preset, detection by shape, or the user's own mapping. */
import type { INodeProperties } from 'n8n-workflow';

const custom = { show: { source: ['custom'] } };

export const callResultProperties: INodeProperties[] = [
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
