import type { AccountState } from '../account';
import { json, type ApiRequest, type ApiResponse } from '../http';
import type { Contact, FieldValues, Lead } from '../model';
import type { Router } from '../router';
import { BatchValidator, batchOf, isRecord, type ItemErrors } from '../validation';
import { preparePersonCreate } from './contacts';
import { prepareLeadCreate } from './leads';
import { createUnsortedFor } from './unsorted';

export const COMPLEX_LIMIT = 50;

/**
 * `POST /api/v4/leads/complex` (§3.3): up to 50 leads, each with at most one contact and one company, created
 * and linked in one call. The answer is a bare array, not HAL. Duplicate control (merging a new contact into an
 * existing one with the same phone or email) runs only when the integration has it switched on.
 */
export function complexRoutes(router: Router) {
	router.post('/api/v4/leads/complex', addComplex);
}

function addComplex(req: ApiRequest): ApiResponse {
	const { account } = req;
	const actorId = req.identity!.userId;
	const items = batchOf(req.body, COMPLEX_LIMIT);
	const dedup = duplicateControlOn(req);
	const validator = new BatchValidator();
	const prepared = items.map((item, i) => {
		const errors = validator.item(i, item);
		const embedded = isRecord(item._embedded) ? item._embedded : {};
		const contacts = Array.isArray(embedded.contacts) ? embedded.contacts.filter(isRecord) : [];
		const companies = Array.isArray(embedded.companies) ? embedded.companies.filter(isRecord) : [];
		if (contacts.length > 1)
			errors.add(
				'_embedded.contacts',
				'CountLimit',
				'This collection should contain 1 element or less.',
			);
		if (companies.length > 1)
			errors.add(
				'_embedded.companies',
				'CountLimit',
				'This collection should contain 1 element or less.',
			);
		const contact = contacts[0]
			? prepareLinked(
					account,
					'contacts',
					contacts[0],
					errors.scoped('_embedded.contacts.0.'),
					actorId,
					dedup,
				)
			: undefined;
		const company = companies[0]
			? prepareLinked(
					account,
					'companies',
					companies[0],
					errors.scoped('_embedded.companies.0.'),
					actorId,
					false,
				)
			: undefined;
		const metadata = isRecord(embedded.metadata) ? embedded.metadata : undefined;
		const leadItem: Record<string, unknown> = {
			...item,
			_embedded: {
				...(isRecord(embedded.tags) || Array.isArray(embedded.tags) ? { tags: embedded.tags } : {}),
			},
		};
		if (metadata) {
			// An incoming lead lands in the pipeline's unsorted stage whatever status was asked.
			delete leadItem.status_id;
		}
		const lead = prepareLeadCreate(account, leadItem, errors, actorId);
		return () => {
			const linkedContact = contact?.();
			const linkedCompany = company?.();
			const created: Lead = lead();
			if (linkedContact) created.contacts = [{ id: linkedContact.person.id, is_main: true }];
			if (linkedCompany) created.companyIds = [linkedCompany.person.id];
			if (linkedContact && linkedCompany && linkedContact.created) {
				(linkedContact.person as Contact).companyIds = [linkedCompany.person.id];
			}
			if (metadata)
				createUnsortedFor(
					account,
					created,
					metadata,
					linkedContact ? [linkedContact.person.id] : [],
				);
			return {
				id: created.id,
				contact_id: linkedContact?.person.id ?? null,
				company_id: linkedCompany?.person.id ?? null,
				request_id: [item.request_id !== undefined ? String(item.request_id) : String(i)],
				merged: linkedContact?.merged ?? false,
			};
		};
	});
	return json(validator.applyAll(prepared));
}

function duplicateControlOn(req: ApiRequest): boolean {
	const identity = req.identity!;
	if (identity.clientId)
		return req.account.integrations.some(
			(i) => i.client_id === identity.clientId && i.duplicate_control,
		);
	return req.account.longLivedTokens.some(
		(t) => t.id === identity.tokenId && t.duplicate_control === true,
	);
}

interface Linked {
	person: { id: number };
	created: boolean;
	merged: boolean;
}

function prepareLinked(
	account: AccountState,
	entity: 'contacts' | 'companies',
	ref: Record<string, unknown>,
	errors: ItemErrors,
	actorId: number,
	dedup: boolean,
): () => Linked {
	const map = entity === 'contacts' ? account.contacts : account.companies;
	if (ref.id !== undefined) {
		// An existing entity given by id is linked as is, without duplicate checks.
		const existing = map.get(Number(ref.id));
		if (!existing) errors.notChoice('id');
		return () => ({ person: existing!, created: false, merged: false });
	}
	const create = preparePersonCreate(account, entity, ref, errors, actorId);
	return () => {
		if (dedup && entity === 'contacts') {
			const twin = findTwin(account, ref);
			if (twin) return { person: twin, created: false, merged: true };
		}
		return { person: create(), created: true, merged: false };
	};
}

/** Duplicate control's "match phone / match e-mail": same digits (last 10) or the same address. */
function findTwin(account: AccountState, ref: Record<string, unknown>): Contact | undefined {
	const keys = keysOf(ref.custom_fields_values);
	if (keys.length === 0) return undefined;
	for (const contact of account.contacts.values()) {
		if (contact.is_deleted) continue;
		const theirs = keysOf(contact.custom_fields_values);
		if (theirs.some((k) => keys.includes(k))) return contact;
	}
	return undefined;
}

function keysOf(values: unknown): string[] {
	if (!Array.isArray(values)) return [];
	return (values as Array<Partial<FieldValues> & { field_code?: string }>).flatMap((block) => {
		const code = String(block.field_code ?? '').toUpperCase();
		if (code !== 'PHONE' && code !== 'EMAIL') return [];
		return (block.values ?? []).map((v) => {
			const text = String((v as { value?: unknown }).value ?? '');
			return code === 'PHONE'
				? `p:${text.replace(/\D/g, '').slice(-10)}`
				: `e:${text.trim().toLowerCase()}`;
		});
	});
}
