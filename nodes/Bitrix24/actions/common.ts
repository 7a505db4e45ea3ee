/** Parameters several operations share, and the small readers that turn them into API values. */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { normalizePhone } from '../../shared/funnel/phone';
import { displayFor } from '../../shared/n8n/crmNode/display';
import { recordLocator } from '../../shared/n8n/recordPicker';
import { pipelinePicker, stagePicker } from '../../shared/n8n/stagePicker';
import type { Entity } from './types';

export const ENTITY_WORD: Record<Entity, string> = {
	lead: 'Lead',
	deal: 'Deal',
	contact: 'Contact',
	company: 'Company',
};

const SEARCH_METHOD: Record<Entity, string> = {
	lead: 'searchLeads',
	deal: 'searchDeals',
	contact: 'searchContacts',
	company: 'searchCompanies',
};

/** A lead, deal, contact or company: from a list searched by name, phone or e-mail, by its card's address, or by ID. */
export function recordId(entity: Entity, operations: string[]): INodeProperties {
	return recordLocator({
		name: 'id',
		displayName: ENTITY_WORD[entity],
		description: `The ${entity} — picked from the list (search by name, phone or email), its card's address in Bitrix24, or its ID (the number in …/crm/${entity}/details/1234/)`,
		searchListMethod: SEARCH_METHOD[entity],
		urlRegex: `https?://[^/]+/crm/${entity}/details/([0-9]+)`,
		urlPlaceholder: `e.g. https://mycompany.bitrix24.ru/crm/${entity}/details/1234/`,
		urlError: `Not a ${entity} card address (…/crm/${entity}/details/<number>/)`,
		idPlaceholder: 'e.g. 1234',
		required: true,
		displayOptions: displayFor(entity, operations),
	});
}

export function responsibleLocator(
	resource: string | string[],
	operations: string[],
	required = false,
): INodeProperties {
	return {
		displayName: 'Responsible Person',
		name: 'responsible',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required,
		description:
			'The manager who owns the record (Bitrix24 "Responsible person"); empty keeps the default',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3',
				validation: [
					{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A user ID is a number' } },
				],
			},
		],
		displayOptions: displayFor(resource, operations),
	};
}

export function categoryLocator(operations: string[], description: string): INodeProperties {
	return pipelinePicker({
		name: 'category',
		displayName: 'Pipeline',
		description,
		namePlaceholder: 'e.g. Вебинар',
		idPlaceholder: 'e.g. 3',
		displayOptions: displayFor('deal', operations),
	});
}

/** The stage (a lead's status) by name or ID, from the list of the chosen pipeline's stages. */
export function stageParameter(
	entity: 'lead' | 'deal',
	operations: string[],
	required: boolean,
): INodeProperties {
	return stagePicker({
		name: 'stage',
		displayName: entity === 'lead' ? 'Status' : 'Stage',
		description:
			entity === 'lead'
				? 'The lead status, e.g. "Взят в обработку"'
				: 'The deal stage, e.g. "Думает(поговорили)". Names are looked up in the pipeline chosen, else in every pipeline.',
		namePlaceholder: entity === 'lead' ? 'e.g. Взят в обработку' : 'e.g. Думает(поговорили)',
		idPlaceholder: entity === 'lead' ? 'e.g. IN_PROCESS' : 'e.g. C3:UC_THINKS',
		required,
		displayOptions: displayFor(entity, operations),
	});
}

export function tagsParameter(
	entity: 'lead' | 'deal',
	operations: string[],
	description: string,
): INodeProperties {
	return {
		displayName: 'Tag Names or IDs',
		name: 'tags',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTags' },
		default: [],
		description: `${description} Names work too (a list, or one text separated by commas). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		displayOptions: displayFor(entity, operations),
	};
}

export const customFieldsOption: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	placeholder: 'Add Custom Field',
	description: 'Any other field, by its Bitrix24 name (UF_CRM_…, COMMENTS, SOURCE_ID …)',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Field Name or ID',
					name: 'name',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getFields' },
					default: '',
					description:
						'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description:
						'The value; for a list field its value ID; for several values a JSON array such as ["57","58"]',
				},
			],
		},
	],
};

export const utmOptions: INodeProperties[] = [
	'Source',
	'Medium',
	'Campaign',
	'Content',
	'Term',
].map((part) => ({
	displayName: `UTM ${part}`,
	name: `utm${part}`,
	type: 'string' as const,
	default: '',
	description: `The utm_${part.toLowerCase()} of the visit the request came from`,
}));

/** A name, a list or "a, b" text → clean names. */
export function namesList(value: unknown): string[] {
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: value === undefined || value === null
				? []
				: [value];
	return [...new Set(list.map((v) => String(v).trim()).filter(Boolean))];
}

export function locatorValue(this: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '', { extractValue: true });
	return value === undefined || value === null ? '' : String(value).trim();
}

export function requireId(
	this: IExecuteFunctions,
	itemIndex: number,
	entity: string,
	name = 'id',
): number {
	// A record picker, or a plain ID in a workflow saved before it; an address mapped in by an expression gives its ID.
	const given = String(
		this.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	const raw = /\/details\/(\d+)\/?(?:[?#].*)?$/.exec(given)?.[1] ?? given;
	if (!/^\d+$/.test(raw) || Number(raw) <= 0) {
		throw new NodeOperationError(this.getNode(), `"${raw}" is not a ${entity} ID`, {
			itemIndex,
			description: `Give the numeric ID of the ${entity}, e.g. 1234 (it is in the record's address …/details/1234/)`,
		});
	}
	return Number(raw);
}

/** Custom fields as `{NAME: value}`; JSON arrays and objects are parsed. */
export function customFields(collection: IDataObject | undefined): IDataObject {
	const rows = ((collection?.field as IDataObject[]) ?? []).filter((r) => r.name);
	const out: IDataObject = {};
	for (const row of rows) {
		const raw = row.value;
		let value: unknown = raw;
		if (typeof raw === 'string' && /^\s*[[{]/.test(raw)) {
			try {
				value = JSON.parse(raw);
			} catch {
				value = raw;
			}
		}
		out[String(row.name)] = value as IDataObject[string];
	}
	return out;
}

/** A phone for storage: E.164 when it parses (so the portal's duplicate search matches it), else as given. */
export function phoneForStorage(raw: string, defaultCountry = 'RU'): string {
	const parsed = normalizePhone(raw, { defaultCountry });
	return parsed.ok ? parsed.e164 : raw.trim();
}
