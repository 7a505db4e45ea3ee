import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { companiesByName, companiesByQuery } from '../../../shared/crm/amocrm/companies';
import type { RawContact } from '../../../shared/crm/amocrm/rawTypes';
import { normalizeEmail } from '../../../shared/funnel/email';
import { normalizePhone } from '../../../shared/funnel/phone';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import type { ItemOutcome, OperationRun } from '../common';
import { searchKeys } from '../contact/fields';
import { companyJson } from './fields';

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Find By',
			name: 'findBy',
			type: 'options',
			options: [
				{
					name: 'Name',
					value: 'name',
					description: 'The exact company name (case does not matter)',
				},
				{
					name: 'Phone or Email',
					value: 'phoneOrEmail',
					description: "The company's phone in any spelling, or its email",
				},
			],
			default: 'name',
			description: 'What to look the company up by',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. ООО «Ромашка»',
			description: 'The company name as it is written in amoCRM',
			displayOptions: { show: { findBy: ['name'] } },
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: 'e.g. 8 (495) 123-45-67',
			description:
				"Any spelling: 8 495…, +7 495… are one number. Matched exactly after amoCRM's loose search.",
			displayOptions: { show: { findBy: ['phoneOrEmail'] } },
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'info@company.ru',
			default: '',
			description: 'Case and spaces do not matter',
			displayOptions: { show: { findBy: ['phoneOrEmail'] } },
		},
	],
	'company',
	['find'],
);

type Key = { name: string } | { phone: string | null; email: string | null };

function digits(value: string): string {
	return value.replace(/\D/g, '');
}

function same(company: RawContact, key: Key): boolean {
	if ('name' in key) return company.name.trim().toLowerCase() === key.name.toLowerCase();
	return (company.custom_fields_values ?? []).some((f) => {
		const code = (f.field_code ?? '').toUpperCase();
		return (f.values ?? []).some((v) => {
			const text = String(v.value ?? '');
			if (code === 'PHONE' && key.phone) {
				const parsed = normalizePhone(text);
				return parsed.ok ? parsed.e164 === key.phone : digits(text) === digits(key.phone);
			}
			if (code === 'EMAIL' && key.email) {
				const parsed = normalizeEmail(text);
				return (parsed.ok ? parsed.address : text.trim().toLowerCase()) === key.email;
			}
			return false;
		});
	});
}

/**
 * Find companies: by name in one request per 50 names (amoCRM's exact name filter); by phone or email with
 * amoCRM's loose search, one request per key (the last ten digits of a phone), then an exact comparison of the
 * normalised values. One output item per input: `found`, the companies, the first.
 */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i): Key => {
		if (this.getNodeParameter('findBy', i, 'name') === 'name') {
			const name = String(this.getNodeParameter('name', i, '') ?? '').trim();
			if (!name)
				throw new NodeOperationError(this.getNode(), 'No company name to search by', {
					itemIndex: i,
					description:
						'Map the company name from an earlier node, or choose Find By → Phone or Email.',
				});
			return { name };
		}
		return searchKeys(
			this,
			this.getNodeParameter('phone', i, ''),
			this.getNodeParameter('email', i, ''),
			i,
		);
	});
	const baseUrl = await run.crm.transport.baseUrl();
	return sendItems(
		prepared,
		async (keys) => {
			const names = keys.flatMap((k) => ('name' in k ? [k.name] : []));
			const pool: RawContact[] = names.length
				? await companiesByName(run.crm.transport, names)
				: [];
			const queries = new Set<string>();
			for (const k of keys) {
				if ('name' in k) continue;
				if (k.phone) queries.add(digits(k.phone).slice(-10));
				if (k.email) queries.add(k.email);
			}
			for (const query of queries) pool.push(...(await companiesByQuery(run.crm.transport, query)));
			const unique = [...new Map(pool.map((c) => [c.id, c])).values()];
			return keys.map((k) => ({ ok: true, value: unique.filter((c) => same(c, k)) }));
		},
		(own, key) => {
			const companies = own.map((c) => companyJson(c, baseUrl));
			return {
				found: companies.length > 0,
				...key,
				companyId: companies[0]?.id ?? null,
				company: companies[0] ?? null,
				companies,
			};
		},
	);
}
