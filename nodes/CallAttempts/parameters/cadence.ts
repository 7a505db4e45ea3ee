/**
 * The cadence: how many calls without a conversation, and when the next call may be made. Workflows saved by
 * version 0.1 hold older stored values for the presets; the node still reads them (`presetOf`).
 */
import type { INodeProperties } from 'n8n-workflow';

const customCadence = { show: { cadence: ['custom'] } };

export const cadenceProperties: INodeProperties[] = [
	{
		displayName: 'Cadence',
		name: 'cadence',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Custom', value: 'custom', description: 'Your own attempts, hours, days and limits' },
			{
				name: 'Lead Handling: 7 Attempts',
				value: 'leadHandling',
				description:
					'At least 7 calls; a mobile at most 3 a day, 2 hours apart; 10:00–19:00 on working days',
			},
			{
				name: 'Webinar Funnel: 3 Attempts',
				value: 'webinarFunnel',
				description:
					'3 calls in all, then "Не дозвонились более 3 раз"; calls 10:00–19:00 on working days, a mobile at most 3 a day, 2 hours apart',
			},
		],
		default: 'webinarFunnel',
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
			'Wait at least this long before calling a landline again (an office line may be called as often as needed; 0 allows back-to-back calls)',
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
				description: 'Only Russian numbers are called',
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
