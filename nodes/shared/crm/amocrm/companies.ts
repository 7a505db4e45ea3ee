/**
 * Companies (компании) in amoCRM: the same list/add/update shape as contacts (`/api/v4/companies`), links to leads
 * and contacts through the links API. Every write goes through writeInBatches: 250 a request, request_id per item,
 * a lost create looked up (by name, author and time) before anything is sent again.
 */
import type { ItemResult } from '../types';
import { byRequestId } from './answers';
import type { AmoCatalog } from './catalog';
import { findCreatedContacts, type ContactPayload } from './existing';
import { allOf, chunk } from './paging';
import type { RawContact } from './rawTypes';
import type { AmoTransport } from './transport';
import { writeInBatches } from './writes';

const WRITE_BATCH = 250;

export type CompanyPayload = ContactPayload;

export async function createAmoCompanies(
	transport: AmoTransport,
	catalog: AmoCatalog,
	payloads: CompanyPayload[],
): Promise<Array<ItemResult<{ companyId: string }>>> {
	const findExisting = findCreatedContacts(transport, catalog, 'companies');
	return writeInBatches<CompanyPayload, { companyId: string }>(payloads, {
		transport,
		kind: 'create',
		maxBatch: WRITE_BATCH,
		send: async (batch) => {
			const answer = await transport.request<{
				_embedded?: { companies?: Array<{ id: number; request_id?: string }> };
			}>('POST', '/api/v4/companies', { body: batch });
			return byRequestId(batch, answer.body?._embedded?.companies ?? [], (c) => ({
				companyId: String(c.id),
			}));
		},
		findExisting: async (found, since, claimed) =>
			(await findExisting(found, since, claimed)).map((f) =>
				f ? { companyId: f.contactId } : undefined,
			),
	});
}

export async function patchAmoCompanies(
	transport: AmoTransport,
	payloads: Array<Record<string, unknown>>,
	batchSize = WRITE_BATCH,
): Promise<Array<ItemResult<{ companyId: string }>>> {
	return writeInBatches<Record<string, unknown>, { companyId: string }>(payloads, {
		transport,
		kind: 'idempotent',
		maxBatch: Math.min(WRITE_BATCH, batchSize),
		send: async (batch) => {
			await transport.request('PATCH', '/api/v4/companies', { body: batch });
			return batch.map((p) => ({ companyId: String(p.id) }));
		},
	});
}

export interface CompanyLink {
	companyId: number;
	/** A lead (сделка) or a contact; a lead and a contact each belong to one company at most. */
	toType: 'leads' | 'contacts';
	toId: number;
}

/**
 * Links from the company's side (`POST /api/v4/companies/link`, entity_id per item): one request for leads and
 * contacts together, 250 links a request; linking an already linked pair changes nothing.
 */
export async function linkAmoCompanies(
	transport: AmoTransport,
	links: CompanyLink[],
): Promise<Array<ItemResult<CompanyLink>>> {
	return writeInBatches(
		links.map((l) => ({ entity_id: l.companyId, to_entity_id: l.toId, to_entity_type: l.toType })),
		{
			transport,
			kind: 'idempotent',
			maxBatch: WRITE_BATCH,
			send: async (batch) => {
				await transport.request('POST', '/api/v4/companies/link', {
					body: batch,
					kind: 'idempotent',
				});
				return batch.map((p) => ({
					companyId: p.entity_id,
					toType: p.to_entity_type,
					toId: p.to_entity_id,
				}));
			},
		},
	);
}

/** Companies by ID, 100 ids a request, with their leads and contacts. */
export async function readAmoCompanies(
	transport: AmoTransport,
	ids: number[],
	withs = 'leads,contacts',
): Promise<Map<number, RawContact>> {
	const found = new Map<number, RawContact>();
	for (const group of chunk([...new Set(ids)], 100))
		for (const company of await allOf<RawContact>(transport, '/api/v4/companies', 'companies', {
			filter: { id: group },
			...(withs ? { with: withs } : {}),
		}))
			found.set(Number(company.id), company);
	return found;
}

/** Companies whose name is one of these, exactly (amoCRM's `filter[name]`), 50 names a request. */
export async function companiesByName(
	transport: AmoTransport,
	names: string[],
): Promise<RawContact[]> {
	const found: RawContact[] = [];
	for (const group of chunk([...new Set(names)], 50))
		found.push(
			...(await allOf<RawContact>(transport, '/api/v4/companies', 'companies', {
				filter: { name: group },
				with: 'contacts',
			})),
		);
	return found;
}

/**
 * Companies found by amoCRM's loose `query` search (it spans every filled field), one request per key; the caller
 * compares the phone or email exactly. A phone is searched by its last ten digits, so 8… and +7… both come back.
 */
export async function companiesByQuery(
	transport: AmoTransport,
	query: string,
): Promise<RawContact[]> {
	return allOf<RawContact>(transport, '/api/v4/companies', 'companies', {
		query,
		with: 'contacts',
	});
}
