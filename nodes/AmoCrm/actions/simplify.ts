/**
 * Simplify on reads: the fields a person uses instead of amoCRM's full record — id, name, stage and pipeline by
 * name, the responsible manager's name, price, tags, the main contact's phone and email, dates, the card's link.
 * Names come from the account's lists (read once per execution); the main contacts are read 100 a request.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AmoCrmFunnel } from '../../shared/crm/amocrm';
import { allOf, chunk } from '../../shared/crm/amocrm/paging';
import type { RawContact } from '../../shared/crm/amocrm/rawTypes';
import { displayFor } from '../../shared/n8n/crmNode/display';

export function simplifyField(resource: string, operations: string[]): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return only the fields a person uses (name, stage, pipeline, manager, price, tags, the main contact's phone and email, dates, link) instead of amoCRM's full record",
		displayOptions: displayFor(resource, operations),
	};
}

type Embedded = {
	contacts?: Array<{ id: number; is_main?: boolean }>;
	tags?: Array<{ name: string }>;
};

function firstValue(record: RawContact | undefined, code: string): string | null {
	const field = (record?.custom_fields_values ?? []).find(
		(f) => (f.field_code ?? '').toUpperCase() === code,
	);
	const value = field?.values?.[0]?.value;
	return value === undefined || value === null ? null : String(value);
}

function iso(seconds: unknown): string | null {
	const n = Number(seconds);
	return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : null;
}

async function userNames(crm: AmoCrmFunnel): Promise<Map<string, string>> {
	// A token without the rights to list users still reads: the names are left empty.
	const users = await crm.listUsers().catch(() => []);
	return new Map(users.map((u) => [u.id, u.name]));
}

/** Leads as a person reads them (`_embedded.contacts` must have been asked for: with=contacts). */
export async function simplifyLeads(
	crm: AmoCrmFunnel,
	leads: IDataObject[],
): Promise<IDataObject[]> {
	if (leads.length === 0) return [];
	const pipelines = await crm.listPipelines();
	const users = await userNames(crm);
	const mainOf = (lead: IDataObject) => {
		const contacts = ((lead._embedded ?? {}) as Embedded).contacts ?? [];
		return (contacts.find((c) => c.is_main) ?? contacts[0])?.id;
	};
	const ids = [...new Set(leads.map(mainOf).filter((id): id is number => Boolean(id)))];
	const contacts = new Map<number, RawContact>();
	for (const group of chunk(ids, 100))
		for (const contact of await allOf<RawContact>(crm.transport, '/api/v4/contacts', 'contacts', {
			filter: { id: group },
		}))
			contacts.set(Number(contact.id), contact);
	const baseUrl = await crm.transport.baseUrl();
	return leads.map((lead) => {
		const pipeline = pipelines.find((p) => p.id === String(lead.pipeline_id));
		const stage = pipeline?.stages.find((s) => s.id === String(lead.status_id));
		const mainId = mainOf(lead);
		const contact = mainId ? contacts.get(mainId) : undefined;
		const responsible = String(lead.responsible_user_id ?? '');
		return {
			id: Number(lead.id),
			name: String(lead.name ?? ''),
			stage: stage?.name ?? null,
			stageId: Number(lead.status_id),
			pipeline: pipeline?.name ?? null,
			pipelineId: Number(lead.pipeline_id),
			responsible: users.get(responsible) ?? null,
			responsibleUserId: responsible ? Number(responsible) : null,
			price: lead.price === null || lead.price === undefined ? null : Number(lead.price),
			tags: (((lead._embedded ?? {}) as Embedded).tags ?? []).map((t) => t.name),
			contactId: mainId ?? null,
			contactName: contact?.name ?? null,
			phone: firstValue(contact, 'PHONE'),
			email: firstValue(contact, 'EMAIL'),
			createdAt: iso(lead.created_at),
			updatedAt: iso(lead.updated_at),
			url: `${baseUrl}/leads/detail/${lead.id}`,
		};
	});
}

/** Companies as a person reads them. */
export async function simplifyCompanies(
	crm: AmoCrmFunnel,
	companies: IDataObject[],
): Promise<IDataObject[]> {
	if (companies.length === 0) return [];
	const users = await userNames(crm);
	const baseUrl = await crm.transport.baseUrl();
	return companies.map((raw) => {
		const company = raw as unknown as RawContact;
		const embedded = (raw._embedded ?? {}) as Embedded & { leads?: Array<{ id: number }> };
		const responsible = String(company.responsible_user_id ?? '');
		return {
			id: Number(company.id),
			name: company.name,
			responsible: users.get(responsible) ?? null,
			responsibleUserId: responsible ? Number(responsible) : null,
			phone: firstValue(company, 'PHONE'),
			email: firstValue(company, 'EMAIL'),
			tags: (embedded.tags ?? []).map((t) => t.name),
			leadIds: (embedded.leads ?? []).map((l) => Number(l.id)),
			contactIds: (embedded.contacts ?? []).map((c) => Number(c.id)),
			createdAt: iso(company.created_at),
			updatedAt: iso(company.updated_at),
			url: `${baseUrl}/companies/detail/${company.id}`,
		};
	});
}

function allValues(record: RawContact, code: string): string[] {
	return (record.custom_fields_values ?? [])
		.filter((f) => (f.field_code ?? '').toUpperCase() === code)
		.flatMap((f) => (f.values ?? []).map((v) => v.value))
		.filter((v) => v !== undefined && v !== null && v !== '')
		.map(String);
}

/** Contacts as a person reads them (`_embedded.leads` is there when asked for: with=leads). */
export async function simplifyContacts(
	crm: AmoCrmFunnel,
	contacts: IDataObject[],
): Promise<IDataObject[]> {
	if (contacts.length === 0) return [];
	const users = await userNames(crm);
	const baseUrl = await crm.transport.baseUrl();
	return contacts.map((raw) => {
		const contact = raw as unknown as RawContact;
		const embedded = (raw._embedded ?? {}) as Embedded & {
			leads?: Array<{ id: number }>;
			companies?: Array<{ id: number }>;
		};
		const responsible = String(contact.responsible_user_id ?? '');
		const phones = allValues(contact, 'PHONE');
		const emails = allValues(contact, 'EMAIL');
		return {
			id: Number(contact.id),
			name: contact.name,
			firstName: contact.first_name ?? null,
			lastName: contact.last_name ?? null,
			responsible: users.get(responsible) ?? null,
			responsibleUserId: responsible ? Number(responsible) : null,
			phone: phones[0] ?? null,
			phones,
			email: emails[0] ?? null,
			emails,
			tags: (embedded.tags ?? []).map((t) => t.name),
			leadIds: (embedded.leads ?? []).map((l) => Number(l.id)),
			companyId: embedded.companies?.[0]?.id ?? null,
			createdAt: iso(contact.created_at),
			updatedAt: iso(contact.updated_at),
			url: `${baseUrl}/contacts/detail/${contact.id}`,
		};
	});
}
