import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { allOf, chunk } from '../../../shared/crm/amocrm/paging';
import type { RawContact, RawFieldValues } from '../../../shared/crm/amocrm/rawTypes';
import { prepareEach, sendPrepared } from '../batch';
import {
	idOf,
	perItem,
	refOf,
	tagsOf,
	userLocator,
	withDisplay,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { customFieldsParameter, customFieldValues } from '../fields';
import { userIdOf } from '../resolve';
import { storedEmail, storedPhone } from './fields';

const contactIdField: INodeProperties = {
	displayName: 'Contact ID',
	name: 'contactId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 41000123',
	description: "The contact's number in amoCRM, usually mapped from an earlier node",
};

const phoneMode: INodeProperties = {
	displayName: 'Phones',
	name: 'phoneMode',
	type: 'options',
	options: [
		{
			name: "Add to the Contact's Phones",
			value: 'add',
			description: 'Keep the phones it has and add this one',
		},
		{
			name: 'Replace All Phones',
			value: 'replace',
			description: 'The phones it had are dropped (what amoCRM does with a plain write)',
		},
	],
	default: 'add',
	description:
		'Writing one phone replaces all of a contact\'s phones in amoCRM; "Add" reads the contact first and keeps them',
};

const emailMode: INodeProperties = {
	displayName: 'Emails',
	name: 'emailMode',
	type: 'options',
	options: [
		{
			name: "Add to the Contact's Emails",
			value: 'add',
			description: 'Keep the emails it has and add this one',
		},
		{
			name: 'Replace All Emails',
			value: 'replace',
			description: 'The emails it had are dropped (what amoCRM does with a plain write)',
		},
	],
	default: 'add',
	description:
		'Writing one email replaces all of a contact\'s emails in amoCRM; "Add" reads the contact first and keeps them',
};

export const description: INodeProperties[] = withDisplay(
	[
		contactIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				customFieldsParameter('getContactFields'),
				{
					displayName: 'Email',
					name: 'email',
					type: 'string',
					placeholder: 'name@email.com',
					default: '',
					description: 'An email for the contact',
				},
				emailMode,
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					description: "The person's name",
				},
				{
					displayName: 'Phone',
					name: 'phone',
					type: 'string',
					default: '',
					description: 'A phone for the contact, stored as +79161234567 when valid',
				},
				phoneMode,
				userLocator('responsible', 'Responsible User', 'The manager responsible for the contact'),
				{
					displayName: 'Tags to Add',
					name: 'tags',
					type: 'string',
					default: '',
					description: 'Comma-separated tags to add; the contact keeps its other tags',
				},
			],
		},
	],
	'contact',
	['update'],
);

export { contactIdField };

function merged(
	current: RawFieldValues[] | null | undefined,
	code: string,
	value: string,
): Array<{ value: string; enum_id?: number }> {
	const kept = (current ?? [])
		.filter((f) => (f.field_code ?? '').toUpperCase() === code)
		.flatMap((f) => f.values ?? [])
		.map((v) => ({ value: String(v.value ?? ''), ...(v.enum_id ? { enum_id: v.enum_id } : {}) }));
	const digits = (s: string) => s.replace(/\D/g, '');
	const same = (a: string) =>
		code === 'PHONE'
			? digits(a) === digits(value) && digits(a) !== ''
			: a.trim().toLowerCase() === value.toLowerCase();
	return kept.some((v) => same(v.value)) ? kept : [...kept, { value }];
}

/** Contact update: one PATCH per 250 contacts; "add" phones and emails read the contacts first (one request per 100). */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const fieldsOf = perItem(
		run.items,
		(i) => this.getNodeParameter('updateFields', i, {}) as IDataObject,
	);
	const needCurrent = run.items
		.map((_, i) => i)
		.filter((i) => {
			const f = 'value' in fieldsOf[i] ? (fieldsOf[i] as { value: IDataObject }).value : {};
			return (
				(f.phone && (f.phoneMode ?? 'add') === 'add') ||
				(f.email && (f.emailMode ?? 'add') === 'add')
			);
		});
	const current = new Map<number, RawContact>();
	const ids = perItem(run.items, (i) =>
		idOf(this, this.getNodeParameter('contactId', i), 'contact', i),
	);
	const toRead = [
		...new Set(
			needCurrent.flatMap((i) => ('value' in ids[i] ? [(ids[i] as { value: number }).value] : [])),
		),
	];
	for (const group of chunk(toRead, 100)) {
		for (const contact of await allOf<RawContact>(
			run.crm.transport,
			'/api/v4/contacts',
			'contacts',
			{ filter: { id: group } },
		))
			current.set(contact.id, contact);
	}
	const prepared = await prepareEach(run.items, async (i) => {
		const id = idOf(this, this.getNodeParameter('contactId', i), 'contact', i);
		const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
		const payload: Record<string, unknown> = { id };
		if (typeof fields.name === 'string' && fields.name.trim()) payload.name = fields.name.trim();
		const values: Array<Record<string, unknown>> = [];
		const phone = storedPhone(fields.phone);
		if (phone) {
			const list =
				(fields.phoneMode ?? 'add') === 'add'
					? merged(current.get(id)?.custom_fields_values, 'PHONE', phone)
					: [{ value: phone }];
			values.push({ field_code: 'PHONE', values: list });
		}
		const email = storedEmail(fields.email);
		if (email) {
			const list =
				(fields.emailMode ?? 'add') === 'add'
					? merged(current.get(id)?.custom_fields_values, 'EMAIL', email)
					: [{ value: email }];
			values.push({ field_code: 'EMAIL', values: list });
		}
		values.push(...customFieldValues(fields.customFields as IDataObject | undefined));
		if (values.length) payload.custom_fields_values = values;
		if (fields.responsible) {
			const user = await userIdOf(this, run.crm, refOf(this, 'updateFields.responsible', i), i);
			if (user) payload.responsible_user_id = Number(user);
		}
		const tags = tagsOf(fields.tags);
		if (tags.length) payload.tags_to_add = tags.map((name) => ({ name }));
		return payload;
	});
	return sendPrepared(
		this,
		prepared,
		(payloads) => run.crm.patchContacts(payloads),
		(result, payload) => {
			const { id: _id, ...changed } = payload;
			return { id: Number(result.contactId), updated: Object.keys(changed) };
		},
	);
}
