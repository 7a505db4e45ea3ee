import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RawContact } from '../../../shared/crm/amocrm/rawTypes';
import { recordField, recordIdOf } from '../common';

export const companyIdField: INodeProperties = recordField('company');

export function companyIdOf(ctx: IExecuteFunctions, itemIndex: number): number {
	return recordIdOf(ctx, 'companyId', 'company', itemIndex);
}

function valuesOf(company: RawContact, code: string): string[] {
	return (company.custom_fields_values ?? [])
		.filter((f) => (f.field_code ?? '').toUpperCase() === code)
		.flatMap((f) => (f.values ?? []).map((v) => String(v.value ?? '')))
		.filter(Boolean);
}

/** The fields of a company a person uses: what Find gives back for each match. */
export function companyJson(company: RawContact, baseUrl: string): IDataObject {
	const embedded = (company._embedded ?? {}) as IDataObject & {
		contacts?: Array<{ id: number }>;
		leads?: Array<{ id: number }>;
		tags?: Array<{ name: string }>;
	};
	return {
		id: Number(company.id),
		name: company.name,
		phones: valuesOf(company, 'PHONE'),
		emails: valuesOf(company, 'EMAIL'),
		responsibleUserId: company.responsible_user_id ? Number(company.responsible_user_id) : null,
		tags: (embedded.tags ?? []).map((t) => t.name),
		contactIds: (embedded.contacts ?? []).map((c) => Number(c.id)),
		url: `${baseUrl}/companies/detail/${company.id}`,
	};
}
