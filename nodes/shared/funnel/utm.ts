import { plainText } from './text';

export interface Utm {
	source: string;
	medium: string;
	campaign: string;
	content: string;
	term: string;
}

/** Ad click ids met in practice next to UTM tags. */
export const CLICK_ID_KEYS = ['yclid', 'gclid', 'fbclid', 'roistat_visit', 'utm_custom'] as const;
export type ClickIds = Partial<Record<(typeof CLICK_ID_KEYS)[number], string>>;

export function emptyUtm(): Utm {
	return { source: '', medium: '', campaign: '', content: '', term: '' };
}

/**
 * Reads `key=value` pairs from a query string, a full URL or a Tilda `TILDAUTM` value
 * (`utm_source=x|||utm_campaign=y`, URL-encoded, sometimes with the HTML-entity `|||amp;` variant).
 */
export function parseUtmPairs(text: string): Record<string, string> {
	const result: Record<string, string> = {};
	if (!text) return result;
	let body = String(text).trim();
	// TILDAUTM arrives URL-encoded as a whole (utm_source%3Dtilda%7C%7C%7C...).
	if (!body.includes('=') && /%3d/i.test(body)) body = safeDecode(body);
	const question = body.indexOf('?');
	if (/^[a-z]+:\/\//i.test(body) || question >= 0)
		body = question >= 0 ? body.slice(question + 1) : '';
	body = body.split('#')[0];
	body = body.replace(/\|\|\|amp;/g, '|||').replace(/&amp;/g, '&');
	for (const pair of body.split(/\|\|\||&/)) {
		const eq = pair.indexOf('=');
		if (eq <= 0) continue;
		const key = pair.slice(0, eq).trim().toLowerCase();
		const value = safeDecode(pair.slice(eq + 1).replace(/\+/g, ' ')).trim();
		if (key && value && !(key in result)) result[key] = value;
	}
	return result;
}

/** Finds one cookie in a raw `Cookie`-style string (Tilda sends it in the `COOKIES` field). */
export function readCookie(cookies: string, name: string): string | undefined {
	if (!cookies) return undefined;
	for (const part of String(cookies).split(/;\s*/)) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
	}
	return undefined;
}

/** UTM tags from a Tilda `COOKIES` string (its `TILDAUTM` cookie). */
export function utmFromTildaCookies(cookies: string): Record<string, string> {
	const value = readCookie(cookies, 'TILDAUTM');
	return value ? parseUtmPairs(value) : {};
}

/**
 * Merges UTM tags found in several places, the first source that has a tag wins:
 * explicit fields first, then page URL / referrer, then cookies.
 */
export function collectUtm(...sources: Array<Record<string, string>>): {
	utm: Utm;
	clickIds: ClickIds;
} {
	const utm = emptyUtm();
	const clickIds: ClickIds = {};
	for (const source of sources) {
		for (const [rawKey, value] of Object.entries(source)) {
			if (plainText(value).trim() === '') continue;
			const key = rawKey.toLowerCase();
			const utmKey = /^utm_(source|medium|campaign|content|term)$/.exec(key);
			if (utmKey) {
				const k = utmKey[1] as keyof Utm;
				if (!utm[k]) utm[k] = plainText(value).trim();
			} else if ((CLICK_ID_KEYS as readonly string[]).includes(key)) {
				const k = key as keyof ClickIds;
				if (!clickIds[k]) clickIds[k] = plainText(value).trim();
			}
		}
	}
	return { utm, clickIds };
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
