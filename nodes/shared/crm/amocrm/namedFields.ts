/**
 * Deal fields written by their names on amoCRM: a lead field of that name, else a field of the lead's main contact
 * (accounts often keep a webinar's date and minutes on the contact). Fields are read once per execution (the
 * catalog), values converted to what each field type takes, and every lead and contact written in bulk PATCHes.
 */
import { dateOf, fieldByName, flagOf, numberOf, type NamedField } from '../fieldNames';
import { nameKey } from '../stages';
import type { CrmDeal, CrmItemError, ItemResult, NamedFieldValues } from '../types';
import type { AmoCatalog } from './catalog';
import type { RawCustomField } from './rawTypes';

type Written = { written: string[]; missing: string[] };
type Block = { field_id: number; values: Array<Record<string, unknown>> | null };

export interface NamedFieldsDeps {
	catalog: AmoCatalog;
	getDeals(ids: string[]): Promise<Map<string, CrmDeal>>;
	patchLeads(payloads: Array<Record<string, unknown>>): Promise<Array<ItemResult<unknown>>>;
	patchContacts(payloads: Array<Record<string, unknown>>): Promise<Array<ItemResult<unknown>>>;
}

interface AmoField extends NamedField {
	raw: RawCustomField;
}

const asNamed = (fields: RawCustomField[]): AmoField[] =>
	fields.map((raw) => ({ id: String(raw.id), labels: [raw.name], raw }));

export async function setAmoFieldsByName(
	deps: NamedFieldsDeps,
	items: NamedFieldValues[],
): Promise<Array<ItemResult<Written>>> {
	const results: Array<ItemResult<Written>> = items.map(() => ({
		ok: true,
		value: { written: [], missing: [] },
	}));
	if (items.every((item) => Object.keys(item.values).length === 0)) return results;
	const leadFields = asNamed(await deps.catalog.customFields('leads'));
	const names = [...new Set(items.flatMap((item) => Object.keys(item.values)))];
	const contactFields = names.some((name) => !fieldByName(leadFields, name))
		? asNamed(await deps.catalog.customFields('contacts'))
		: [];

	const plans = items.map((item, index) => {
		const lead: Block[] = [];
		const contact: Block[] = [];
		const written: string[] = [];
		const missing: string[] = [];
		let error: CrmItemError | null = null;
		for (const [name, value] of Object.entries(item.values)) {
			const onLead = fieldByName(leadFields, name);
			const field = onLead ?? fieldByName(contactFields, name);
			if (!field) {
				missing.push(name);
				continue;
			}
			const converted = blockOf(field.raw, value);
			if ('error' in converted) {
				error ??= { message: `«${name}»: ${converted.error}`, code: 'FIELD_VALUE' };
				continue;
			}
			(onLead ? lead : contact).push(converted.block);
			written.push(name);
		}
		if (error) results[index] = { ok: false, error };
		return { index, dealId: item.dealId, lead, contact, written, missing };
	});

	const toWrite = plans.filter((p) => results[p.index].ok && p.lead.length + p.contact.length > 0);
	const needContacts = toWrite.filter((p) => p.contact.length > 0);
	const deals = needContacts.length
		? await deps.getDeals([...new Set(needContacts.map((p) => p.dealId))])
		: new Map<string, CrmDeal>();
	const contactOf = (dealId: string) => deals.get(dealId)?.contactIds[0] ?? null;
	for (const plan of needContacts) {
		if (contactOf(plan.dealId)) continue;
		results[plan.index] = {
			ok: false,
			error: {
				message: `Deal ${plan.dealId} has no contact to hold «${plan.written.join('», «')}»`,
				code: 'NO_CONTACT',
				description: 'These fields are contact fields in this account: link a contact to the deal.',
			},
		};
	}
	const ready = toWrite.filter((p) => results[p.index].ok);
	const leads = ready.filter((p) => p.lead.length > 0);
	const contacts = ready.filter((p) => p.contact.length > 0);
	const [leadResults, contactResults] = await Promise.all([
		leads.length
			? deps.patchLeads(leads.map((p) => ({ id: Number(p.dealId), custom_fields_values: p.lead })))
			: Promise.resolve([]),
		contacts.length
			? deps.patchContacts(
					contacts.map((p) => ({
						id: Number(contactOf(p.dealId)),
						custom_fields_values: p.contact,
					})),
				)
			: Promise.resolve([]),
	]);
	const fail = (plans: typeof ready, outcomes: Array<ItemResult<unknown>>) =>
		plans.forEach((p, k) => {
			const outcome = outcomes[k];
			if (outcome && !outcome.ok) results[p.index] = outcome;
		});
	fail(leads, leadResults);
	fail(contacts, contactResults);
	for (const plan of plans) {
		const result = results[plan.index];
		if (result.ok) result.value = { written: plan.written, missing: plan.missing };
	}
	return results;
}

/** One field's `custom_fields_values` block for a value, or why the value does not fit the field. */
function blockOf(
	field: RawCustomField,
	value: string | number | boolean | null,
): { block: Block } | { error: string } {
	const block = (values: Array<Record<string, unknown>>) => ({
		block: { field_id: field.id, values },
	});
	if (value === null || value === '') return { block: { field_id: field.id, values: null } };
	switch (field.type) {
		case 'date':
		case 'date_time':
		case 'birthday': {
			const date = dateOf(value);
			return date
				? block([{ value: Math.floor(date.ms / 1000) }])
				: { error: `"${value}" is not a date` };
		}
		case 'numeric':
		case 'price':
		case 'monetary': {
			const number = numberOf(value);
			return number === null ? { error: `"${value}" is not a number` } : block([{ value: number }]);
		}
		case 'checkbox': {
			const flag = flagOf(value);
			return flag === null ? { error: `"${value}" is not yes or no` } : block([{ value: flag }]);
		}
		case 'select':
		case 'radiobutton':
		case 'category':
		case 'multiselect': {
			const wanted = field.type === 'multiselect' ? String(value).split(',') : [String(value)];
			const ids: number[] = [];
			for (const text of wanted.map((t) => t.trim()).filter(Boolean)) {
				const option = (field.enums ?? []).find((e) => nameKey(e.value) === nameKey(text));
				if (!option) return { error: `"${text}" is not one of its options` };
				ids.push(option.id);
			}
			return block(ids.map((enum_id) => ({ enum_id })));
		}
		default:
			return block([{ value: String(value) }]);
	}
}
