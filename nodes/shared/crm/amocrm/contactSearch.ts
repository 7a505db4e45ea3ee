/**
 * Finding amoCRM contacts by phone and email, the cheaper of two ways:
 *
 * - **per key**: `GET /api/v4/contacts?query=…` once per key. `query` is a loose substring search (`+7…` does not
 *   find `8…`, digits match unrelated fields), so phones are searched by their last ten digits and every hit is
 *   checked exactly against the key. Costs one request per key.
 * - **index**: read every contact, 250 a page (`order[id]=asc`, stable while reading), and match each contact's
 *   phones and emails against all keys at once. Costs one request per page of the account.
 *
 * amoCRM does not tell how many contacts an account has, so the choice is made from the number of keys K: up to
 * {@link PER_KEY_UP_TO} keys are searched one by one; for more, the pages are read in order, and only an account
 * that has not ended after ⌈K ÷ 8⌉ pages gets page K probed — it exists only when the account has at least K pages,
 * i.e. when the index would cost at least as much as K searches. Typical case (an account smaller than K ÷ 8 pages):
 * exactly its pages; worst case (an account of K pages or more): ⌈K ÷ 8⌉ + 1 + K requests.
 */
import { normalizeEmail } from '../../funnel/email';
import { normalizePhone, phoneSearchTail } from '../../funnel/phone';
import type { CrmContact } from '../types';
import { allOf, PAGE_LIMIT, readAhead } from './paging';
import { emailKeys, phoneKeys, toContact } from './parse';
import type { HalPage, RawContact } from './rawTypes';
import type { AmoTransport } from './transport';

/** With this many keys or fewer, searching each key is never dearer than reading a page of the index. */
export const PER_KEY_UP_TO = 2;

/** Page K is probed after K ÷ PROBE_SHARE pages: an account that ends sooner costs no probe. */
const PROBE_SHARE = 8;

export interface KeyMatch {
	key: string;
	keyType: 'phone' | 'email';
	contact: CrmContact;
}

export interface ContactSearchKeys {
	/** E.164 phones. */
	phones: string[];
	/** Normalised (trimmed, lower-cased) emails. */
	emails: string[];
}

export type SearchWay = 'perKey' | 'index';

/** How the last search ran and what it cost, for reports and tests. */
export interface SearchReport {
	way: SearchWay;
	keys: number;
	/** Contact pages read for the index (the probe included). */
	pagesRead: number;
}

/** Normalises raw keys the way the contacts are compared: E.164 phones, lower-cased emails, each once. */
export function searchKeysOf(
	keys: { phones?: string[]; emails?: string[] },
	defaultCountry: string,
): ContactSearchKeys {
	const phones = new Set<string>();
	for (const phone of keys.phones ?? []) {
		const parsed = normalizePhone(phone, { defaultCountry });
		if (parsed.ok) phones.add(parsed.e164);
	}
	const emails = new Set<string>();
	for (const email of keys.emails ?? []) {
		const parsed = normalizeEmail(email);
		if (parsed.ok) emails.add(parsed.address);
	}
	return { phones: [...phones], emails: [...emails] };
}

export class ContactSearch {
	lastReport: SearchReport | null = null;

	constructor(
		private readonly transport: AmoTransport,
		private readonly defaultCountry: string,
	) {}

	/** Every contact whose phone or email equals a key, in key order (phones first), each key's contacts by id. */
	async find(keys: ContactSearchKeys): Promise<KeyMatch[]> {
		const count = keys.phones.length + keys.emails.length;
		if (count === 0) return [];
		if (count <= PER_KEY_UP_TO) return this.perKey(keys, 0);

		const first = await this.page(1);
		const index = new ContactIndex(keys, this.defaultCountry);
		if (!first) return this.done(index, 'index', count, 1);
		index.add(first.contacts);
		if (!first.hasNext) return this.done(index, 'index', count, 1);

		// The probe is due once the account has outgrown an eighth of K pages; until then reading on is cheap. As
		// K > PER_KEY_UP_TO, the probe comes before page K - 1, so page K is never read twice nor skipped.
		const probeAfter = Math.max(1, Math.ceil(count / PROBE_SHARE));
		let probe: { contacts: CrmContact[]; hasNext: boolean } | undefined;
		let pagesRead = 1;
		// At a slow account the next pages are asked for a few at a time (as paged lists are): never past the probe
		// before it has answered, never past page K - 1, and never more than the pages read so far.
		const ahead = new Map<number, Promise<{ value?: ContactPage; error?: unknown }>>();
		const ask = (k: number) => {
			if (ahead.has(k)) return;
			pagesRead++;
			ahead.set(
				k,
				this.page(k).then(
					(value) => ({ value }),
					(error: unknown) => ({ error }),
				),
			);
		};
		try {
			for (let n = 2; n < count; n++) {
				if (n === probeAfter + 1) {
					probe = await this.page(count);
					pagesRead++;
					if (probe && probe.hasNext) return this.perKey(keys, pagesRead);
				}
				const last = Math.min(
					n + Math.min(readAhead(this.transport), n - 1) - 1,
					n <= probeAfter ? probeAfter : count - 1,
				);
				for (let k = n; k <= Math.max(n, last); k++) ask(k);
				const answer = await ahead.get(n)!;
				ahead.delete(n);
				if (answer.error !== undefined) throw answer.error;
				const page = answer.value;
				if (!page) break;
				index.add(page.contacts);
				if (!page.hasNext) break;
			}
		} finally {
			// Pages asked for past the end come back empty (204); their failures were caught.
			ahead.clear();
		}
		if (probe) index.add(probe.contacts);
		return this.done(index, 'index', count, pagesRead);
	}

	private done(index: ContactIndex, way: SearchWay, keys: number, pagesRead: number): KeyMatch[] {
		this.lastReport = { way, keys, pagesRead };
		return index.matches();
	}

	private async perKey(keys: ContactSearchKeys, pagesRead: number): Promise<KeyMatch[]> {
		this.lastReport = { way: 'perKey', keys: keys.phones.length + keys.emails.length, pagesRead };
		const matches: KeyMatch[] = [];
		for (const phone of keys.phones) {
			for (const contact of await this.search(phoneSearchTail(phone))) {
				if (phoneKeys(contact, this.defaultCountry).includes(phone))
					matches.push({ key: phone, keyType: 'phone', contact });
			}
		}
		for (const email of keys.emails) {
			for (const contact of await this.search(email)) {
				if (emailKeys(contact).includes(email))
					matches.push({ key: email, keyType: 'email', contact });
			}
		}
		return matches;
	}

	private async search(query: string): Promise<CrmContact[]> {
		const raw = await allOf<RawContact>(this.transport, '/api/v4/contacts', 'contacts', {
			query,
			with: 'leads',
		});
		return raw.map(toContact).sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** One page of all contacts, or undefined past the end (amoCRM answers 204). */
	private async page(n: number): Promise<ContactPage | undefined> {
		const body = await this.transport.get<HalPage>('/api/v4/contacts', {
			limit: PAGE_LIMIT,
			page: n,
			order: { id: 'asc' },
			with: 'leads',
		});
		const raw = (body?._embedded?.contacts ?? []) as RawContact[];
		if (raw.length === 0) return undefined;
		return { contacts: raw.map(toContact), hasNext: Boolean(body?._links?.next?.href) };
	}
}

interface ContactPage {
	contacts: CrmContact[];
	hasNext: boolean;
}

/** The contacts of the pages read so far that share a key; only those are kept, however big the account. */
class ContactIndex {
	private readonly byKey = new Map<string, Map<string, CrmContact>>();
	private readonly phones: Set<string>;
	private readonly emails: Set<string>;

	constructor(
		private readonly keys: ContactSearchKeys,
		private readonly defaultCountry: string,
	) {
		this.phones = new Set(keys.phones);
		this.emails = new Set(keys.emails);
	}

	add(contacts: CrmContact[]) {
		for (const contact of contacts) {
			const found = [
				...phoneKeys(contact, this.defaultCountry).filter((k) => this.phones.has(k)),
				...emailKeys(contact).filter((k) => this.emails.has(k)),
			];
			for (const key of found) {
				const holders = this.byKey.get(key) ?? new Map<string, CrmContact>();
				holders.set(contact.id, contact);
				this.byKey.set(key, holders);
			}
		}
	}

	matches(): KeyMatch[] {
		const matches: KeyMatch[] = [];
		const collect = (key: string, keyType: 'phone' | 'email') => {
			const holders = [...(this.byKey.get(key)?.values() ?? [])].sort(
				(a, b) => Number(a.id) - Number(b.id),
			);
			for (const contact of holders) matches.push({ key, keyType, contact });
		};
		for (const phone of this.keys.phones) collect(phone, 'phone');
		for (const email of this.keys.emails) collect(email, 'email');
		return matches;
	}
}
