import type { INodeProperties } from 'n8n-workflow';

import { crmCredentials, crmProperties } from '../shared/n8n/crmChoice';
import { claimStoreCredentials, claimStoreProperties } from '../shared/n8n/claimOptions';
import { CREATE_MISSING_TAGS_OPTION } from '../shared/n8n/crmOptions';
import { DEFAULT_COUNTRY_OPTION } from '../shared/n8n/leadOptions';

export const DEFAULT_HISTORY_SIZE = 10000;

const historyOnly = { show: { scopes: ['history'] } };
const crmOnly = { scopes: ['crm'] };

/** The CRM choice, shown once the CRM is a place to look in. */
const crmChoice: INodeProperties[] = crmProperties({
	description: 'The CRM whose contacts count as earlier copies',
}).map((p) => ({
	...p,
	displayOptions: { show: { ...(p.displayOptions?.show ?? {}), ...crmOnly } },
}));

/** Credentials follow the CRM choice, and only when the CRM scope is on; Redis when it holds the claims. */
export const leadDedupCredentials = [
	...crmCredentials.map((c) => ({
		...c,
		displayOptions: { show: { ...(c.displayOptions?.show ?? {}), ...crmOnly } },
	})),
	...claimStoreCredentials(crmOnly),
];

export const leadDedupProperties: INodeProperties[] = [
	{
		displayName: 'Look for Duplicates In',
		name: 'scopes',
		type: 'multiOptions',
		options: [
			{
				name: 'CRM',
				value: 'crm',
				description:
					'Contacts already in amoCRM or Bitrix24 with the same phone or email (Bitrix24 leads too), with their deal, responsible and stage',
			},
			{
				name: 'Earlier Executions',
				value: 'history',
				description:
					"Leads this workflow saw before, remembered by n8n's deduplication store (durable, shared by queue-mode workers)",
			},
			{
				name: 'This Input',
				value: 'input',
				description:
					'Earlier items of the same execution (a batch import, a webhook retried within one run)',
			},
		],
		default: ['input', 'history'],
		description:
			'Where an earlier copy of the lead counts. Each webhook execution carries one lead, so Earlier Executions is what catches a client who writes twice.',
	},
	{
		displayName: 'Match By',
		name: 'keys',
		type: 'multiOptions',
		options: [
			{
				name: 'Email',
				value: 'email',
				description: 'Trimmed and lower-cased: IVAN@Mail.ru is ivan@mail.ru',
			},
			{
				name: 'Phone',
				value: 'phone',
				description:
					'E.164: 8 (916) 123-45-67, +7 916 123 45 67 and 9161234567 are one number; every number of the lead counts',
			},
		],
		default: ['phone', 'email'],
		description: 'What identifies the same person',
	},
	{
		displayName: 'A Duplicate Shares',
		name: 'match',
		type: 'options',
		options: [
			{
				name: 'All Keys',
				value: 'all',
				description:
					'Phone and email must both be there and both equal (a lead missing one is never a duplicate)',
			},
			{
				name: 'Any Key',
				value: 'any',
				description:
					'The same phone or the same email is the same person; chains count (phone links A to B, email links B to C)',
			},
		],
		default: 'any',
		description: 'How many of the chosen keys a lead must share with an earlier one',
	},
	{
		displayName: 'Catch Repeated Submissions',
		name: 'byExternalId',
		type: 'boolean',
		default: true,
		description:
			"Whether a request with the same submission ID as an earlier one (Tilda tranid, messenger message ID: the lead's externalId) is a duplicate, so a retried webhook creates nothing twice",
	},
	{
		displayName: 'History Scope',
		name: 'historyScope',
		type: 'options',
		options: [
			{
				name: 'This Node',
				value: 'node',
				description: 'Only leads that passed this Lead Dedup node',
			},
			{
				name: 'This Workflow',
				value: 'workflow',
				description:
					'Shared by every Lead Dedup node of the workflow (e.g. a forms branch and a chats branch)',
			},
		],
		default: 'node',
		description: 'Which earlier leads count',
		displayOptions: historyOnly,
	},
	{
		displayName: 'History Size',
		name: 'historySize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_HISTORY_SIZE,
		description:
			'How many keys to remember; the oldest are forgotten first. A lead with a phone and an email takes two keys and its submission ID a third, so 10,000 keys hold about 3,000–5,000 leads.',
		displayOptions: historyOnly,
	},
	...crmChoice,
	{
		displayName: 'Tag the Existing Deal',
		name: 'tagExistingDeal',
		type: 'boolean',
		default: false,
		description:
			"Whether a lead found in the CRM tags the client's deal (the one the duplicate names) so managers see the client wrote again. Tags are added; the deal's other tags stay.",
		displayOptions: { show: crmOnly },
	},
	{
		displayName: 'Tag',
		name: 'duplicateTag',
		type: 'string',
		default: 'Дубль',
		placeholder: 'e.g. Дубль',
		description:
			"The tag to add, or several comma-separated. On Bitrix24 each must be a value of the deals' tags list field.",
		displayOptions: { show: { ...crmOnly, tagExistingDeal: [true] } },
	},
	{
		displayName: 'Add a Note to the Existing Deal',
		name: 'noteExistingDeal',
		type: 'boolean',
		default: false,
		description:
			"Whether a lead found in the CRM leaves a note (Bitrix24: a timeline comment) on the client's deal with the new request",
		displayOptions: { show: crmOnly },
	},
	{
		displayName: 'Note',
		name: 'noteText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Повторная заявка с формы {{ $json.form }}',
		description:
			"The note's text. Empty: a summary of the new request — name, phone, email, source, form, UTM, message and time.",
		displayOptions: { show: { ...crmOnly, noteExistingDeal: [true] } },
	},
	{
		displayName: "Merge the Client's Contacts",
		name: 'mergeContacts',
		type: 'boolean',
		default: false,
		description:
			'Whether two or more Bitrix24 contacts found for one lead (the same person entered twice) are merged into the oldest (crm.entity.mergeBatch). When their names differ Bitrix24 merges nothing and the duplicate says "conflict". amoCRM has no merge in its API.',
		displayOptions: { show: { ...crmOnly, crm: ['bitrix24'] } },
	},
	...claimStoreProperties({
		what: 'a person',
		description:
			'Where executions running at the same moment claim a person (phone and email) before deciding: the first is New, the others wait for its deal and are its Duplicates — the same person posted twice at once never becomes two deals. Use Redis in queue mode.',
		waits: true,
		displayOptions: { show: crmOnly },
	}),
	{
		displayName: 'Add New Phone or Email to the Contact',
		name: 'addContactDetails',
		type: 'boolean',
		default: true,
		description:
			"Whether a phone or email the lead brings and the CRM does not hold yet is added to the contact found (the contact's other numbers and addresses stay), so the client's next call or letter from it finds their deal",
		displayOptions: { show: crmOnly },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			CREATE_MISSING_TAGS_OPTION,
			DEFAULT_COUNTRY_OPTION,
			{
				displayName: 'Email Field',
				name: 'emailField',
				type: 'string',
				default: 'email',
				description:
					'Field of the item holding the email (dots for nested fields, e.g. contact.email)',
			},
			{
				displayName: 'External ID Field',
				name: 'externalIdField',
				type: 'string',
				default: 'externalId',
				description:
					'Field holding the sender\'s submission ID (Tilda tranid); scoped by the item\'s "channel" field',
			},
			{
				displayName: 'Find a Note Containing',
				name: 'noteMarker',
				type: 'string',
				default: '',
				placeholder: 'e.g. Вебинар 20.11.2026',
				description:
					"Text looked for in the notes of the client's deal (the one the duplicate names). When a note contains it, the duplicate says so (duplicateOf.actions.noteFound) and no second note is added — an import run again changes nothing. Usually an expression; empty: notes are not read.",
			},
			{
				displayName: 'Find Numbers Stored Without +7 (Bitrix24)',
				name: 'nationalPhoneLookups',
				type: 'boolean',
				default: false,
				description:
					'Whether Bitrix24 is also asked for each +7 number as typed without the country code (916 123-45-67): its own duplicate search does not match that to +7 916…. Turn on when people in your portal typed numbers without +7 or 8; it doubles the phone lookups (1,000 leads: 3 requests instead of 2).',
			},
			{
				displayName: 'Merge Email Aliases',
				name: 'emailProviderRules',
				type: 'boolean',
				default: false,
				description:
					'Whether ivan.petrov+promo@gmail.com is ivanpetrov@gmail.com and ivan@ya.ru is ivan@yandex.ru when comparing (Mail.ru, BK, Inbox and List stay separate mailboxes)',
			},
			{
				displayName: 'Other Phones Field',
				name: 'otherPhonesField',
				type: 'string',
				default: 'otherPhones',
				description: 'Field holding further numbers of the lead (a list or comma-separated)',
			},
			{
				displayName: 'Phone Field',
				name: 'phoneField',
				type: 'string',
				default: 'phone',
				description:
					'Field of the item holding the phone, in any format (dots for nested fields, e.g. contact.phone)',
			},
			{
				displayName: 'Prefer Deals in Pipeline',
				name: 'preferPipeline',
				type: 'string',
				default: '',
				placeholder: 'e.g. Вебинар',
				description:
					'Pipeline name or ID: when the client has a deal there, that deal is the one named (open first, else the latest) rather than their open deal elsewhere. Empty: any pipeline.',
			},
		],
	},
];
