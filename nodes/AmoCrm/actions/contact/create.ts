import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ContactPayload } from '../../../shared/crm/amocrm/existing';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { refOf, tagsOf, userLocator, type ItemOutcome, type OperationRun } from '../common';
import { customFieldsParameter, customFieldValues } from '../fields';
import { userIdOf } from '../resolve';
import { storedEmail, storedPhone } from './fields';

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Анна Иванова',
			description: "The person's name",
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: 'e.g. 8 (916) 123-45-67',
			description: 'Any spelling; a valid number is stored as +79161234567',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: 'Stored trimmed and lower-cased',
		},
		userLocator(
			'responsible',
			'Responsible User',
			"The manager responsible for the contact. Empty: the credential's user.",
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				customFieldsParameter('getContactFields'),
				{
					displayName: 'Position',
					name: 'position',
					type: 'string',
					default: '',
					description: "The person's job title",
				},
				{
					displayName: 'Tags',
					name: 'tags',
					type: 'string',
					default: '',
					description: 'Comma-separated tags for the contact',
				},
			],
		},
	],
	'contact',
	['create'],
);

export async function contactPayloadOf(
	ctx: IExecuteFunctions,
	run: OperationRun,
	i: number,
): Promise<ContactPayload> {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const payload: ContactPayload = { name: String(ctx.getNodeParameter('name', i, '')).trim() };
	const values: Array<Record<string, unknown>> = [];
	const phone = storedPhone(ctx.getNodeParameter('phone', i, ''));
	const email = storedEmail(ctx.getNodeParameter('email', i, ''));
	if (phone) values.push({ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] });
	if (email) values.push({ field_code: 'EMAIL', values: [{ value: email, enum_code: 'WORK' }] });
	if (extra.position)
		values.push({ field_code: 'POSITION', values: [{ value: String(extra.position) }] });
	values.push(...customFieldValues(extra.customFields as IDataObject | undefined));
	if (values.length)
		payload.custom_fields_values = values as ContactPayload['custom_fields_values'];
	const responsible = await userIdOf(ctx, run.crm, refOf(ctx, 'responsible', i), i);
	if (responsible) payload.responsible_user_id = Number(responsible);
	const tags = tagsOf(extra.tags);
	if (tags.length) payload._embedded = { tags: tags.map((name) => ({ name })) };
	return payload;
}

/** Contact create: up to 250 contacts per request. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => contactPayloadOf(this, run, i));
	return sendItems(
		prepared,
		(payloads) => run.crm.createContacts(payloads),
		(created, payload) => ({ id: Number(created.contactId), name: payload.name ?? '' }),
	);
}
