import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_ACTIVITY_BUTTONS } from '../shared/funnel/webinar/buttons';
import { DEFAULT_COUNTRY_OPTIONS } from '../shared/n8n/countries';

// Stage defaults are the webinar funnel's three stages after a webinar; "did not attend" has no funnel of its own, so
// ours is a suggestion.
const fromFile = { show: { inputMode: ['file'] } };

export const webinarRouterProperties: INodeProperties[] = [
	{
		displayName: 'Input Format',
		name: 'format',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Bizon365',
				value: 'bizon365',
				description:
					'The reports/get response (viewers in usersMeta) or getviewers rows, API v1 or v2',
			},
			{
				name: 'Detect Automatically',
				value: 'auto',
				description: 'Recognise each item: Bizon365, Zoom, MTS Link, or else a table row',
			},
			{
				name: 'MTS Link (Webinar.ru)',
				value: 'mtsLink',
				description: 'The /stats/users response: users with their event sessions and connections',
			},
			{
				name: 'Table (CSV, Google Sheets)',
				value: 'table',
				description:
					'One row per viewer with columns such as Имя, Email, Телефон, Время просмотра, Кнопки',
			},
			{
				name: 'Zoom',
				value: 'zoom',
				description:
					'The participants report (API, one row per join) or the CSV exported from the Zoom portal',
			},
		],
		default: 'auto',
		description: 'Where the attendance comes from',
	},
	{
		displayName: 'Read From',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'File (CSV or JSON)',
				value: 'file',
				description:
					'Each item carries a file (from a form upload, Google Drive, email), read here as a whole: a CSV table (the Zoom export too) or a saved JSON answer of Bizon365, Zoom or MTS Link',
			},
			{
				name: 'Items',
				value: 'json',
				description:
					'Each item is a report (for example an HTTP Request response) or one row of a table',
			},
		],
		default: 'json',
		description: "Whether the attendance is in the items' data or in an attached file",
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		description:
			'Name of the binary field that holds the file. CSV in UTF-8, UTF-16 or Windows-1251, or JSON.',
		displayOptions: fromFile,
	},
	{
		displayName: 'Minutes Threshold',
		name: 'thresholdMinutes',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 1 },
		default: 60,
		description:
			'N: viewers who watched at least this many minutes go to "Stayed ≥ N min", the others to "Stayed < N min". Default 60: the offer starts after minute 45 of a two-hour webinar.',
	},
	{
		displayName: 'Activity Buttons',
		name: 'activityButtons',
		type: 'string',
		default: DEFAULT_ACTIVITY_BUTTONS.join(', '),
		placeholder: 'e.g. Баннер, Подарок',
		description:
			'Comma-separated buttons whose click sends a viewer to "Showed activity". Spelling is matched loosely: "Инстаграмм" and "Instagram" match "Инстаграм". Empty: nobody is routed by clicks.',
	},
	{
		displayName: 'Precedence',
		name: 'precedence',
		type: 'options',
		options: [
			{
				name: 'Activity Before Duration',
				value: 'activityFirst',
				description:
					'A viewer who clicked an activity button goes to "Showed activity" however long they stayed',
			},
			{
				name: 'Duration Before Activity',
				value: 'durationFirst',
				description:
					'A viewer who stayed N minutes goes to "Stayed ≥ N min" even after clicking a button',
			},
		],
		default: 'activityFirst',
		description:
			'Which rule wins for a viewer who both clicked an activity button and stayed N minutes',
	},
	{
		displayName: 'Stage for Showed Activity',
		name: 'stageShowedActivity',
		type: 'string',
		default: 'Проявил активность на вебинаре',
		description:
			'Stage name put on items of the "Showed activity" output (targetStage), for the next node to move the deal to',
	},
	{
		displayName: 'Stage for Stayed ≥ N Min',
		name: 'stageStayedLong',
		type: 'string',
		default: 'Был на вебинаре более часа',
		description: 'Stage name put on items of the "Stayed ≥ N min" output',
	},
	{
		displayName: 'Stage for Stayed < N Min',
		name: 'stageStayedShort',
		type: 'string',
		default: 'Был на вебинаре менее часа',
		description: 'Stage name put on items of the "Stayed < N min" output',
	},
	{
		displayName: 'Stage for Did Not Attend',
		name: 'stageDidNotAttend',
		type: 'string',
		default: 'Не был на вебинаре',
		description:
			'Stage name put on items of the "Did not attend" output (registrants who did not come, where the source lists them)',
	},
	{
		displayName: 'Webinar Date',
		name: 'webinarDate',
		type: 'string',
		default: '',
		placeholder: 'e.g. 13.09.2021',
		description:
			'Date of the webinar for the card ("date of the last webinar"). Empty: taken from the report (Bizon365 webinarId, Zoom start time, MTS Link session) or the first join.',
	},
	{
		displayName: 'Webinar Title',
		name: 'webinarTitle',
		type: 'string',
		default: '',
		placeholder: 'e.g. Больше чем игрушка',
		description: 'Title for the card. Empty: taken from the report where it has one.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Bare Numbers in the Time Column Are',
				name: 'bareDurationUnit',
				type: 'options',
				options: [
					{ name: 'Hours', value: 'hours' },
					{ name: 'Minutes', value: 'minutes' },
					{ name: 'Seconds', value: 'seconds' },
				],
				default: 'minutes',
				description:
					'Unit of a time written as a bare number ("75") when the column header does not say it ("Минут", "Duration (Minutes)", "сек")',
			},
			{
				displayName: 'Default Country',
				name: 'defaultCountry',
				type: 'options',
				options: DEFAULT_COUNTRY_OPTIONS,
				default: 'RU',
				description:
					'Country assumed for phones written without a country code, such as 8 916 123-45-67',
			},
			{
				displayName: 'Manager Tag',
				name: 'managerTag',
				type: 'string',
				default: '',
				placeholder: 'e.g. Наталья',
				description:
					'Manager tag for the cards of viewers whose row names no manager (a "Менеджер" column wins)',
			},
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: 'Europe/Moscow',
				description:
					'Time zone of times written without one (Zoom CSV join times, "13.09.2021 19:00") and of the webinar date (IANA name, e.g. Asia/Almaty)',
			},
		],
	},
];
