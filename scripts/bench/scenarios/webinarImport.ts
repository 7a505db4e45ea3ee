/**
 * Scenarios 1 and 2 — webinar import into amoCRM / Bitrix24: dedup the attendees against the CRM, then create a
 * deal with its contact and tags for each new person. The workflow needs Lead Dedup's CRM scope, which lands later,
 * so the run stops after the preparation: the account is seeded, the attendees generated (a fifth of them clients
 * already, in other spellings; one new person in ten registered twice), classified with our own dedup core, and
 * the API's minimum for this very data computed. The result says "pending" and what it waits for.
 */
import type { IDataObject } from 'n8n-workflow';

import { matchHistory, storedKeysOf, dedupWithinInput } from '../../../nodes/shared/funnel/dedup/batchDedup';
import { dedupKeysOf, KeyCache, type DedupSettings } from '../../../nodes/shared/funnel/dedup/dedupKeys';
import type { CrmKind } from '../../../nodes/shared/crm/types';
import { webinarAttendees, type KnownPerson } from '../data';
import { startEmulator } from '../emulatorProcess';
import { fmt, round } from '../format';
import { amoWebinarImport, bitrixWebinarImport, idealOf } from '../minimums';
import { hasParameter } from '../readiness';
import type { BenchSettings, PendingScenario, Scenario } from '../types';

export const REPEAT_SHARE = 0.2;
const SETTINGS: DedupSettings = { keys: ['phone', 'email'], match: 'any', byExternalId: false };

/** The account the attendees are imported into: half as many contacts as attendees, each with a deal. */
function accountSeed(crm: CrmKind, items: number): unknown {
	const contacts = Math.max(300, Math.round(items / 2));
	return crm === 'amocrm' ? { generate: { contacts, leads: contacts } } : { contacts, deals: contacts, leads: 200 };
}

function knownPeople(crm: CrmKind, state: IDataObject): KnownPerson[] {
	if (crm === 'amocrm') {
		type Field = { field_code?: string; values: Array<{ value: string }> };
		return (state.contacts as Array<{ name: string; custom_fields_values: Field[] | null }>).map((c) => {
			const value = (code: string) => (c.custom_fields_values ?? []).find((f) => f.field_code === code)?.values[0]?.value ?? null;
			return { name: c.name, phone: value('PHONE'), email: value('EMAIL') };
		});
	}
	return (state.contacts as Array<{ NAME: string; LAST_NAME: string; PHONE: Array<{ VALUE: string }>; EMAIL: Array<{ VALUE: string }> }>).map((c) => ({
		name: `${c.NAME} ${c.LAST_NAME}`,
		phone: c.PHONE[0]?.VALUE ?? null,
		email: c.EMAIL[0]?.VALUE ?? null,
	}));
}

/** Who is a client already, who repeats within the list, who is new — decided by the dedup core the nodes use. */
export function classifyAttendees(attendees: IDataObject[], known: KnownPerson[]) {
	const cache = new KeyCache(SETTINGS);
	const inCrm = new Set(storedKeysOf(known.map((k) => dedupKeysOf(k, SETTINGS, cache))));
	const keys = attendees.map((a) => dedupKeysOf(a, SETTINGS, cache));
	const repeats = dedupWithinInput(keys);
	let clients = 0;
	let repeated = 0;
	let newPeople = 0;
	keys.forEach((k, i) => {
		if (matchHistory(k, inCrm)) clients++;
		else if (repeats[i]) repeated++;
		else newPeople++;
	});
	const phones = new Set(keys.flatMap((k) => k.keys.filter((key) => key.type === 'phone').map((key) => key.value))).size;
	const emails = new Set(keys.flatMap((k) => k.keys.filter((key) => key.type === 'email').map((key) => key.value))).size;
	return { clients, repeated, newPeople, phones, emails };
}

export function webinarImportScenario(crm: CrmKind): Scenario {
	const label = crm === 'amocrm' ? 'amoCRM' : 'Bitrix24';
	const id = `${crm === 'amocrm' ? 1 : 2}-${crm}`;
	return {
		id,
		title: `Webinar import (${label})`,
		async run(settings: BenchSettings, log): Promise<PendingScenario> {
			const emulator = await startEmulator(crm, accountSeed(crm, settings.items));
			let known: KnownPerson[];
			try {
				known = knownPeople(crm, await emulator.control<IDataObject>('GET', 'state'));
			} finally {
				await emulator.stop();
			}
			const attendees = webinarAttendees(settings.items, known, REPEAT_SHARE);
			const split = classifyAttendees(attendees, known);
			const minimum =
				crm === 'amocrm'
					? amoWebinarImport({ contacts: known.length, keys: split.phones + split.emails, newPeople: split.newPeople })
					: bitrixWebinarImport({ phones: split.phones, emails: split.emails, newPeople: split.newPeople });
			const ideal = idealOf(crm, minimum, Date.now());
			const dedupReady = hasParameter('leadDedup', 'crm');
			log(`  pending; ${fmt(attendees.length)} attendees: ${fmt(split.clients)} clients already, ${fmt(split.repeated)} repeats, ${fmt(split.newPeople)} new`);
			return {
				id,
				scenario: 'Webinar import',
				crm,
				status: 'pending',
				needs: dedupReady
					? `Lead Dedup now has a CRM parameter: wire the workflow (Lead Dedup against ${label} → ${label} node, create lead with contact and tags) in scripts/bench/scenarios/webinarImport.ts`
					: `pending: needs Lead Dedup's CRM scope (dedup against ${label}); creating deals with contacts and tags is ready in the ${label} node`,
				prepared: [
					`account: ${fmt(known.length)} contacts with deals, seeded in ${round(emulator.startSeconds, 1)} s`,
					`${fmt(attendees.length)} attendees (scripts/bench/data.ts webinarAttendees): ${fmt(split.clients)} clients already (other spellings), ${fmt(split.repeated)} repeats within the list, ${fmt(split.newPeople)} new people; ${fmt(split.phones)} distinct phones, ${fmt(split.emails)} distinct emails`,
				],
				min_requests: minimum.requests.length,
				min_requests_arithmetic: minimum.arithmetic,
				ideal_wall_s: round(ideal.seconds, 1),
				ideal_wall_arithmetic: ideal.arithmetic,
			};
		},
	};
}
