import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { createAmoCompanies, type CompanyPayload } from '../../../shared/crm/amocrm/companies';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { refOf, tagsOf, userLocator, type ItemOutcome, type OperationRun } from '../common';
import { storedEmail, storedPhone } from '../contact/fields';
import { customFieldsParameter, customFieldValues } from '../fields';
import { userIdOf } from '../resolve';

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. ООО «Ромашка»',
			description: 'The company name as it should appear in amoCRM',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: 'e.g. 8 (495) 123-45-67',
			description: 'Any spelling; a valid number is stored as +74951234567',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'info@company.ru',
			default: '',
			description: 'Stored trimmed and lower-cased',
		},
		userLocator(
			'responsible',
			'Responsible User',
			"The manager responsible for the company. Empty: the credential's user.",
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				customFieldsParameter('getCompanyFields'),
				{
					displayName: 'Tags',
					name: 'tags',
					type: 'string',
					default: '',
					description: 'Comma-separated tags for the company',
				},
			],
		},
	],
	'company',
	['create'],
);

async function companyPayloadOf(
	ctx: IExecuteFunctions,
	run: OperationRun,
	i: number,
): Promise<CompanyPayload> {
	const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const name = String(ctx.getNodeParameter('name', i, '')).trim();
	if (!name) {
		throw new NodeOperationError(ctx.getNode(), 'A company needs a name', {
			itemIndex: i,
			description: 'Fill in Name, e.g. with an expression such as {{ $json.company }}',
		});
	}
	const payload: CompanyPayload = { name };
	const values: Array<Record<string, unknown>> = [];
	const phone = storedPhone(ctx.getNodeParameter('phone', i, ''));
	const email = storedEmail(ctx.getNodeParameter('email', i, ''));
	if (phone) values.push({ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] });
	if (email) values.push({ field_code: 'EMAIL', values: [{ value: email, enum_code: 'WORK' }] });
	values.push(...customFieldValues(extra.customFields as IDataObject | undefined));
	if (values.length)
		payload.custom_fields_values = values as CompanyPayload['custom_fields_values'];
	const responsible = await userIdOf(ctx, run.crm, refOf(ctx, 'responsible', i), i);
	if (responsible) payload.responsible_user_id = Number(responsible);
	const tags = tagsOf(extra.tags);
	if (tags.length) payload._embedded = { tags: tags.map((tag) => ({ name: tag })) };
	return payload;
}

/** Company create: up to 250 companies per request; a lost answer is looked up, never created twice. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => companyPayloadOf(this, run, i));
	const baseUrl = await run.crm.transport.baseUrl();
	return sendItems(
		prepared,
		(payloads) => createAmoCompanies(run.crm.transport, run.crm.catalog, payloads),
		(created, payload) => ({
			id: Number(created.companyId),
			name: payload.name ?? '',
			url: `${baseUrl}/companies/detail/${created.companyId}`,
		}),
	);
}
