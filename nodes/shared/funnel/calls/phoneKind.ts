/**
 * What kind of number a lead has, for the cadence: a mobile (seed 003 limits calls to it), a landline (any
 * frequency), and whether it is foreign — seed 001 does not call numbers outside +7, and treats Kazakhstan's
 * +7 7xx as foreign too ("с ними тоже держите связь по почте или через мессенджеры").
 */
import { isPlusSevenPhone, isRussianPhone, normalizePhone } from '../phone';

export type PhoneKind = 'landline' | 'mobile';

/** Who counts as foreign: numbers outside +7; also Kazakhstan (+7 7xx); or nobody. */
export type ForeignRule = 'notPlusSeven' | 'notRussia' | 'never';

/**
 * Mobile or landline by the numbering plan (libphonenumber's full metadata). Numbers that may be either, and
 * numbers of unknown type, get the mobile rules: the stricter ones, so a mobile is never called too often.
 */
export function phoneKind(e164: string | null): PhoneKind {
	if (!e164) return 'mobile';
	const parsed = normalizePhone(e164);
	if (!parsed.ok) return 'mobile';
	return parsed.type === 'fixed_line' ||
		parsed.type === 'toll_free' ||
		parsed.type === 'shared_cost' ||
		parsed.type === 'uan'
		? 'landline'
		: 'mobile';
}

/** Whether a number is foreign under the rule; a lead without a number is not. */
export function isForeignPhone(e164: string | null, rule: ForeignRule): boolean {
	if (!e164 || rule === 'never') return false;
	return rule === 'notRussia' ? !isRussianPhone(e164) : !isPlusSevenPhone(e164);
}

/** The phone's country, for the Foreign number output (KZ, DE…), or null. */
export function phoneCountry(e164: string | null): string | null {
	if (!e164) return null;
	const parsed = normalizePhone(e164);
	return parsed.ok ? parsed.country : null;
}
