import { flatLeaves, jsonText, MAX_CUT_TEXT } from '../input/depth';
import { normalizeEmail } from './email';
import { joinNameParts, normalizeName } from './name';
import { normalizePhone, splitPhones, type PhoneType } from './phone';
import { toIsoTimestamp } from './timestamp';
import { collectUtm, parseUtmPairs, utmFromTildaCookies, type ClickIds, type Utm } from './utm';
import { plainText } from './text';

export type LeadClass = 'A' | 'B' | 'C';

/** The one shape every node of this package speaks when it handles a person. */
export interface CanonicalLead {
	name: string;
	/** E.164 (+79161234567), or null when no usable phone was given. */
	phone: string | null;
	phoneRaw: string;
	phoneCountry: string | null;
	phoneType: PhoneType | null;
	/** Further numbers found in the phone field, E.164. */
	otherPhones: string[];
	/** Trimmed and lower-cased, or null. */
	email: string | null;
	emailRaw: string;
	/** What kind of channel: site form, chat, call, email, messenger, webinar, partner... */
	source: string;
	/** The concrete channel or tool: tilda, whatsapp, telegram, bizon365... */
	channel: string;
	form: string;
	utm: Utm;
	clickIds: ClickIds;
	message: string;
	/** ISO 8601 UTC. */
	receivedAt: string;
	tags: string[];
	score: number | null;
	class: LeadClass | null;
	/** The sender's id of this request (Tilda tranid): a retried webhook carries the same one. */
	externalId: string;
	raw: unknown;
}

/** Values a caller found for a lead, before normalisation. */
export interface LeadDraft {
	name?: unknown;
	firstName?: unknown;
	middleName?: unknown;
	lastName?: unknown;
	phone?: unknown;
	email?: unknown;
	message?: unknown;
	source?: unknown;
	channel?: unknown;
	form?: unknown;
	externalId?: unknown;
	receivedAt?: unknown;
	/** utm_* and click-id fields as sent. */
	utmFields?: Record<string, string>;
	/** A page URL or referrer whose query string may carry UTM tags. */
	pageUrl?: unknown;
	/** A raw cookie string (Tilda COOKIES with TILDAUTM). */
	cookies?: unknown;
	tags?: unknown;
	raw?: unknown;
}

/** Which contact a lead must have to be usable. */
export type RequiredContact = 'any' | 'phone' | 'email' | 'both' | 'none';

export interface LeadOptions {
	defaultCountry?: string;
	requiredContact?: RequiredContact;
	/** Zone for dates written without one. */
	timezone?: string;
	/** Used when the draft has no date: the moment the lead was received. */
	now?: () => Date;
	keepRaw?: boolean;
}

export interface LeadProblem {
	field: 'phone' | 'email' | 'name' | 'receivedAt' | 'contact';
	value: string;
	reason: string;
}

export interface NormalizedLead {
	lead: CanonicalLead;
	valid: boolean;
	/** Problems found; a valid lead may still carry some (a bad second contact). */
	problems: LeadProblem[];
	/** One sentence for the Invalid output, empty when valid. */
	reason: string;
}

/** Builds the canonical lead from a draft and says whether it is usable. Pure; never throws. */
export function normalizeLead(draft: LeadDraft, options: LeadOptions = {}): NormalizedLead {
	const problems: LeadProblem[] = [];
	const requiredContact = options.requiredContact ?? 'any';

	const name =
		normalizeName(draft.name) || joinNameParts(draft.firstName, draft.middleName, draft.lastName);

	let phone: string | null = null;
	let phoneCountry: string | null = null;
	let phoneType: PhoneType | null = null;
	const otherPhones: string[] = [];
	const phoneRaw = textOf(draft.phone);
	for (const candidate of splitPhones(draft.phone)) {
		const parsed = normalizePhone(candidate, { defaultCountry: options.defaultCountry });
		if (!parsed.ok) {
			problems.push({ field: 'phone', value: candidate, reason: parsed.reason });
			continue;
		}
		if (phone === null) {
			phone = parsed.e164;
			phoneCountry = parsed.country;
			phoneType = parsed.type;
		} else if (parsed.e164 !== phone && !otherPhones.includes(parsed.e164)) {
			otherPhones.push(parsed.e164);
		}
	}

	let email: string | null = null;
	const emailRaw = textOf(draft.email);
	if (emailRaw.trim() !== '') {
		const parsed = normalizeEmail(emailRaw);
		if (parsed.ok) email = parsed.address;
		else problems.push({ field: 'email', value: emailRaw, reason: parsed.reason });
	}

	let receivedAt: string;
	const date =
		draft.receivedAt === undefined || draft.receivedAt === ''
			? null
			: toIsoTimestamp(draft.receivedAt, options.timezone);
	if (date && date.ok) receivedAt = date.iso;
	else {
		if (date && !date.ok)
			problems.push({ field: 'receivedAt', value: textOf(draft.receivedAt), reason: date.reason });
		receivedAt = (options.now ? options.now() : new Date()).toISOString();
	}

	const { utm, clickIds } = collectUtm(
		draft.utmFields ?? {},
		draft.pageUrl ? parseUtmPairs(textOf(draft.pageUrl)) : {},
		draft.cookies ? utmFromTildaCookies(textOf(draft.cookies)) : {},
	);

	const lead: CanonicalLead = {
		name,
		phone,
		phoneRaw,
		phoneCountry,
		phoneType,
		otherPhones,
		email,
		emailRaw,
		source: normalizeName(draft.source),
		channel: normalizeName(draft.channel),
		form: normalizeName(draft.form),
		utm,
		clickIds,
		message: textOf(draft.message).trim(),
		receivedAt,
		tags: tagsOf(draft.tags),
		score: null,
		class: null,
		externalId: normalizeName(draft.externalId),
		raw: options.keepRaw === false ? undefined : draft.raw,
	};

	const missing = missingContact(lead, requiredContact);
	if (missing) problems.unshift({ field: 'contact', value: '', reason: missing });
	const valid = missing === '';
	return { lead, valid, problems, reason: valid ? '' : describeProblems(problems) };
}

function missingContact(lead: CanonicalLead, required: RequiredContact): string {
	const hasPhone = lead.phone !== null;
	const hasEmail = lead.email !== null;
	switch (required) {
		case 'none':
			return '';
		case 'phone':
			return hasPhone ? '' : 'a valid phone is required';
		case 'email':
			return hasEmail ? '' : 'a valid email is required';
		case 'both':
			if (hasPhone && hasEmail) return '';
			return `a valid phone and email are required (missing: ${[!hasPhone && 'phone', !hasEmail && 'email'].filter(Boolean).join(', ')})`;
		default:
			return hasPhone || hasEmail ? '' : 'no valid phone or email to contact the client';
	}
}

function describeProblems(problems: LeadProblem[]): string {
	return problems
		.map((p) =>
			p.field === 'contact' ? p.reason : `${p.field} "${truncate(p.value)}": ${p.reason}`,
		)
		.join('; ');
}

function tagsOf(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value) ? value : plainText(value).split(',');
	const tags: string[] = [];
	for (const item of list) {
		const tag = normalizeName(
			typeof item === 'object' && item !== null && 'name' in item
				? (item as { name: unknown }).name
				: item,
		);
		if (tag && !tags.includes(tag)) tags.push(tag);
	}
	return tags;
}

function textOf(value: unknown): string {
	if (Array.isArray(value)) return flatLeaves(value).map(leafText).filter(Boolean).join(', ');
	return leafText(value);
}

/** One value as text; an object as its JSON (without recursion, at most 2,000 characters). */
function leafText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return jsonText(value, MAX_CUT_TEXT);
}

function truncate(text: string, max = 60): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}
