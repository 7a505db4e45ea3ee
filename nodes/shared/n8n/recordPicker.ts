/**
 * The record pickers of both CRM nodes: a lead/deal, contact or company picked from a list searched by name, phone
 * or e-mail, pasted as its card's address, or given by ID. Workflows saved with a plain ID (before the picker) keep
 * working: reading the parameter with `extractValue` gives a plain value back as it is.
 */
import type { IDisplayOptions, INodeListSearchItems, INodeProperties } from 'n8n-workflow';

export interface RecordLocatorOptions {
	/** The parameter's name as saved workflows store it. */
	name: string;
	displayName: string;
	description: string;
	searchListMethod: string;
	/** The card address with one group, the ID (a regular expression as text). */
	urlRegex: string;
	urlPlaceholder: string;
	idPlaceholder: string;
	/** What the URL mode's check says when the address is not a card's. */
	urlError: string;
	required?: boolean;
	displayOptions?: IDisplayOptions;
}

export function recordLocator(o: RecordLocatorOptions): INodeProperties {
	return {
		displayName: o.displayName,
		name: o.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: o.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search by name, phone or email…',
				typeOptions: { searchListMethod: o.searchListMethod, searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: o.urlPlaceholder,
				validation: [
					{ type: 'regex', properties: { regex: `${o.urlRegex}.*`, errorMessage: o.urlError } },
				],
				extractValue: { type: 'regex', regex: o.urlRegex },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: o.idPlaceholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: '^\\s*[0-9]+\\s*$', errorMessage: 'An ID is a number' },
					},
				],
			},
		],
		...(o.required ? { required: true } : {}),
		...(o.displayOptions ? { displayOptions: o.displayOptions } : {}),
	};
}

/** A list-search row: the record's name with its phone and e-mail beside it, so namesakes can be told apart. */
export function recordItem(
	id: string | number,
	name: string,
	details: Array<string | null | undefined>,
	url?: string,
): INodeListSearchItems {
	const rest = details.filter((d): d is string => Boolean(d && d.trim()));
	return {
		name: `${name || `#${id}`}${rest.length ? ` (${rest.join(', ')})` : ''}`,
		value: String(id),
		...(url ? { url } : {}),
	};
}
