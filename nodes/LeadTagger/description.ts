import type { INodeProperties } from 'n8n-workflow';

import { crmProperties } from '../shared/n8n/crmChoice';
import { CREATE_MISSING_TAGS_OPTION } from '../shared/n8n/crmOptions';
import { QUALIFICATION_CRITERIA } from '../shared/funnel/qualification';

const scoring = { show: { qualification: ['scoring'] } };
const budgetUrgency = { show: { qualification: ['budgetUrgency'] } };
const qualifying = { show: { qualification: ['scoring', 'budgetUrgency'] } };

export const leadTaggerProperties: INodeProperties[] = [
	{
		displayName: 'Tag Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		description:
			'When a field of the lead meets the condition, the lead gets the tags. Every matching rule adds its tags.',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: 'form',
						placeholder: 'e.g. utm.campaign',
						description:
							'The lead field to look at: form, source, utm.campaign, message, raw.Бюджет (dots for nested fields)',
					},
					{
						displayName: 'Condition',
						name: 'condition',
						type: 'options',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Does Not Contain', value: 'notContains' },
							{ name: 'Equals', value: 'equals' },
							{
								name: 'Greater Than',
								value: 'greaterThan',
								description: 'Numbers such as "150 000 ₽" are read as 150000',
							},
							{ name: 'Is Empty', value: 'isEmpty' },
							{ name: 'Is Not Empty', value: 'isNotEmpty' },
							{
								name: 'Is One Of',
								value: 'inList',
								description: 'The value is a comma-separated list',
							},
							{ name: 'Less Than', value: 'lessThan' },
							{
								name: 'Matches Regular Expression',
								value: 'matchesRegex',
								description: 'For example ваканс|career',
							},
							{ name: 'Not Equals', value: 'notEquals' },
							{ name: 'Starts With', value: 'startsWith' },
						],
						default: 'contains',
						description:
							'How to compare; text compares ignoring case and ё/е unless turned off under Options',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. ваканс',
						description: 'What to compare with (not used by Is Empty / Is Not Empty)',
						displayOptions: { hide: { condition: ['isEmpty', 'isNotEmpty'] } },
					},
					{
						displayName: 'Tags',
						name: 'tags',
						type: 'string',
						default: '',
						placeholder: 'e.g. Вакансия',
						description: 'Tags to add, comma-separated',
					},
				],
			},
		],
	},
	{
		displayName: 'Preset Rules',
		name: 'preset',
		type: 'options',
		options: [
			{
				name: 'Agency Source Tags',
				value: 'agency',
				description:
					"Ready-made rules of an agency's amoCRM funnel: Вакансия (vacancies form), Акция (promo campaign), Таглайн (Tagline directory), От Антона (founder's event, utm_medium/utm_source), Партнер, УЦ (courses), Мусор (test names). Applied before your rules.",
			},
			{ name: 'None', value: 'none' },
		],
		default: 'none',
		description: 'Ready-made rules to apply in addition to the table; see the README for each rule',
	},
	{
		displayName: 'Qualification',
		name: 'qualification',
		type: 'options',
		options: [
			{
				name: 'Budget and Urgency (A/B/C)',
				value: 'budgetUrgency',
				description:
					'A: budget and urgent; B: budget without urgency, or urgent with budget likely; C: unclear',
			},
			{ name: 'None', value: 'none' },
			{
				name: 'Score Criteria 1–5',
				value: 'scoring',
				description:
					'Each criterion gets 1–5 points (fit, readiness to buy, real need, channel), summed with weights; thresholds give A/B/C',
			},
		],
		default: 'none',
		description: 'How to decide how hot the lead is: the result goes to "score" and "class"',
	},
	{
		displayName: 'Criteria',
		name: 'criteria',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Criterion',
		default: {
			criterion: QUALIFICATION_CRITERIA.map((name) => ({ name, points: '', weight: 1 })),
		},
		description:
			'Points 1–5 for each criterion, usually an expression over the lead, e.g. {{ $JSON.utm.medium === "cpc" ? 4 : 2 }}. An empty value counts as not scored (0 points).',
		displayOptions: scoring,
		options: [
			{
				displayName: 'Criterion',
				name: 'criterion',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Readiness to buy',
						description: 'What is judged, shown in the explanation',
					},
					{
						displayName: 'Points (1–5)',
						name: 'points',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.form.includes("стоимость") ? 5 : 2 }}',
						description: 'A number from 1 to 5; an expression can compute it from the lead',
					},
					{
						displayName: 'Weight',
						name: 'weight',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: 1,
						description: 'How much this criterion counts: 2 doubles its points',
					},
				],
			},
		],
	},
	{
		displayName: 'A From Score',
		name: 'thresholdA',
		type: 'number',
		default: 16,
		description:
			'A score at or above this is class A (hot). With four criteria at weight 1 the score runs 4–20.',
		displayOptions: scoring,
	},
	{
		displayName: 'B From Score',
		name: 'thresholdB',
		type: 'number',
		default: 11,
		description: 'A score at or above this (and below A) is class B; lower is C',
		displayOptions: scoring,
	},
	{
		displayName: 'Has Budget',
		name: 'budget',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.raw.Бюджет }}',
		description:
			'Yes / no / likely: true, "да", "есть", an amount such as "150 000" mean yes; "возможно" means likely; empty is unknown',
		displayOptions: budgetUrgency,
	},
	{
		displayName: 'Is Urgent',
		name: 'urgency',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.raw.Сроки === "Срочно" }}',
		description: 'Yes / no: true, "да", "срочно" mean yes; empty is unknown',
		displayOptions: budgetUrgency,
	},
	{
		displayName: 'Add Class Tag',
		name: 'addClassTag',
		type: 'boolean',
		default: true,
		description:
			'Whether the class (A, B or C) is also added as a tag, replacing an older class tag of the lead',
		displayOptions: qualifying,
	},
	{
		displayName: 'Manager Tag',
		name: 'managerTag',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.assignee.name }}',
		description:
			"The name of the lead's manager, added as a tag so leads can be filtered by manager. Empty adds nothing.",
	},
	...crmProperties({
		allowNone: true,
		description:
			"Also add the tags (and fill the Fields to Write) on the lead's deal in this CRM (tags are added, the deal's other tags stay). None: tags stay on the item.",
	}),
	{
		displayName: 'Deal ID',
		name: 'dealId',
		type: 'string',
		default: '={{ $json.dealId || ($json.duplicateOf && $json.duplicateOf.dealId) || "" }}',
		placeholder: 'e.g. {{ $json.dealId }}',
		description:
			"The deal to tag (an amoCRM lead, a Bitrix24 deal or lead). The default takes the item's dealId, else the deal Lead Dedup found. An item without one is tagged on the item only.",
		displayOptions: { hide: { crm: ['none'] } },
	},
	{
		displayName: 'Tags to Write',
		name: 'tagsToWrite',
		type: 'options',
		options: [
			{
				name: "All the Lead's Tags",
				value: 'all',
				description: 'Every tag the item has after tagging, the ones it came with included',
			},
			{
				name: 'Tags This Node Added',
				value: 'added',
				description: 'Only the tags this node decided (rules, class, manager)',
			},
		],
		default: 'added',
		description: 'Which tags go to the deal; none is ever removed from it',
		displayOptions: { hide: { crm: ['none'] } },
	},
	{
		displayName: 'Fields to Write',
		name: 'crmFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		description:
			"Values for the deal's own fields, each found by the name the CRM shows (case and spacing ignored): on amoCRM a lead field of that name, else one of its main contact. A name the account has no field for is listed in crmFields.missing; nothing is created.",
		displayOptions: { hide: { crm: ['none'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. Дата последнего вебинара',
						description: 'The field as the CRM names it',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.webinarDate }}',
						description:
							'Text, a number, a date (2026-11-20 or 20.11.2026), a list option as written in the CRM, yes/no. Empty clears the field.',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			CREATE_MISSING_TAGS_OPTION,
			{
				displayName: 'Explain Decisions',
				name: 'explain',
				type: 'boolean',
				default: true,
				description:
					'Whether to add a "tagging" field saying which rules matched and how the class was decided',
			},
			{
				displayName: 'Ignore Case',
				name: 'ignoreCase',
				type: 'boolean',
				default: true,
				description: 'Whether text compares ignoring upper/lower case and ё/е',
			},
			{
				displayName: 'Tags Field',
				name: 'tagsField',
				type: 'string',
				default: 'tags',
				description:
					'Field holding the tags the lead already has (a list or comma-separated); the result is written to "tags"',
			},
		],
	},
];
