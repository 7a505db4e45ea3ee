/**
 * Tolerant matching of clicked button names against the activity buttons the user listed.
 * Platforms and people spell the same button differently: "Рассрочка (Тинькофф)" vs "рассрочка от банка
 * Тинькофф", "Инстаграм" vs "Инстаграмм" vs "Instagram", "Мастер-классы" vs "мастер классы". A listed
 * button matches when each of its words appears in the clicked name, where words are compared after
 * transliteration, without ь/ъ and doubled letters, and allowing a different ending.
 */

/** The activity buttons of a webinar: banner, instalments, customer care, Instagram, master classes, gift. */
export const DEFAULT_ACTIVITY_BUTTONS = [
	'Баннер',
	'Рассрочка (Тинькофф)',
	'Служба заботы о клиентах',
	'Инстаграм',
	'Мастер-классы',
	'Подарок',
];

const DIGRAPHS: Array<[RegExp, string]> = [
	[/shch/g, 'щ'],
	[/sh/g, 'ш'],
	[/ch/g, 'ч'],
	[/zh/g, 'ж'],
	[/kh/g, 'х'],
	[/ts/g, 'ц'],
	[/ya/g, 'я'],
	[/yu/g, 'ю'],
	[/yo/g, 'е'],
];
const LETTERS: Record<string, string> = {
	a: 'а',
	b: 'б',
	c: 'к',
	d: 'д',
	e: 'е',
	f: 'ф',
	g: 'г',
	h: 'х',
	i: 'и',
	j: 'дж',
	k: 'к',
	l: 'л',
	m: 'м',
	n: 'н',
	o: 'о',
	p: 'п',
	q: 'к',
	r: 'р',
	s: 'с',
	t: 'т',
	u: 'у',
	v: 'в',
	w: 'в',
	x: 'кс',
	y: 'и',
	z: 'з',
};

/** The comparable words of a button name. */
export function buttonWords(name: string): string[] {
	let text = name.toLowerCase().replace(/ё/g, 'е');
	for (const [pattern, replacement] of DIGRAPHS) text = text.replace(pattern, replacement);
	text = text.replace(/[a-z]/g, (letter) => LETTERS[letter]).replace(/[ьъ]/g, '');
	const words = text
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean)
		.map((word) => word.replace(/(\p{L})\1+/gu, '$1'));
	const significant = words.filter((word) => word.length >= 3 || /^\d+$/.test(word));
	return significant.length > 0 ? significant : words;
}

/** Two words are one when equal, or when they share all but the last two letters of the shorter (endings). */
function sameWord(a: string, b: string): boolean {
	if (a === b) return true;
	const shorter = Math.min(a.length, b.length);
	if (shorter < 4) return false;
	let common = 0;
	while (common < shorter && a[common] === b[common]) common++;
	return common >= Math.max(4, shorter - 2);
}

export class ActivityButtonMatcher {
	private readonly listed: Array<{ name: string; words: string[]; joined: string }>;
	private readonly cache = new Map<string, string | null>();

	constructor(buttons: string[]) {
		this.listed = buttons
			.map((name) => name.trim())
			.filter(Boolean)
			.map((name) => {
				const words = buttonWords(name);
				return { name, words, joined: words.join('') };
			})
			.filter((button) => button.words.length > 0);
	}

	get isEmpty(): boolean {
		return this.listed.length === 0;
	}

	/** The listed button a clicked name stands for, or null when it is not an activity button. */
	match(clicked: string): string | null {
		const cached = this.cache.get(clicked);
		if (cached !== undefined) return cached;
		const words = buttonWords(clicked);
		const joined = words.join('');
		// Word by word, or the whole name written together ("Masterclass" for "Мастер-классы").
		const found = this.listed.find(
			(button) =>
				button.words.every((w) => words.some((c) => sameWord(w, c))) ||
				(Math.abs(button.joined.length - joined.length) <= 2 && sameWord(button.joined, joined)),
		);
		const result = found ? found.name : null;
		this.cache.set(clicked, result);
		return result;
	}

	/** The listed buttons among the clicked ones, each once, in the order listed. */
	matchAll(clicked: string[]): string[] {
		if (clicked.length === 0) return [];
		const hits = new Set<string>();
		for (const name of clicked) {
			const hit = this.match(name);
			if (hit) hits.add(hit);
		}
		return this.listed.filter((button) => hits.has(button.name)).map((button) => button.name);
	}
}

/** Splits a cell such as "Баннер, Подарок; Инстаграм" into button names. */
export function splitButtonList(value: unknown): string[] {
	if (value === null || value === undefined || value === '') return [];
	if (Array.isArray(value)) return value.flatMap((v) => splitButtonList(v));
	if (typeof value === 'object') {
		const named = value as Record<string, unknown>;
		const title = named.title ?? named.name ?? named.text ?? named.label;
		return typeof title === 'string' && title.trim() ? [title.trim()] : [];
	}
	return String(value)
		.split(/\s*(?:[,;|\n]|\s\/\s)\s*/)
		.map((part) => part.trim())
		.filter(Boolean);
}

/** The Activity Buttons parameter: names separated by commas, semicolons or new lines. */
export function parseActivityButtons(text: string): string[] {
	return text
		.split(/\s*[,;\n]\s*/)
		.map((name) => name.trim())
		.filter(Boolean);
}
