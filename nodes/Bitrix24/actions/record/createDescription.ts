/** The parameters of Create for leads, deals, contacts and companies: what each kind of record asks for. */
import type { INodeProperties } from 'n8n-workflow';

import { displayFor } from '../../../shared/n8n/crmNode/display';
import {
	categoryLocator,
	customFieldsOption,
	responsibleLocator,
	stageParameter,
	tagsParameter,
	utmOptions,
} from '../common';
import type { Entity } from '../types';

export function createDescription(entity: Entity): INodeProperties[] {
	const on = displayFor(entity, 'create');
	const props: INodeProperties[] = [];
	if (entity !== 'contact') {
		props.push({
			displayName: entity === 'company' ? 'Company Name' : 'Title',
			name: 'title',
			type: 'string',
			required: entity === 'deal' || entity === 'company',
			default: '',
			placeholder:
				entity === 'lead'
					? 'e.g. Заявка с сайта'
					: entity === 'company'
						? 'e.g. ООО «Ромашка»'
						: 'e.g. ang5350@yandex.ru, Анжелика',
			description:
				entity === 'company'
					? 'The company name as it should appear in Bitrix24'
					: `The ${entity} name shown in the funnel${entity === 'lead' ? '; empty: Bitrix24 names it "Лид #ID"' : ''}`,
			displayOptions: on,
		});
	}
	if (entity === 'lead' || entity === 'contact') {
		props.push({
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Анжелика',
			description: 'First name (or the whole name as the client wrote it)',
			displayOptions: on,
		});
	}
	if (entity !== 'deal') {
		props.push(
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: 'e.g. 8 (916) 123-45-67',
				description:
					"Stored in E.164 (+79161234567) so that Bitrix24's duplicate search finds it; kept as written when it is not a phone number",
				displayOptions: on,
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: "The client's e-mail",
				displayOptions: on,
			},
		);
	}
	if (entity === 'deal') {
		props.push(
			categoryLocator(
				['create'],
				'The pipeline (funnel) of the deal; empty: the default pipeline, or the one the stage belongs to',
			),
		);
		props.push(stageParameter('deal', ['create'], false));
		props.push({
			displayName: 'Contact',
			name: 'contactMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Create a New Contact',
					value: 'new',
					description:
						'The contact and its deal are made in the same request (25 pairs a request); a retried run finds both by their external ID',
				},
				{
					name: 'Link an Existing Contact',
					value: 'existing',
					description: 'E.g. one found by Duplicate → Find.',
				},
				{ name: 'No Contact', value: 'none' },
			],
			default: 'existing',
			description: 'Who the deal is about',
			displayOptions: on,
		});
		const newContact = { show: { ...on?.show, contactMode: ['new'] } };
		props.push(
			{
				displayName: 'Contact Name',
				name: 'contactName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Анжелика',
				description: "The person's name as the client wrote it",
				displayOptions: newContact,
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: 'e.g. 8 (916) 123-45-67',
				description: "Stored in E.164 (+79161234567) so that Bitrix24's duplicate search finds it",
				displayOptions: newContact,
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: "The client's e-mail",
				displayOptions: newContact,
			},
		);
		props.push({
			displayName: 'Contact ID',
			name: 'contactId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 301',
			description: 'An existing contact to link to the deal; empty: none',
			displayOptions: { show: { ...on?.show, contactMode: ['existing'] } },
		});
	}
	if (entity === 'lead') props.push(stageParameter('lead', ['create'], false));
	props.push(responsibleLocator(entity, ['create']));
	if (entity === 'lead' || entity === 'deal')
		props.push(tagsParameter(entity, ['create'], 'Tags to set (values of the tags list field).'));
	const additional: INodeProperties[] = [
		{
			displayName: 'Comments',
			name: 'comments',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'The comment field (BBCode allowed)',
		},
		{
			displayName: 'Currency',
			name: 'currency',
			type: 'string',
			default: 'RUB',
			description: 'Currency of the amount, e.g. RUB, USD, KZT',
		},
		customFieldsOption,
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			default: '',
			placeholder: 'e.g. Tilda tranid 467251:8442970',
			description:
				"Stored as ORIGIN_ID: the request's own ID. A retried create finds the record by it instead of making a second one. Empty: a unique ID is generated.",
		},
		{
			displayName: 'Source Details',
			name: 'sourceDescription',
			type: 'string',
			default: '',
			description: 'Free text about the source, e.g. the form name',
		},
		{
			displayName: 'Source Name or ID',
			name: 'sourceId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSources' },
			default: '',
			description:
				'Where the client came from. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...utmOptions,
	];
	if (entity === 'company')
		// Companies have no source fields; their address is theirs.
		additional.splice(
			additional.findIndex((p) => p.name === 'sourceDescription'),
			2,
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				description: "The company's address",
			},
		);
	if (entity === 'lead' || entity === 'deal')
		additional.push({
			displayName: 'Amount',
			name: 'opportunity',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Expected amount (OPPORTUNITY)',
		});
	if (entity === 'lead' || entity === 'contact')
		additional.push({
			displayName: 'Last Name',
			name: 'lastName',
			type: 'string',
			default: '',
			description: "The client's last name",
		});
	additional.sort((a, b) => a.displayName.localeCompare(b.displayName));
	props.push({
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: additional,
		displayOptions: on,
	});
	return props;
}
