import { normalizeEmail } from '../email';
import { normalizeName } from '../name';
import { normalizePhone } from '../phone';
import { textOf } from './values';

/** `+7`, `7` or `8`, then ten digits of the +7 plan's general pattern (Russia [3489]…, Kazakhstan 7…). */
const PLUS_SEVEN_SHAPE = /^(?:\+7|7|8)?([347-9]\d{9})$/;
const SEPARATORS = /[\s\-().]/g;
/** A name with nothing to normalise: printable ASCII and Cyrillic, no space at either end. */
const PLAIN_NAME = /^[!-~\u0400-\u04ff](?:[ !-~\u0400-\u04ff]*[!-~\u0400-\u04ff])?$/;
/** A plain ASCII address that `normalizeEmail` would only lower-case. */
const PLAIN_EMAIL =
	/^(?=[^@]{1,64}@)[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Reads a viewer's email and phone with the package's normalisers, remembering answers: a person who
 * re-joined has the same contact in every row, and a report can hold tens of thousands of rows.
 *
 * Phones of the +7 plan written in the usual ways (`8 (916) 123-45-67`, `+7 916 123 45 67`, `79161234567`) take
 * a shortcut: the E.164 form is built from the digits and checked against the plan's general pattern only.
 * libphonenumber needs 7–15 µs per number, which alone would cost most of a second on a 50,000-viewer report.
 * The shortcut gives the same E.164 as `normalizePhone` for every valid number (a test compares them); the one
 * difference: a number in an unassigned sub-range (+7 930 001…) is kept here, where Lead Normalize rejects it.
 * Everything else (other countries, extensions, odd spellings) goes through `normalizePhone` itself.
 */
export class ContactReader {
	private readonly emails = new Map<string, string | null>();
	private readonly phones = new Map<string, string | null>();
	private readonly nationalShortcut: boolean;
	private readonly plusSevenDefault: boolean;

	constructor(private readonly defaultCountry = 'RU') {
		this.nationalShortcut = defaultCountry.toUpperCase() === 'RU';
		this.plusSevenDefault = ['RU', 'KZ'].includes(defaultCountry.toUpperCase());
	}

	/** The trimmed, lower-cased address, or null ("гость", empty, not an address). */
	email(value: unknown): string | null {
		const raw = textOf(value);
		if (!raw) return null;
		// Plain addresses are only lower-cased: cheaper than remembering them.
		if (PLAIN_EMAIL.test(raw) && raw.length <= 253) return raw.toLowerCase();
		let known = this.emails.get(raw);
		if (known === undefined) {
			const parsed = normalizeEmail(raw);
			known = parsed.ok ? parsed.address : null;
			this.emails.set(raw, known);
		}
		return known;
	}

	/** E.164, or null (empty, an extension, not a phone). */
	phone(value: unknown): string | null {
		const raw = textOf(value);
		if (!raw) return null;
		const shortcut = this.plusSevenShortcut(raw);
		if (shortcut !== undefined) return shortcut;
		let known = this.phones.get(raw);
		if (known === undefined) {
			const parsed = normalizePhone(raw, { defaultCountry: this.defaultCountry });
			known = parsed.ok ? parsed.e164 : null;
			this.phones.set(raw, known);
		}
		return known;
	}

	/** A person's name from one or more parts, as `normalizeName` writes it. */
	name(...parts: unknown[]): string {
		if (parts.length === 1) {
			const single = parts[0];
			// Printable ASCII and Cyrillic with single inner spaces is already normal (NFC, trimmed, collapsed).
			if (typeof single === 'string' && PLAIN_NAME.test(single) && !single.includes('  '))
				return single;
			return normalizeName(single);
		}
		return normalizeName(
			parts
				.map((p) => normalizeName(p))
				.filter(Boolean)
				.join(' '),
		);
	}

	/** E.164 for a +7-plan number in a plain spelling; undefined when the shortcut does not apply. */
	private plusSevenShortcut(raw: string): string | undefined {
		const compact = raw.replace(SEPARATORS, '');
		const match = PLUS_SEVEN_SHAPE.exec(compact);
		if (!match) return undefined;
		// Ten bare digits are national only when the default country is Russia; 7/8 + ten only for RU and KZ.
		if (compact.length === 10 && !this.nationalShortcut) return undefined;
		if (compact.length === 11 && !this.plusSevenDefault) return undefined;
		return `+7${match[1]}`;
	}
}
