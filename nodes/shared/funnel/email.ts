import { plainText } from './text';

export interface ParsedEmail {
	ok: true;
	/** Trimmed and lower-cased: what we store and send to. */
	address: string;
	/** The dedup key: `address`, or its provider-canonical form when provider rules are on. */
	key: string;
	raw: string;
}

export interface RejectedEmail {
	ok: false;
	reason: string;
	raw: string;
}

export type EmailResult = ParsedEmail | RejectedEmail;

export interface EmailOptions {
	/**
	 * Provider-specific rewriting of the key: Gmail ignores dots and +tags and googlemail.com is gmail.com;
	 * Yandex serves one mailbox on yandex.ru/.kz/.by/.ua/.com and ya.ru. Off by default: Mail.ru group
	 * domains (mail.ru, bk.ru, inbox.ru, list.ru) are separate mailboxes and are never merged.
	 */
	providerRules?: boolean;
}

const YANDEX_DOMAINS = new Set([
	'yandex.ru',
	'yandex.ua',
	'yandex.kz',
	'yandex.by',
	'yandex.com',
	'ya.ru',
]);
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

// Pragmatic address check: one @, a local part without spaces, a domain with a dot and a 2+ letter zone
// (Cyrillic domains such as почта.рф included).
const LOCAL_PART = /^[^\s@"(),:;<>[\\\]]{1,64}$/;
const DOMAIN =
	/^(?=.{3,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

export function normalizeEmail(input: unknown, options: EmailOptions = {}): EmailResult {
	const raw = plainText(input);
	let text = raw
		.normalize('NFKC')
		.replace(/[\u200B-\u200F\u2060\uFEFF]/g, '')
		.trim();
	text = text.replace(/^mailto:/i, '');
	// "Иван <ivan@mail.ru>" → the part in angle brackets.
	const angle = /<([^<>]+)>\s*$/.exec(text);
	if (angle) text = angle[1].trim();
	text = text.replace(/[.,;]+$/, '');
	if (text === '') return { ok: false, reason: 'no email given', raw };
	const at = text.lastIndexOf('@');
	if (at <= 0 || at === text.length - 1)
		return { ok: false, reason: 'has no "@" between a name and a domain', raw };
	const local = text.slice(0, at);
	const domain = text.slice(at + 1).toLowerCase();
	if (local.includes('@')) return { ok: false, reason: 'has more than one "@"', raw };
	if (
		!LOCAL_PART.test(local) ||
		local.startsWith('.') ||
		local.endsWith('.') ||
		local.includes('..')
	) {
		return { ok: false, reason: `"${local}" is not a valid mailbox name`, raw };
	}
	if (!DOMAIN.test(domain)) return { ok: false, reason: `"${domain}" is not a valid domain`, raw };
	const address = `${local.toLowerCase()}@${domain}`;
	return { ok: true, address, key: options.providerRules ? providerKey(address) : address, raw };
}

/** The provider-canonical form of an already normalised address (dedup key only, never for sending). */
export function providerKey(address: string): string {
	const at = address.lastIndexOf('@');
	let local = address.slice(0, at);
	let domain = address.slice(at + 1);
	if (GMAIL_DOMAINS.has(domain)) {
		local = local.split('+')[0].replace(/\./g, '');
		domain = 'gmail.com';
	} else if (YANDEX_DOMAINS.has(domain)) {
		domain = 'yandex.ru';
	}
	return `${local}@${domain}`;
}
