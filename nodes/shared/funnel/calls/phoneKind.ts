/**
 * What kind of number a lead has, for the cadence: a mobile (calls to it are limited to a few a day), a landline (any
 * frequency), and whether it is foreign — the webinar funnel does not call numbers outside +7, and treats Kazakhstan's
 * +7 7xx as foreign too ("с ними тоже держите связь по почте или через мессенджеры").
 */
import {
	isPlusSevenPhone,
	isRussianPhone,
	normalizePhone,
	type ParsedPhone,
	type PhoneType,
} from '../phone';

export type PhoneKind = 'landline' | 'mobile';

/** Who counts as foreign: numbers outside +7; also Kazakhstan (+7 7xx); or nobody. */
export type ForeignRule = 'notPlusSeven' | 'notRussia' | 'never';

/**
 * Mobile or landline by the numbering plan (libphonenumber's full metadata). Numbers that may be either, and
 * numbers of unknown type, get the mobile rules: the stricter ones, so a mobile is never called too often.
 */
export function phoneKind(e164: string | null): PhoneKind {
	return kindOf(e164 ? phoneFacts(e164) : null);
}

function kindOf(facts: { type: PhoneType | null } | null): PhoneKind {
	if (!facts) return 'mobile';
	return facts.type === 'fixed_line' ||
		facts.type === 'toll_free' ||
		facts.type === 'shared_cost' ||
		facts.type === 'uan'
		? 'landline'
		: 'mobile';
}

/** The cadence's facts of a number — its kind and its country — in one reading. */
export function phoneFactsOf(e164: string | null): { kind: PhoneKind; country: string | null } {
	const facts = e164 ? phoneFacts(e164) : null;
	return { kind: kindOf(facts), country: facts?.country ?? null };
}

/**
 * The numbering plan's facts of numbers read lately (a call's number is read once by its telephony's reader and
 * asked about again by the cadence; parsing with the full metadata is the dearest step). A pure cache, bounded.
 */
const lately = new Map<string, { type: PhoneType | null; country: string | null }>();

export function rememberPhone(parsed: ParsedPhone): void {
	if (lately.size >= 1024) lately.clear();
	lately.set(parsed.e164, { type: parsed.type, country: parsed.country });
}

function phoneFacts(e164: string): { type: PhoneType | null; country: string | null } | null {
	const known = lately.get(e164);
	if (known) return known;
	const parsed = normalizePhone(e164);
	if (!parsed.ok) return null;
	rememberPhone(parsed);
	return lately.get(e164)!;
}

/** Whether a number is foreign under the rule; a lead without a number is not. */
export function isForeignPhone(e164: string | null, rule: ForeignRule): boolean {
	if (!e164 || rule === 'never') return false;
	return rule === 'notRussia' ? !isRussianPhone(e164) : !isPlusSevenPhone(e164);
}

/** The phone's country, for the Foreign number output (KZ, DE…), or null. */
export function phoneCountry(e164: string | null): string | null {
	return e164 ? (phoneFacts(e164)?.country ?? null) : null;
}
