import { Duration } from 'luxon';

import { jsonText } from '../../input/depth';

export type DurationUnit = 'hours' | 'minutes' | 'seconds';

export type DurationResult =
	| { ok: true; seconds: number }
	/** `empty`: the cell held nothing (a registrant with no viewing time), as opposed to text we cannot read. */
	| { ok: false; empty: boolean; reason: string };

const SECONDS_IN: Record<DurationUnit, number> = { hours: 3600, minutes: 60, seconds: 1 };

/** Unit words people write after a number, in Russian and English, without a trailing dot. */
const UNIT_WORDS: Record<string, DurationUnit> = {};
for (const word of ['ч', 'час', 'часа', 'часов', 'h', 'hr', 'hrs', 'hour', 'hours'])
	UNIT_WORDS[word] = 'hours';
for (const word of [
	'м',
	'мин',
	'минута',
	'минуты',
	'минут',
	'минуту',
	'm',
	'min',
	'mins',
	'minute',
	'minutes',
]) {
	UNIT_WORDS[word] = 'minutes';
}
for (const word of [
	'с',
	'сек',
	'секунда',
	'секунды',
	'секунд',
	'секунду',
	's',
	'sec',
	'secs',
	'second',
	'seconds',
]) {
	UNIT_WORDS[word] = 'seconds';
}

const EMPTY = /^(?:|-+|—|–|нет|n\/a|none)$/;
const PLAIN_NUMBER = /^\d+(?:\.\d+)?$/;
const CLOCK = /^(\d{1,3}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?$/;
const UNIT_PAIR = /(\d+(?:\.\d+)?)\s*([a-zа-яё]+)\.?\s*/gy;

/**
 * Reads how long someone watched, as webinar platforms and spreadsheets write it:
 * "30 мин", "1 ч 15 мин", "1ч15м", "1 час 15 минут", "75 min", "4500 сек", "1,5 часа",
 * "1:15" (h:mm; but "45:30", more than 12 "hours", is mm:ss),
 * "01:15:00" (h:mm:ss), "PT1H15M", or a bare number ("75", "75.5") in `bareUnit` (minutes unless the
 * column says otherwise). Returns seconds, rounded to whole seconds.
 */
export function parseDuration(value: unknown, bareUnit: DurationUnit = 'minutes'): DurationResult {
	if (value === null || value === undefined)
		return { ok: false, empty: true, reason: 'no viewing time given' };
	if (typeof value === 'number') return fromNumber(value, bareUnit, String(value));
	if (typeof value === 'boolean' || typeof value === 'object') return unreadable(value);
	const text = String(value)
		.normalize('NFKC')
		.toLowerCase()
		.replace(/ё/g, 'е')
		.replace(/(\d),(\d)/g, '$1.$2')
		.replace(/\s+/g, ' ')
		.trim();
	if (EMPTY.test(text)) return { ok: false, empty: true, reason: 'no viewing time given' };
	if (PLAIN_NUMBER.test(text)) return fromNumber(Number(text), bareUnit, text);

	const clock = CLOCK.exec(text);
	if (clock) {
		const [first, second, third] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
		if (second >= 60 || third >= 60) return unreadable(value);
		// h:mm, unless the first number is more hours than any webinar lasts: "45:30" is 45 min 30 s.
		if (clock[3] === undefined && first > 12) return { ok: true, seconds: first * 60 + second };
		return { ok: true, seconds: first * 3600 + second * 60 + third };
	}

	if (/^p(?:\d|t)/.test(text)) {
		const iso = Duration.fromISO(text.toUpperCase());
		if (iso.isValid) return { ok: true, seconds: Math.round(iso.as('seconds')) };
	}

	// Number-unit pairs must cover the whole text: "1 ч 15 мин" yes, "1 ч и ещё чуть-чуть" no.
	let total = 0;
	UNIT_PAIR.lastIndex = 0;
	let match: RegExpExecArray | null;
	while ((match = UNIT_PAIR.exec(text)) !== null) {
		const unit = UNIT_WORDS[match[2]];
		if (!unit) break;
		total += Number(match[1]) * SECONDS_IN[unit];
		if (UNIT_PAIR.lastIndex === text.length) return { ok: true, seconds: Math.round(total) };
	}
	return unreadable(value);
}

/** "1 ч 15 мин", "30 мин", "45 сек": how the webinar card shows time watched. */
export function formatWatched(seconds: number): string {
	const minutes = Math.floor(seconds / 60);
	if (minutes === 0) return `${seconds} сек`;
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	if (hours === 0) return `${minutes} мин`;
	return rest === 0 ? `${hours} ч` : `${hours} ч ${rest} мин`;
}

function fromNumber(n: number, unit: DurationUnit, shown: string): DurationResult {
	if (!Number.isFinite(n) || n < 0)
		return { ok: false, empty: false, reason: `"${shown}" is not a viewing time` };
	return { ok: true, seconds: Math.round(n * SECONDS_IN[unit]) };
}

function unreadable(value: unknown): DurationResult {
	const shown = typeof value === 'string' ? value : jsonText(value, 40);
	return {
		ok: false,
		empty: false,
		reason: `"${String(shown).slice(0, 40)}" is not a viewing time this node can read (write it as 75, 75 мин, 1 ч 15 мин, 1:15 or 01:15:00)`,
	};
}
