/**
 * What a people search asks the portal and how it tells a match: the fields read for contacts and leads, the
 * lookups for one number, and the exact comparison (E.164, lower-cased e-mail) of the records the portal's loose
 * duplicate search returned.
 */
import { normalizeEmail } from '../../funnel/email';
import { normalizePhone } from '../../funnel/phone';
import { multifieldValues } from './parse';
import { bitrixPhoneKey } from './phoneKey';

type Row = Record<string, unknown>;

export const SELECT = {
	CONTACT: [
		'ID',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHONE',
		'EMAIL',
		'ASSIGNED_BY_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
	],
	LEAD: [
		'ID',
		'TITLE',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHONE',
		'EMAIL',
		'ASSIGNED_BY_ID',
		'STATUS_ID',
		'STATUS_SEMANTIC_ID',
		'OPPORTUNITY',
		'DATE_CREATE',
		'DATE_MODIFY',
		'DATE_CLOSED',
		'MOVED_TIME',
		'CONTACT_ID',
	],
};

/**
 * What the portal is asked for one number. Its duplicate search compares numbers as stored, after its own
 * normalisation (8 → 7, prefixes stripped): `+7 916 123-45-67`, `8 916…` and `7916…` all compare as 79161234567,
 * but a number typed without the country code, `916 123-45-67`, compares as 9161234567 and is never found by the
 * international form (Bitrix24 does not match a national form with an international one). For +7 numbers the national
 * form is asked as well, so contacts entered by hand are found.
 */
export function phoneLookups(e164: string, nationalForms: boolean): string[] {
	const international = bitrixPhoneKey(e164);
	return nationalForms && e164.startsWith('+7') && e164.length === 12
		? [international, e164.slice(2)]
		: [international];
}

export interface PersonHit {
	key: string;
	keyType: 'phone' | 'email';
	entity: 'CONTACT' | 'LEAD';
	row: Row;
}

/** Exact matches, in key order (phones first), contacts before leads, by id. */
export function exactHits(
	rows: { CONTACT: Map<string, Row>; LEAD: Map<string, Row> },
	phones: string[],
	emails: Iterable<string>,
): PersonHit[] {
	const hits: PersonHit[] = [];
	const byEntity = (entity: 'CONTACT' | 'LEAD') =>
		[...rows[entity].values()].sort((a, b) => Number(a.ID) - Number(b.ID));
	const people = [
		...byEntity('CONTACT').map((row) => ({ entity: 'CONTACT' as const, row })),
		...byEntity('LEAD').map((row) => ({ entity: 'LEAD' as const, row })),
	];
	const phonesOf = new Map(people.map((p) => [p.row, exactPhones(p.row)]));
	const emailsOf = new Map(people.map((p) => [p.row, exactEmails(p.row)]));
	for (const phone of phones) {
		for (const person of people)
			if (phonesOf.get(person.row)?.has(phone))
				hits.push({ key: phone, keyType: 'phone', ...person });
	}
	for (const email of emails) {
		for (const person of people)
			if (emailsOf.get(person.row)?.has(email))
				hits.push({ key: email, keyType: 'email', ...person });
	}
	return hits;
}

function exactPhones(row: Row): Set<string> {
	const phones = new Set<string>();
	for (const value of multifieldValues(row.PHONE)) {
		const parsed = normalizePhone(value, { defaultCountry: 'RU' });
		if (parsed.ok) phones.add(parsed.e164);
	}
	return phones;
}

function exactEmails(row: Row): Set<string> {
	const emails = new Set<string>();
	for (const value of multifieldValues(row.EMAIL)) {
		const parsed = normalizeEmail(value);
		if (parsed.ok) emails.add(parsed.address);
	}
	return emails;
}
