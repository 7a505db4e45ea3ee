import type { INodeProperties } from 'n8n-workflow';

import { crmProperties } from '../shared/n8n/crmChoice';

const dropdownDeps = ['crm', 'authentication', 'bitrixEntity'];
const custom = { show: { period: ['custom'] } };

export const funnelMetricsProperties: INodeProperties[] = [
	...crmProperties({ defaultCrm: 'amocrm' }),
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Custom Period', value: 'custom', description: 'The dates you give' },
			{ name: 'Last 7 Days', value: 'last7Days', description: 'The seven days before today' },
			{ name: 'Last Month', value: 'lastMonth', description: 'The calendar month before this one' },
			{
				name: 'Last Week',
				value: 'lastWeek',
				description: 'Monday to Sunday of the week before this one',
			},
			{ name: 'This Month', value: 'thisMonth', description: 'From the 1st until now' },
		],
		default: 'lastWeek',
		description: 'Which days the report covers, in the time zone below',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: '2026-11-01',
		description: 'First day of the period (2026-11-01 or 01.11.2026)',
		displayOptions: custom,
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: '2026-11-30',
		description: 'Last day of the period, included',
		displayOptions: custom,
	},
	{
		displayName: 'Pipeline Names or IDs',
		name: 'pipelines',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPipelineNames', loadOptionsDependsOn: dropdownDeps },
		default: [],
		description:
			'Pipelines to report; none chosen: all of them. Stored by name, so a template works in another account with the same pipelines. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Cost Field',
				name: 'costField',
				type: 'string',
				default: '',
				placeholder: 'Себестоимость',
				description:
					'A deal field holding the cost of the sale (its name or ID; Bitrix24: UF_CRM_… or its label). With it the report shows the margin of the won deals; empty: no margin.',
			},
			{
				displayName: 'Report Language',
				name: 'language',
				type: 'options',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'Russian', value: 'ru' },
				],
				default: 'ru',
				description: 'Language of the report item (the e-mail and the Telegram message)',
			},
			{
				displayName: 'Talk Limit per Day (Minutes)',
				name: 'talkLimitMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 180,
				description:
					'A manager on the phone longer than this in a day is flagged (3 hours: longer nobody stays good on the phone)',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Moscow',
				description:
					"Where the company's days begin and end (weeks, talk time per day); empty: the workflow's time zone",
			},
		],
	},
];
