import type { INodeProperties } from 'n8n-workflow';

import { crmCredentials, crmProperties } from '../shared/n8n/crmChoice';
import { claimStoreCredentials, claimStoreProperties } from '../shared/n8n/claimOptions';
import { DEFAULT_COUNTRY_OPTION } from '../shared/n8n/leadOptions';

const fromTable = { show: { managersSource: ['table'] } };
const fromJson = { show: { managersSource: ['json'] } };
const guarded = { show: { guard: [true] } };
const withCrm = { hide: { crm: ['none'] } };
/** Without a CRM the guard reads what earlier nodes put on the item. */
const guardedByItem = { show: { guard: [true], crm: ['none'] } };

export const DEFAULT_RECENT_DAYS = 7;
export const DEFAULT_CONVERSION_DAYS = 90;

/** The CRM's credentials, and Redis when it keeps round robin's turn. */
export const leadDistributionCredentials = [
	...crmCredentials,
	...claimStoreCredentials({ strategy: ['roundRobin'] }),
];

export const leadDistributionProperties: INodeProperties[] = [
	...crmProperties({
		allowNone: true,
		description:
			"Read the team (users, who is deactivated), their open leads and conversion, and who already owns each client from this CRM. None: from the table and the item's fields.",
	}),
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'By Conversion',
				value: 'byConversion',
				description:
					'Managers with better conversion get proportionally more leads (30% gets three times what 10% gets)',
			},
			{
				name: 'Fewest Open Leads',
				value: 'leastOpenLeads',
				description:
					'Each lead goes to whoever has the fewest leads in work, counting the ones given in this run',
			},
			{
				name: 'Round Robin',
				value: 'roundRobin',
				description:
					'Managers take turns; a weight of 2 takes two turns for every one of weight 1. The turn is kept between executions.',
			},
		],
		default: 'roundRobin',
		description: 'How leads are shared among the managers',
	},
	{
		displayName: 'Managers From',
		name: 'managersSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'CRM Users',
				value: 'crmUsers',
				description:
					"The CRM's users you pick below (a CRM must be chosen); deactivated users are absent",
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'A list from an expression, e.g. read from a Google Sheet',
			},
			{
				name: 'Table',
				value: 'table',
				description: 'Type the team in the table below (with a CRM, use the CRM user IDs)',
			},
		],
		default: 'table',
		description: 'Where the team comes from',
	},
	{
		displayName: 'Managers',
		name: 'managers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Manager',
		default: {},
		description: 'The team, in the order of turns',
		displayOptions: fromTable,
		options: [
			{
				displayName: 'Manager',
				name: 'manager',
				values: [
					{
						displayName: 'Absent',
						name: 'absent',
						type: 'boolean',
						default: false,
						description:
							'Whether the manager is away (vacation, sick): they get no leads and keep their turn for their return',
					},
					{
						displayName: 'Conversion (%)',
						name: 'conversion',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
						default: 0,
						description:
							"The manager's conversion of leads to sales, e.g. 12.5. Used by By Conversion and Minimum Conversion.",
					},
					{
						displayName: 'CRM User ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'e.g. 8512345',
						description:
							"The manager's user ID in amoCRM or Bitrix24: it becomes the lead's responsibleUserId",
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Анна Петрова',
						description: 'How the manager is shown (and tagged)',
					},
					{
						displayName: 'Open Leads',
						name: 'openLeads',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Leads in work now; used by Fewest Open Leads and the load cap',
					},
					{
						displayName: 'Weight',
						name: 'weight',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: 1,
						description: 'Round robin share: 2 takes twice as many turns as 1; 0 takes none',
					},
				],
			},
		],
	},
	{
		displayName: 'Users Who Take Leads',
		name: 'crmUsers',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getCrmUsers',
			loadOptionsDependsOn: ['crm', 'authentication', 'bitrixEntity'],
		},
		default: [],
		description:
			"The sales managers among the CRM's users, each with weight 1. Empty: every user who sells — administrators, the account's owner, the integration's own user (the token's or webhook's), free, extranet and deactivated users and \"Users Who Never Own Clients\" are left out; with nobody left the node stops and says so. Choose from the list, or specify IDs using an <a href=\"https://docs.n8n.io/code/expressions/\">expression</a>.",
		displayOptions: { show: { managersSource: ['crmUsers'] } },
	},
	{
		displayName: 'Managers (JSON)',
		name: 'managersJson',
		type: 'json',
		default:
			'[\n  { "name": "Анна", "id": "8512345", "weight": 1, "conversion": 12.5, "openLeads": 4, "absent": false }\n]',
		description:
			'A list of managers with name, ID (CRM user ID), weight, conversion (%), openLeads and absent; usually an expression',
		displayOptions: fromJson,
	},
	{
		displayName: 'Absent Today',
		name: 'absentManagers',
		type: 'string',
		default: '',
		placeholder: 'e.g. Борис, 8512346',
		description:
			'Names or CRM user IDs of managers who are away, comma-separated (or an expression reading a calendar); added to the Absent column',
	},
	{
		displayName: 'Balance Turns By',
		name: 'turnsFrom',
		type: 'options',
		options: [
			{
				name: "The CRM's Recent Deals",
				value: 'crm',
				description:
					'The next lead goes to whoever received the fewest deals in the CRM lately (for their weight). Stays fair when executions run at once (queue mode): an extra lead one manager got is made up by the next execution.',
			},
			{
				name: "This Workflow's Memory",
				value: 'staticData',
				description:
					"A turn kept in the workflow's static data: exact when executions run one after another; two at once may give one manager an extra lead that is never made up",
			},
		],
		default: 'crm',
		description: 'How round robin knows whose turn it is',
		displayOptions: { show: { strategy: ['roundRobin'] }, hide: { crm: ['none'] } },
	},
	...claimStoreProperties({
		what: 'the turn',
		description:
			'Where round robin keeps its turn so that executions running at the same moment take consecutive turns (A, B, C, D) instead of the same one. Replaces Balance Turns By. Use Redis in queue mode: every worker increments the same counter (INCR).',
		waits: false,
		displayOptions: { show: { strategy: ['roundRobin'] } },
	}),
	{
		displayName: 'Recent Deals Window (Days)',
		name: 'recentDays',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: DEFAULT_RECENT_DAYS,
		description: 'Deals created in the CRM this many days back count for the balance, e.g. 7',
		displayOptions: {
			show: { strategy: ['roundRobin'], turnsFrom: ['crm'] },
			hide: { crm: ['none'] },
		},
	},
	{
		displayName: 'Conversion Window (Days)',
		name: 'conversionDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_CONVERSION_DAYS,
		description:
			"Conversion is won deals out of the deals each manager closed (won or lost) in this many days, e.g. 90. A manager who closed none gets the team's conversion. Used by By Conversion and Minimum Conversion.",
		displayOptions: withCrm,
	},
	{
		displayName: 'Count Deals In Pipelines',
		name: 'pipelines',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getCrmPipelines',
			loadOptionsDependsOn: ['crm', 'authentication', 'bitrixEntity'],
		},
		default: [],
		description:
			'Which pipelines count for open leads, conversion and recent deals. Empty: all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: withCrm,
	},
	{
		displayName: 'Load Cap',
		name: 'loadCap',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'A manager with this many leads in work gets no more until the others catch up; 0 means no cap. When everyone is at the cap the lead goes to the least loaded. With a CRM the leads in work are its open deals.',
	},
	{
		displayName: 'Minimum Conversion (%)',
		name: 'minConversion',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
		default: 0,
		description:
			'Managers below this conversion get no new leads ("if they cannot close, do not give them more"); 0 turns it off',
	},
	{
		displayName: 'Check Ownership First',
		name: 'guard',
		type: 'boolean',
		default: true,
		description:
			'Whether a client who already belongs to a manager goes to "Owned by Someone Else" instead of being assigned: another manager\'s open task, or another manager responsible while the client is not closed as lost. With a CRM the client is looked up by phone and email.',
	},
	{
		displayName: "Client's Responsible",
		name: 'clientResponsible',
		type: 'string',
		default: '={{ $json.duplicateOf ? $json.duplicateOf.responsibleUserId : "" }}',
		description:
			'The CRM user ID responsible for this client now, if any. The default reads what Lead Dedup found.',
		displayOptions: guardedByItem,
	},
	{
		displayName: "Client's Stage",
		name: 'clientStage',
		type: 'string',
		default: '={{ $json.duplicateOf ? $json.duplicateOf.stageSemantics : "" }}',
		description:
			"The stage of the client's deal: open / won / lost, a stage name (Закрыто и не реализовано, Успешно реализовано) or amoCRM's 142 / 143. Empty means no deal. The default reads what Lead Dedup found.",
		displayOptions: guardedByItem,
	},
	{
		displayName: 'Open Task Owners',
		name: 'openTaskOwners',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.openTasks.map(t => t.responsibleUserId) }}',
		description:
			'CRM user IDs of managers with an open task on this client: comma-separated or a list',
		displayOptions: guardedByItem,
	},
	{
		displayName: 'Users Who Never Own Clients',
		name: 'notOwners',
		type: 'string',
		default: '',
		placeholder: 'e.g. 8500000 (admin), 8500001 (integration)',
		description:
			"Comma-separated CRM user IDs (an administrator, the integration's robot user) whose tasks or deals do not make a client owned. With a CRM, deactivated users and the integration's own user (the token's or webhook's) own nobody either.",
		displayOptions: guarded,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: withCrm,
		options: [
			DEFAULT_COUNTRY_OPTION,
			{
				displayName: 'Email Field',
				name: 'emailField',
				type: 'string',
				default: 'email',
				description:
					"Field of the item holding the client's email, for the ownership check (dots for nested fields)",
			},
			{
				displayName: 'Other Phones Field',
				name: 'otherPhonesField',
				type: 'string',
				default: 'otherPhones',
				description: 'Field holding further numbers of the client (a list or comma-separated)',
			},
			{
				displayName: 'Phone Field',
				name: 'phoneField',
				type: 'string',
				default: 'phone',
				description:
					"Field of the item holding the client's phone, in any format, for the ownership check",
			},
		],
	},
];
