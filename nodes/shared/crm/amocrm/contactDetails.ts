/**
 * New phones and emails on contacts amoCRM already has. A PATCH replaces a field's whole list of values (one PHONE
 * value sent = every other phone gone), so each contact is read first and the union is written: the values it has,
 * with their own types (enum_id), and the new ones as WORK. A contact that already holds every value is not written.
 */
import { normalizeEmail } from '../../funnel/email';
import { normalizePhone } from '../../funnel/phone';
import type { ContactDetails, ItemResult } from '../types';
import { pagesOf } from './paging';
import { idGroups } from './query';
import type { RawContact, RawFieldValue } from './rawTypes';
import type { AmoTransport } from './transport';

export type Added = { contactId: string; phones: string[]; emails: string[] };

type StoredValue = { value: string; enum_id?: number; enum_code?: string };

/** What is written back for one contact: each field's values as stored, plus the new ones; `grew` marks a change. */
interface FieldUnion {
	code: 'PHONE' | 'EMAIL';
	values: StoredValue[];
	grew: boolean;
}

export async function addAmoContactDetails(
	transport: AmoTransport,
	items: ContactDetails[],
	defaultCountry: string,
	patchContacts: (
		payloads: Array<Record<string, unknown>>,
	) => Promise<Array<ItemResult<{ contactId: string }>>>,
): Promise<Array<ItemResult<Added>>> {
	const results: Array<ItemResult<Added>> = items.map((item) => ({
		ok: true,
		value: { contactId: item.contactId, phones: [], emails: [] },
	}));
	const wanted = items
		.map((item, index) => ({ item, index }))
		.filter(({ item }) => (item.phones?.length ?? 0) + (item.emails?.length ?? 0) > 0);
	if (wanted.length === 0) return results;
	const contacts = await readContacts(transport, [
		...new Set(wanted.map(({ item }) => item.contactId)),
	]);

	const keyOf = {
		PHONE: (p: string) => {
			const parsed = normalizePhone(p, { defaultCountry });
			return parsed.ok ? parsed.e164 : p.replace(/\D/g, '');
		},
		EMAIL: (e: string) => {
			const parsed = normalizeEmail(e);
			return parsed.ok ? parsed.address : e.trim().toLowerCase();
		},
	};
	// One write per contact, however many items bring it values; each item reports what it added.
	const unions = new Map<string, { fields: FieldUnion[]; indexes: number[] }>();
	for (const { item, index } of wanted) {
		const contact = contacts.get(item.contactId);
		if (!contact) {
			results[index] = {
				ok: false,
				error: {
					message: `Contact ${item.contactId} was not found`,
					code: 'NOT_FOUND',
					description: 'It may have been deleted or merged since it was found.',
				},
			};
			continue;
		}
		let union = unions.get(item.contactId);
		if (!union) {
			union = {
				fields: (['PHONE', 'EMAIL'] as const).map((code) => ({
					code,
					values: storedValues(contact, code),
					grew: false,
				})),
				indexes: [],
			};
			unions.set(item.contactId, union);
		}
		const added = (results[index] as { ok: true; value: Added }).value;
		for (const field of union.fields) {
			const key = keyOf[field.code];
			for (const value of (field.code === 'PHONE' ? item.phones : item.emails) ?? []) {
				if (field.values.some((v) => key(v.value) === key(value))) continue;
				field.values.push({ value, enum_code: 'WORK' });
				field.grew = true;
				(field.code === 'PHONE' ? added.phones : added.emails).push(value);
			}
		}
		union.indexes.push(index);
	}

	const changed = [...unions.entries()].filter(([, u]) => u.fields.some((f) => f.grew));
	if (changed.length === 0) return results;
	const written = await patchContacts(
		changed.map(([id, union]) => ({
			id: Number(id),
			// Only the fields that grow are sent, each whole: a field not mentioned stays as it is.
			custom_fields_values: union.fields
				.filter((f) => f.grew)
				.map((f) => ({ field_code: f.code, values: f.values })),
		})),
	);
	changed.forEach(([, union], k) => {
		const outcome = written[k];
		if (!outcome.ok) for (const i of union.indexes) results[i] = outcome;
	});
	return results;
}

/** The contacts by id (250 a page, ids in groups that fit a URL). */
async function readContacts(
	transport: AmoTransport,
	ids: string[],
): Promise<Map<string, RawContact>> {
	const found = new Map<string, RawContact>();
	for (const group of idGroups(ids, 'filter[id]')) {
		let count = 0;
		for await (const page of pagesOf<RawContact>(transport, '/api/v4/contacts', 'contacts', {
			filter: { id: group },
		})) {
			for (const contact of page) found.set(String(contact.id), contact);
			count += page.length;
			if (count >= group.length) break;
		}
	}
	return found;
}

/** A multitext field's values as stored, each with its own type, ready to be written back unchanged. */
function storedValues(contact: RawContact, code: 'PHONE' | 'EMAIL'): StoredValue[] {
	const block = (contact.custom_fields_values ?? []).find(
		(f) => (f.field_code ?? '').toUpperCase() === code,
	);
	return (block?.values ?? [])
		.filter((v: RawFieldValue) => String(v.value ?? '').trim() !== '')
		.map((v: RawFieldValue) => {
			const value = String(v.value);
			if (v.enum_id) return { value, enum_id: v.enum_id };
			return v.enum_code ? { value, enum_code: v.enum_code } : { value };
		});
}
