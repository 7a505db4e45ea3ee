import { parsePhoneNumberFromString, type CountryCode } from '../vendor/libphonenumber';

import { flatLeaves } from '../input/depth';
import { plainText } from './text';

/** A phone number understood as one number: the dedup key is `e164`. */
export interface ParsedPhone {
	ok: true;
	/** E.164, e.g. +79161234567 — the key for dedup and CRM search. */
	e164: string;
	/** ISO country (RU, KZ, BY...) or null when the range belongs to no country (+7 6xx). */
	country: string | null;
	/** mobile | fixed_line | toll_free | voip | ... (lower-case libphonenumber type) or null. */
	type: PhoneType | null;
	extension: string | null;
	raw: string;
}

export interface RejectedPhone {
	ok: false;
	reason: string;
	raw: string;
}

export type PhoneResult = ParsedPhone | RejectedPhone;

export type PhoneType =
	| 'mobile'
	| 'fixed_line'
	| 'fixed_line_or_mobile'
	| 'toll_free'
	| 'premium_rate'
	| 'shared_cost'
	| 'voip'
	| 'personal_number'
	| 'pager'
	| 'uan'
	| 'voicemail';

export interface PhoneOptions {
	/** Country assumed for numbers written without a country code (`8 916…`, `9161234567`). */
	defaultCountry?: string;
}

const EXTENSION_MARKERS =
	/\s*(?:доб\.?|добавочный|вн\.?|ext\.?|extension|x|#|;ext=|,)\s*(\d{1,6})\s*$/i;
const URI_SCHEME = /^(?:tel|sip|sips|callto|whatsapp|wa):/i;

/**
 * Normalises one phone as written by a person, a form, a PBX or a messenger.
 * `8 (916) 123-45-67`, `+7 916 123 45 67`, `79161234567` and `9161234567` all become +79161234567;
 * +7 7xx is Kazakhstan. Short numbers (≤ 5 digits) are PBX extensions, not client phones.
 */
export function normalizePhone(input: unknown, options: PhoneOptions = {}): PhoneResult {
	const raw = plainText(input);
	const defaultCountry = (options.defaultCountry || 'RU').toUpperCase() as CountryCode;
	let text = stripDecoration(raw);
	if (text === '') return reject(raw, 'no phone given');

	let extension: string | null = null;
	const ext = EXTENSION_MARKERS.exec(text);
	if (ext && digitsOf(text.slice(0, ext.index)).length >= 7) {
		extension = ext[1];
		text = text.slice(0, ext.index);
	}

	if (/\d[\s.-]?[a-zа-яё]{1,3}[\s.-]?\d/i.test(text))
		return reject(raw, 'has letters among its digits');
	// A label or a name beside the number ("Иван 8 916…", "(моб)") is not part of it.
	text = text
		.replace(/[a-zа-яё]+\.?/gi, ' ')
		.replace(/\s+/g, ' ')
		.trim();

	const digits = digitsOf(text);
	if (digits.length === 0) return reject(raw, 'contains no digits');
	if (digits.length <= 5)
		return reject(raw, `"${digits}" is an internal extension, not a client phone`);
	if (digits.length > 17)
		return reject(raw, `too many digits (${digits.length}) for a phone number`);

	let candidate = text.trim();
	const hasPlus = /^\s*\+/.test(candidate);
	if (!hasPlus && digits.startsWith('00') && digits.length >= 11) {
		// 00 is the international prefix almost everywhere except the ex-USSR (810).
		candidate = '+' + digits.slice(2);
	} else if (
		!hasPlus &&
		digits.length === 11 &&
		/^[78]/.test(digits) &&
		['RU', 'KZ'].includes(defaultCountry)
	) {
		candidate = '+7' + digits.slice(1);
	} else if (
		!hasPlus &&
		digits.length >= 11 &&
		!/^(8|810)/.test(digits) &&
		isInternationalWithoutPlus(digits)
	) {
		candidate = '+' + digits;
	}

	const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
	if (!parsed) return reject(raw, 'not recognised as a phone number');
	if (!parsed.isPossible()) {
		const nationalLength = String(parsed.nationalNumber).length;
		return reject(
			raw,
			`wrong length for +${parsed.countryCallingCode}: ${nationalLength} digits after the country code`,
		);
	}
	// libphonenumber accepts some national plans past E.164's 15 digits; a CRM key must be real E.164.
	if (parsed.number.length - 1 > 15)
		return reject(raw, `too many digits (${parsed.number.length - 1}) for an international number`);
	if (!parsed.isValid()) {
		return reject(
			raw,
			`+${parsed.countryCallingCode} ${parsed.nationalNumber} is not an assigned number range`,
		);
	}
	const type = parsed.getType();
	return {
		ok: true,
		e164: parsed.number,
		country: parsed.country ?? null,
		type: type ? (type.toLowerCase() as PhoneType) : null,
		extension: extension ?? (parsed.ext ? String(parsed.ext) : null),
		raw,
	};
}

/** Whether a phone belongs to Russia (the +7 numbering plan without Kazakhstan's 7xx). */
export function isRussianPhone(e164: string): boolean {
	return /^\+7[0-69]\d{9}$/.test(e164);
}

/** Whether a phone is in the shared +7 plan (Russia or Kazakhstan). */
export function isPlusSevenPhone(e164: string): boolean {
	return /^\+7\d{10}$/.test(e164);
}

/** Splits a field that holds several numbers ("+7 916 …, 8 903 …") into the separate numbers. */
export function splitPhones(input: unknown): string[] {
	if (input === null || input === undefined) return [];
	if (Array.isArray(input)) return flatLeaves(input).flatMap((v) => splitPhones(v));
	const text = plainText(input);
	const parts = text
		.split(/\s*(?:[,;/\n|]|\s{3,}|\sили\s|\sor\s)\s*/i)
		.filter((p) => digitsOf(p).length > 0);
	if (parts.length <= 1) return text.trim() ? [text.trim()] : [];
	// "+7 916 123 45 67, доб. 12" is one number with an extension, not two numbers.
	const merged: string[] = [];
	for (const part of parts) {
		if (merged.length > 0 && digitsOf(part).length <= 6) merged[merged.length - 1] += `, ${part}`;
		else merged.push(part);
	}
	return merged;
}

/** Digits-only form used by CRMs that store phones as free text (amoCRM): last 10 digits. */
export function phoneSearchTail(e164: string): string {
	const digits = digitsOf(e164);
	return digits.length > 10 ? digits.slice(-10) : digits;
}

export function digitsOf(text: string): string {
	return text.replace(/\D/g, '');
}

function stripDecoration(raw: string): string {
	let text = raw
		.normalize('NFKC')
		.replace(/[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/g, '')
		.trim();
	text = text.replace(URI_SCHEME, '');
	// sip:79161234567@pbx.example.ru, 71234567890@c.us (GREEN-API)
	text = text.replace(/@[\w.-]+$/, '');
	text = text.replace(/^(?:тел(?:ефон)?|моб(?:ильный)?|phone|tel|mob(?:ile)?)\s*[.:]?\s*/i, '');
	// Unicode dashes and non-breaking spaces from copy-paste.
	text = text.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s+/g, ' ');
	return text.trim();
}

function isInternationalWithoutPlus(digits: string): boolean {
	const asInternational = parsePhoneNumberFromString('+' + digits);
	return Boolean(asInternational && asInternational.isValid());
}

function reject(raw: string, reason: string): RejectedPhone {
	return { ok: false, reason, raw };
}
