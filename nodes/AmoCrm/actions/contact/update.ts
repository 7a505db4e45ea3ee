import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { allOf, chunk } from '../../../shared/crm/amocrm/paging';
import type { RawContact, RawFieldValues } from '../../../shared/crm/amocrm/rawTypes';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import {
	recordField,
	recordIdOf,
	refOf,
	tagsOf,
	userLocator,
	type ItemOutcome,
	type OperationRun,
} from '../common';
import { customFieldsParameter, customFieldValues } from '../fields';
import { userIdOf } from '../resolve';
import { storedEmail, storedPhone } from './fields';

const contactIdField: INodeProperties = recordField('contact');

const MODE_TEXT = {
	phoneMode: {
		label: 'Phones',
		what: 'phone',
		add: { contact: "Add to the Contact's Phones", company: "Add to the Company's Phones" },
		replace: 'Replace All Phones',
	},
	emailMode: {
		label: 'Emails',
		what: 'email',
		add: { contact: "Add to the Contact's Emails", company: "Add to the Company's Emails" },
		replace: 'Replace All Emails',
	},
} as const;

/** "Add" or "Replace" for phones or emails of a contact or a company (amoCRM replaces a multi-value field wholesale). */
export function multiMode(
	name: 'phoneMode' | 'emailMode',
	word: 'contact' | 'company',
): INodeProperties {
	const text = MODE_TEXT[name];
	return {
		displayName: text.label,
		name,
		type: 'options',
		options: [
			{
				name: text.add[word],
				value: 'add',
				description: `Keep the ${text.what}s it has and add this one`,
			},
			{
				name: text.replace,
				value: 'replace',
				description: `The ${text.what}s it had are dropped (what amoCRM does with a plain write)`,
			},
		],
		default: 'add',
		description: `Writing one ${text.what} replaces all of a ${word}'s ${text.what}s in amoCRM; "Add" reads the ${word} first and keeps them`,
	};
}

const phoneMode = multiMode('phoneMode', 'contact');
const emailMode = multiMode('emailMode', 'contact');

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

export interface ContactChange {
	payload: Record<string, unknown> & { id: number };
	phone?: { value: string; add: boolean };
	email?: { value: string; add: boolean };
	custom: Array<Record<string, unknown>>;
}

/** The PATCH of one contact: "add" phones and emails keep the ones it has (`current`, read just before). */
export function patchOf(change: ContactChange, current?: RawContact): Record<string, unknown> {
	const values: Array<Record<string, unknown>> = [];
	for (const [code, entry] of [
		['PHONE', change.phone],
		['EMAIL', change.email],
	] as const) {
		if (!entry) continue;
		const list = entry.add
			? merged(current?.custom_fields_values, code, entry.value)
			: [{ value: entry.value }];
		values.push({ field_code: code, values: list });
	}
	values.push(...change.custom);
	const { id, name, ...rest } = change.payload;
	return {
		id,
		...(name !== undefined ? { name } : {}),
		...(values.length ? { custom_fields_values: values } : {}),
		...rest,
	};
}

/** Contact update: one PATCH per 250 contacts; "add" phones and emails read the contacts first (one request per 100). */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, async (i): Promise<ContactChange> => {
		const id = recordIdOf(this, 'contactId', 'contact', i);
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
			const toRead = [
				...new Set(changes.filter((c) => c.phone?.add || c.email?.add).map((c) => c.payload.id)),
			];
			const current = new Map<number, RawContact>();
			for (const group of chunk(toRead, 100)) {
				for (const contact of await allOf<RawContact>(
					run.crm.transport,
					'/api/v4/contacts',
					'contacts',
					{ filter: { id: group } },
				))
					current.set(contact.id, contact);
			}
			return run.crm.patchContacts(changes.map((c) => patchOf(c, current.get(c.payload.id))));
		},
		(result, change) => {
			const { id: _id, ...changed } = patchOf(change);
			return { id: Number(result.contactId), updated: Object.keys(changed) };
		},
	);
}
