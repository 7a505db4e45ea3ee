/** Contacts written in bulk: created 250 a request (a lost answer looked up before anything is resent), patched, linked to leads. */
import type { ItemResult } from '../types';
import { byRequestId } from './answers';
import type { AmoCatalog } from './catalog';
import { findCreatedContacts, type ContactPayload } from './existing';
import type { AmoTransport } from './transport';
import { writeInBatches } from './writes';

/** Contacts on their own (`POST /api/v4/contacts`). */
export function createAmoContacts(
	transport: AmoTransport,
	catalog: AmoCatalog,
	payloads: ContactPayload[],
	maxBatch: number,
): Promise<Array<ItemResult<{ contactId: string }>>> {
	return writeInBatches<ContactPayload, { contactId: string }>(payloads, {
		transport,
		kind: 'create',
		maxBatch,
		send: async (batch) => {
			const answer = await transport.request<{
				_embedded?: { contacts?: Array<{ id: number; request_id?: string }> };
			}>('POST', '/api/v4/contacts', { body: batch });
			return byRequestId(batch, answer.body?._embedded?.contacts ?? [], (c) => ({
				contactId: String(c.id),
			}));
		},
		findExisting: findCreatedContacts(transport, catalog),
	});
}

/** PATCH in batches: the same PATCH twice ends in the same state, so it is safe to repeat. */
export function patchAmoContacts(
	transport: AmoTransport,
	payloads: Array<Record<string, unknown>>,
	maxBatch: number,
): Promise<Array<ItemResult<{ contactId: string }>>> {
	return writeInBatches<Record<string, unknown>, { contactId: string }>(payloads, {
		transport,
		kind: 'idempotent',
		maxBatch,
		send: async (batch) => {
			await transport.request('PATCH', '/api/v4/contacts', { body: batch });
			return batch.map((p) => ({ contactId: String(p.id) }));
		},
	});
}

/** Links contacts to leads in bulk (`POST /api/v4/leads/link`); linking twice changes nothing. */
export function linkAmoContacts(
	transport: AmoTransport,
	links: Array<{ dealId: string; contactId: string; isMain: boolean }>,
	maxBatch: number,
): Promise<Array<ItemResult<{ dealId: string; contactId: string }>>> {
	return writeInBatches(
		links.map((l) => ({
			entity_id: Number(l.dealId),
			to_entity_id: Number(l.contactId),
			to_entity_type: 'contacts',
			metadata: { is_main: l.isMain },
		})),
		{
			transport,
			kind: 'idempotent',
			maxBatch,
			send: async (batch) => {
				await transport.request('POST', '/api/v4/leads/link', { body: batch, kind: 'idempotent' });
				return batch.map((p) => ({
					dealId: String(p.entity_id),
					contactId: String(p.to_entity_id),
				}));
			},
		},
	);
}
