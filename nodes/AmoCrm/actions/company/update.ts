import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { patchAmoCompanies, readAmoCompanies } from '../../../shared/crm/amocrm/companies';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { refOf, tagsOf, userLocator, type ItemOutcome, type OperationRun } from '../common';
import { storedEmail, storedPhone } from '../contact/fields';
import { multiMode, patchOf, type ContactChange } from '../contact/update';
import { customFieldsParameter, customFieldValues } from '../fields';
import { userIdOf } from '../resolve';
import { companyIdField, companyIdOf } from './fields';

export const description: INodeProperties[] = withDisplay(
	[
		companyIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				customFieldsParameter('getCompanyFields'),
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'info@company.ru',
					default: '',
					description: 'An email for the company',
				},
				multiMode('emailMode', 'company'),
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'The company name',
				},
				{
					displayName: 'Phone',
					name: 'phone',
					type: 'string',
					default: '',
					description: 'A phone for the company, stored as +74951234567 when valid',
				},
				multiMode('phoneMode', 'company'),
				userLocator('responsible', 'Responsible User', 'The manager responsible for the company'),
				{
					displayName: 'Tags to Add',
					name: 'tags',
					type: 'string',
					default: '',
					description: 'Comma-separated tags to add; the company keeps its other tags',
				},
			],
		},
	],
	'company',
	['update'],
);

/** Company update: one PATCH per 250 companies; "add" phones and emails read the companies first (100 a request). */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i): Promise<ContactChange> => {
		const id = companyIdOf(this, i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const payload: ContactChange['payload'] = { id };
		if (typeof fields.name === 'string' && fields.name.trim()) payload.name = fields.name.trim();
		if (fields.responsible) {
			const user = await userIdOf(this, run.crm, refOf(this, 'updateFields.responsible', i), i);
			if (user) payload.responsible_user_id = Number(user);
		}
		const tags = tagsOf(fields.tags);
		if (tags.length) payload.tags_to_add = tags.map((name) => ({ name }));
		const phone = storedPhone(fields.phone);
		const email = storedEmail(fields.email);
		return {
			payload,
			...(phone ? { phone: { value: phone, add: (fields.phoneMode ?? 'add') === 'add' } } : {}),
			...(email ? { email: { value: email, add: (fields.emailMode ?? 'add') === 'add' } } : {}),
			custom: customFieldValues(fields.customFields as IDataObject | undefined),
		};
	});
	return sendItems(
		prepared,
		async (changes) => {
			const toRead = changes.filter((c) => c.phone?.add || c.email?.add).map((c) => c.payload.id);
			const current = toRead.length
				? await readAmoCompanies(run.crm.transport, toRead, '')
				: new Map();
			return patchAmoCompanies(
				run.crm.transport,
				changes.map((c) => patchOf(c, current.get(c.payload.id))),
			);
		},
		(result, change) => {
			const { id: _id, ...changed } = patchOf(change);
			return { id: Number(result.companyId), updated: Object.keys(changed) };
		},
	);
}
