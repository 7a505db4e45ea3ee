import type { IDataObject } from 'n8n-workflow';

import type { FunnelCrm } from '../shared/crm';
import type { ContactMatch } from '../shared/crm/types';
import { crmLookupKeys, matchesByKey } from '../shared/funnel/dedup/crmMatch';
import {
	dedupKeysOf,
	KeyCache,
	type DedupSettings,
	type LeadKeys,
} from '../shared/funnel/dedup/dedupKeys';
import {
	checkOwnership,
	clientFromCrm,
	type Ownership,
} from '../shared/funnel/distribution/ownershipGuard';
import { readPath } from '../shared/funnel/fieldPath';

export interface ClientFields {
	phone: string;
	otherPhones: string;
	email: string;
}

/**
 * The ownership guard (a client with another manager's open task, or whose deal another manager holds and who is not
 * closed as lost, is theirs) fed from the CRM: every guarded lead is looked up by phone and email in one call (the
 * adapter batches), the open tasks of all the deals found are read in one more, and each lead is judged on its own
 * contacts' deals and tasks. `nonOwners` never own a client (the admin, robots, deactivated users).
 */
export async function ownershipFromCrm(
	crm: FunnelCrm,
	leads: ReadonlyArray<{ index: number; json: IDataObject }>,
	fields: ClientFields,
	defaultCountry: string,
	nonOwners: readonly string[],
): Promise<Map<number, Ownership>> {
	const settings: DedupSettings = {
		keys: ['phone', 'email'],
		match: 'any',
		byExternalId: false,
		defaultCountry,
	};
	const cache = new KeyCache(settings);
	const keys = new Map<number, LeadKeys>();
	for (const { index, json } of leads) {
		keys.set(
			index,
			dedupKeysOf(
				{
					phone: readPath(json, fields.phone),
					otherPhones: readPath(json, fields.otherPhones),
					email: readPath(json, fields.email),
				},
				settings,
				cache,
			),
		);
	}
	const result = new Map<number, Ownership>();
	const lookup = crmLookupKeys([...keys.values()]);
	if (lookup.phones.length + lookup.emails.length === 0) return result;
	const byKey = matchesByKey(await crm.findContacts(lookup));
	const dealIds = [...new Set([...byKey.values()].flat().flatMap((m) => m.deals.map((d) => d.id)))];
	const openTasks = dealIds.length ? await crm.listTasks({ dealIds, completed: false }) : [];
	for (const [index, lead] of keys) {
		const found = new Map<string, ContactMatch>();
		for (const key of lead.keys)
			for (const match of byKey.get(key.value) ?? [])
				found.set(`${match.entity}:${match.contact.id}`, match);
		result.set(
			index,
			checkOwnership(clientFromCrm([...found.values()], openTasks), { notOwners: nonOwners }),
		);
	}
	return result;
}
