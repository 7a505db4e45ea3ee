import { normalizeEmail } from '../email';
import { normalizeName } from '../name';
import { normalizePhone, splitPhones } from '../phone';

/** What identifies a person (phone, email) or one submission (the sender's id, such as Tilda's tranid). */
export type DedupKeyType = 'phone' | 'email' | 'phone+email' | 'externalId';

export interface DedupKey {
	type: DedupKeyType;
	/** E.164 phone, normalised email, `phone|email`, or `channel|externalId`. */
	value: string;
}

export interface DedupSettings {
	/** Which contacts identify a person. */
	keys: ReadonlyArray<'phone' | 'email'>;
	/**
	 * `any`: sharing any one key with an earlier lead makes a duplicate (and chains: A—phone—B—email—C is one
	 * person). `all`: every chosen key must be present and equal.
	 */
	match: 'any' | 'all';
	/** A repeated submission (same sender id) is a duplicate whatever its contacts. */
	byExternalId: boolean;
	/** Gmail dots and +tags, Yandex domains (see email.ts); off by default. */
	emailProviderRules?: boolean;
	defaultCountry?: string;
}

/** The values a lead gives; raw or already normalised, both work. */
export interface LeadIdentity {
	phone?: unknown;
	otherPhones?: unknown;
	email?: unknown;
	externalId?: unknown;
	channel?: unknown;
}

export interface LeadKeys {
	/** Keys of the person, in the order they are tried (phone first). */
	keys: DedupKey[];
	/** The submission's own key, when it has one and the setting is on. */
	external: DedupKey | null;
}

/**
 * Remembers normalisations within one run: the same raw phone written by 30% of the leads is parsed once.
 * Phone parsing dominates the cost of dedup.
 */
export class KeyCache {
	private readonly phones = new Map<string, string | null>();
	private readonly emails = new Map<string, string | null>();

	constructor(
		private readonly settings: Pick<DedupSettings, 'defaultCountry' | 'emailProviderRules'>,
	) {}

	phone(raw: string): string | null {
		let value = this.phones.get(raw);
		if (value === undefined) {
			// Already E.164 from Lead Normalize / Lead Capture: no need to parse again.
			if (/^\+[1-9]\d{6,14}$/.test(raw)) value = raw;
			else {
				const parsed = normalizePhone(raw, { defaultCountry: this.settings.defaultCountry });
				value = parsed.ok ? parsed.e164 : null;
			}
			this.phones.set(raw, value);
		}
		return value;
	}

	email(raw: string): string | null {
		let value = this.emails.get(raw);
		if (value === undefined) {
			const parsed = normalizeEmail(raw, { providerRules: this.settings.emailProviderRules });
			value = parsed.ok ? parsed.key : null;
			this.emails.set(raw, value);
		}
		return value;
	}
}

export function dedupKeysOf(
	lead: LeadIdentity,
	settings: DedupSettings,
	cache = new KeyCache(settings),
): LeadKeys {
	const phones: string[] = [];
	if (settings.keys.includes('phone')) {
		const candidates = [
			...splitPhones(textOrList(lead.phone)),
			...splitPhones(textOrList(lead.otherPhones)),
		];
		for (const candidate of candidates) {
			const e164 = cache.phone(candidate.trim());
			if (e164 && !phones.includes(e164)) phones.push(e164);
		}
	}
	let email: string | null = null;
	if (settings.keys.includes('email')) {
		const raw = typeof lead.email === 'string' ? lead.email.trim() : '';
		if (raw) email = cache.email(raw);
	}

	const keys: DedupKey[] = [];
	if (settings.match === 'all' && settings.keys.length > 1) {
		// Every chosen key must be there: a lead without one of them cannot match on all.
		if (phones.length > 0 && email)
			keys.push({ type: 'phone+email', value: `${phones[0]}|${email}` });
	} else {
		// Every number is a key: "one client, two numbers" is a Дубль (duplicate) to an agency.
		for (const phone of phones) keys.push({ type: 'phone', value: phone });
		if (email) keys.push({ type: 'email', value: email });
	}

	let external: DedupKey | null = null;
	const externalId = normalizeName(lead.externalId);
	if (settings.byExternalId && externalId) {
		// Ids are unique per sender only: Telegram message 42 and Tilda submission 42 are not one request.
		external = {
			type: 'externalId',
			value: `${normalizeName(lead.channel).toLowerCase()}|${externalId}`,
		};
	}
	return { keys, external };
}

/** The string a key is remembered under in n8n's deduplication store. */
export function storedKey(key: DedupKey): string {
	return `${key.type}:${key.value}`;
}

function textOrList(value: unknown): unknown {
	if (typeof value === 'string' || Array.isArray(value)) return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}
