import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NewDeal } from '../../../shared/crm/types';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import {
	recordField,
	recordIdOf,
	pipelineLocator,
	refOf,
	stageLocator,
	tagsOf,
	userLocator,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { storedEmail, storedPhone } from '../contact/fields';
import { customFieldsParameter, customFieldValues } from '../fields';
import { pipelineIdOf, stageTargetOf, userIdOf } from '../resolve';

const contactNew = { show: { contactMode: ['new'] } };

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Lead Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Заявка с сайта: {{ $json.name }}',
			description: "The lead's title as managers see it in the pipeline",
		},
		{
			displayName: 'Contact',
			name: 'contactMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Create a New Contact',
					value: 'new',
					description: 'The lead and its contact are created in one request',
				},
				{
					name: 'Link an Existing Contact',
					value: 'existing',
					description: 'E.g. one found by Find by Phone or Email.',
				},
				{ name: 'No Contact', value: 'none' },
			],
			default: 'new',
			description: 'Who the lead is about',
		},
		{
			displayName: 'Contact Name',
			name: 'contactName',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.name }}',
			description: "The person's name",
			displayOptions: contactNew,
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: 'e.g. 8 (916) 123-45-67',
			description: 'Any spelling; a valid number is stored as +79161234567 so searches find it',
			displayOptions: contactNew,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Stored trimmed and lower-cased',
			displayOptions: contactNew,
		},
		{
			...recordField('contact'),
			description:
				"The existing contact to link as the lead's main contact: picked from the list (search by name, phone or email), its card's address, or its number",
			displayOptions: { show: { contactMode: ['existing'] } },
		},
		pipelineLocator({}, 'Where the lead goes. Empty: the main pipeline.'),
		stageLocator(
			{},
			'The stage it lands in, e.g. "Пришел новый лид". Empty: the pipeline\'s first stage.',
		),
		userLocator(
			'responsible',
			'Responsible User',
			"The manager the lead is assigned to. Empty: the credential's user.",
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				customFieldsParameter('getLeadFields'),
				{
					displayName: 'Note',
					name: 'note',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: "Text added to the lead's feed, e.g. what the client wrote",
				},
				{
					displayName: 'Price',
					name: 'price',
					type: 'number',
					default: 0,
					description: "The deal's budget in the account currency",
				},
				{
					displayName: 'Tags',
					name: 'tags',
					type: 'string',
					default: '',
					placeholder: 'e.g. A, Наталья, Сайт',
					description: 'Comma-separated tags for the lead',
				},
				{
					displayName: 'UTM Campaign',
					name: 'utmCampaign',
					type: 'string',
					default: '',
					description: "Written to the lead's utm_campaign field",
				},
				{
					displayName: 'UTM Content',
					name: 'utmContent',
					type: 'string',
					default: '',
					description: "Written to the lead's utm_content field",
				},
				{
					displayName: 'UTM Medium',
					name: 'utmMedium',
					type: 'string',
					default: '',
					description: "Written to the lead's utm_medium field",
				},
				{
					displayName: 'UTM Source',
					name: 'utmSource',
					type: 'string',
					default: '',
					description: "Written to the lead's utm_source field",
				},
				{
					displayName: 'UTM Term',
					name: 'utmTerm',
					type: 'string',
					default: '',
					description: "Written to the lead's utm_term field",
				},
			],
		},
	],
	'lead',
	['create'],
);

/** Lead create: up to 50 leads with their contacts per request (`/leads/complex`). */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const { crm } = run;
	const baseUrl = await crm.transport.baseUrl();
	const prepared = await readItems(this, run.items.length, async (i): Promise<NewDeal> => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const pipelineRef = refOf(this, 'pipeline', i);
		const stageRef = refOf(this, 'stage', i);
		const deal: NewDeal = {
			name: String(this.getNodeParameter('name', i, '')).trim() || 'Lead from n8n',
		};
		if (stageRef) {
			const target = await stageTargetOf(this, crm, pipelineRef, stageRef, i);
			deal.stageId = target.stageId;
			deal.pipelineId = target.pipelineId;
		} else {
			deal.pipelineId = await pipelineIdOf(this, crm, pipelineRef, i);
		}
		deal.responsibleUserId = await userIdOf(this, crm, refOf(this, 'responsible', i), i);
		const mode = this.getNodeParameter('contactMode', i) as string;
		if (mode === 'existing') {
			deal.contact = {
				id: String(recordIdOf(this, 'contactId', 'contact', i)),
			};
		} else if (mode === 'new') {
			deal.contact = {
				name: String(this.getNodeParameter('contactName', i, '')).trim() || deal.name,
				phone: storedPhone(this.getNodeParameter('phone', i, '')),
				email: storedEmail(this.getNodeParameter('email', i, '')),
				responsibleUserId: deal.responsibleUserId,
			};
		}
		if (extra.price) deal.price = Number(extra.price);
		deal.tags = tagsOf(extra.tags);
		if (extra.note) deal.note = String(extra.note);
		deal.utm = {
			source: extra.utmSource as string,
			medium: extra.utmMedium as string,
			campaign: extra.utmCampaign as string,
			content: extra.utmContent as string,
			term: extra.utmTerm as string,
		};
		const fields = customFieldValues(extra.customFields as IDataObject | undefined);
		if (fields.length) deal.fields = { custom_fields_values: fields };
		return deal;
	});
	return sendItems(
		prepared,
		(deals) => crm.createDeals(deals),
		(created, deal) => ({
			id: Number(created.dealId),
			contactId: created.contactId ? Number(created.contactId) : null,
			name: deal.name,
			...(deal.pipelineId ? { pipelineId: Number(deal.pipelineId) } : {}),
			...(deal.stageId ? { stageId: Number(deal.stageId) } : {}),
			url: `${baseUrl}/leads/detail/${created.dealId}`,
		}),
	);
}
