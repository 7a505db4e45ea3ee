import { captureLeads, type CapturePreset } from '../../../nodes/shared/funnel/capture/capture';
import { readCallResult } from '../../../nodes/shared/funnel/calls/readCall';
import { normalizeEmail } from '../../../nodes/shared/funnel/email';
import { detectLeadFields } from '../../../nodes/shared/funnel/fieldDetection';
import { normalizeLead } from '../../../nodes/shared/funnel/lead';
import { normalizePhone, splitPhones } from '../../../nodes/shared/funnel/phone';
import { parseCsv } from '../../../nodes/shared/funnel/webinar/csv';
import { webhookBody, webhookEvents } from '../../../nodes/shared/crm/amocrm/webhookPayload';
import { plainText } from '../../../nodes/shared/funnel/text';
import { unflattenBrackets } from '../../../nodes/shared/n8n/brackets';
import {
	anyObject,
	anyValue,
	BAD_EMAILS,
	BAD_PHONES,
	fuzzLead,
	fuzzTally,
	HOSTILE_STRINGS,
	prototypePolluted,
	Random,
	tally,
} from '../../support/fuzz';

/**
 * The domain cores take whatever a form, a chat or a telephony sends. Thousands of seeded hostile inputs per core:
 * none may throw, hang (a bad regular expression), pollute Object.prototype, or lose a request.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_901);
/**
 * A core that spends this much CPU time on one input is stuck (catastrophic backtracking), not slow: a normal input
 * takes well under a millisecond. CPU time, not the wall clock: other processes on a busy machine stretch the
 * wall clock, not the time this process computes.
 */
const HANG_CPU_MS = 2_000;

function cpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

/** What a sender would put on the wire (a lone surrogate cannot be encoded; senders replace it). */
function formEncode(text: string): string {
	return encodeURIComponent(
		text.replace(
			/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
			'\uFFFD',
		),
	);
}

function timed<T>(what: string, work: () => T): T {
	const started = cpuMs();
	const result = work();
	const took = Math.round(cpuMs() - started);
	if (took > HANG_CPU_MS) throw new Error(`${what} took ${took} ms of CPU on one input: a hang`);
	return result;
}

function forEachCase(suite: string, seed: number, run: (random: Random, k: number) => void) {
	const random = new Random(seed);
	for (let k = 0; k < CASES; k++) {
		try {
			run(random, k);
		} catch (error) {
			throw new Error(`${suite}, seed ${seed}, case ${k}: ${(error as Error).message}`);
		}
		if (prototypePolluted())
			throw new Error(`${suite}, seed ${seed}, case ${k}: Object.prototype was polluted`);
	}
	tally(suite, CASES);
}

afterAll(() => {
	const total = [...fuzzTally.values()].reduce((a, b) => a + b, 0);
	process.stdout.write(
		`fuzz (cores): ${total} inputs — ${[...fuzzTally].map(([s, n]) => `${s} ${n}`).join(', ')}\n`,
	);
});

describe('domain cores under hostile input (seeded fuzz)', () => {
	test('phones: every input is either a valid E.164 number or refused with a reason; never a throw', () => {
		forEachCase('normalizePhone', SEED + 1, (random) => {
			const input = random.chance(0.5) ? random.pick(BAD_PHONES) : anyValue(random, 1);
			const result = timed('normalizePhone', () =>
				normalizePhone(input, { defaultCountry: random.pick(['RU', 'KZ', 'DE', 'XX', '']) }),
			);
			if (result.ok) expect(result.e164).toMatch(/^\+[1-9]\d{6,14}$/);
			else expect(typeof result.reason).toBe('string');
			expect(Array.isArray(timed('splitPhones', () => splitPhones(input)))).toBe(true);
		});
	});

	test('emails: valid ones are trimmed, lower-cased and have one @; the rest are refused with a reason', () => {
		forEachCase('normalizeEmail', SEED + 2, (random) => {
			const input = random.chance(0.5) ? random.pick(BAD_EMAILS) : anyValue(random, 1);
			const result = timed('normalizeEmail', () => normalizeEmail(input));
			if (result.ok) {
				expect(result.address).toBe(result.address.trim().toLowerCase());
				expect(result.address.split('@')).toHaveLength(2);
			} else expect(typeof result.reason).toBe('string');
		});
	});

	test('a lead draft of any shape becomes a lead, valid or with the reason it is not', () => {
		forEachCase('normalizeLead', SEED + 3, (random) => {
			const draft = fuzzLead(random);
			const result = timed('normalizeLead', () =>
				normalizeLead(
					{
						...draft,
						receivedAt: anyValue(random, 0),
						utmFields: random.chance(0.3)
							? (anyObject(random, 0) as Record<string, string>)
							: undefined,
						cookies: anyValue(random, 0),
						pageUrl: anyValue(random, 0),
					},
					{
						requiredContact: random.pick(['any', 'phone', 'email', 'both', 'none'] as const),
						timezone: random.pick(['Europe/Moscow', 'Not/AZone', '']),
					},
				),
			);
			expect(typeof result.lead.name).toBe('string');
			if (!result.valid) expect(result.reason).not.toBe('');
			if (result.lead.phone !== null) expect(result.lead.phone).toMatch(/^\+\d+$/);
			// Names are data: whatever was typed (CSV-injection strings included) is kept as text, not dropped or run.
			if (typeof draft.name === 'string' && draft.name.trim().startsWith('='))
				expect(result.lead.name.startsWith('=')).toBe(true);
		});
	});

	test('Lead Capture reads any body of any content type into leads or Invalid items; nothing is dropped', () => {
		const types = [
			'application/json',
			'application/x-www-form-urlencoded',
			'multipart/form-data',
			'text/plain',
			'text/html',
			'application/xml',
			'',
			'application/octet-stream',
		];
		forEachCase('captureLeads', SEED + 4, (random) => {
			const bodyKind = random.int(0, 4);
			const body =
				bodyKind === 0
					? anyObject(random, 3)
					: bodyKind === 1
						? random.pick(HOSTILE_STRINGS)
						: bodyKind === 2
							? anyValue(random, 2)
							: bodyKind === 3
								? { data: anyObject(random, 2) }
								: fuzzLead(random);
			const outcome = timed('captureLeads', () =>
				captureLeads(
					{
						body,
						contentType: random.pick(types),
						query: random.chance(0.3) ? anyObject(random, 1) : {},
					},
					{
						preset: random.pick(['auto', 'tilda', 'form', 'messenger'] as CapturePreset[]),
						lead: { requiredContact: 'any', keepRaw: random.chance(0.5) },
					},
				),
			);
			if (outcome.kind === 'leads') {
				expect(outcome.leads.length + outcome.invalid.length).toBeGreaterThan(0);
				for (const invalid of outcome.invalid) expect(invalid.invalidReason).not.toBe('');
			}
		});
	});

	test('bracket form keys never write through __proto__ or constructor, whatever they are', () => {
		const paths = [
			'__proto__[polluted]',
			'constructor[prototype][polluted]',
			'a[__proto__][isAdmin]',
			'leads[add][0][name]',
			'a[b][c][d][e]',
			'[]',
			'a]b[',
			'a[',
			'a[0][1][2]',
			'x[constructor][prototype][isAdmin]',
		];
		forEachCase('unflattenBrackets', SEED + 5, (random) => {
			const flat: Record<string, unknown> = {};
			for (let i = random.int(1, 6); i > 0; i--) {
				const key = random.chance(0.6)
					? random.pick(paths)
					: `${random.pick(HOSTILE_STRINGS).slice(0, 30)}[${random.pick(HOSTILE_STRINGS).slice(0, 20)}]`;
				Object.defineProperty(flat, key, {
					value: anyValue(random, 1),
					enumerable: true,
					writable: true,
					configurable: true,
				});
			}
			const nested = timed('unflattenBrackets', () => unflattenBrackets(flat));
			expect(typeof nested).toBe('object');
		});
	});

	test('amoCRM webhook deliveries of any shape give events or none, never a throw', () => {
		forEachCase('amoCRM webhook payload', SEED + 6, (random) => {
			const raw = random.chance(0.5)
				? Object.entries(anyObject(random, 1))
						.map(
							([k, v]) =>
								`${formEncode(`leads[${random.pick(['add', 'status', 'update', '__proto__'])}][0][${k}]`)}=${formEncode(plainText(v))}`,
						)
						.join('&')
				: random.pick(HOSTILE_STRINGS);
			const body = timed('webhookBody', () =>
				webhookBody(raw, random.chance(0.5) ? anyObject(random, 2) : undefined),
			);
			expect(Array.isArray(timed('webhookEvents', () => webhookEvents(body)))).toBe(true);
		});
	});

	test('telephony payloads of any shape are read or called unreadable, never a throw', () => {
		forEachCase('readCallResult', SEED + 7, (random) => {
			const payload = random.chance(0.5)
				? anyObject(random, 3)
				: { headers: {}, body: anyObject(random, 2), query: anyObject(random, 1) };
			const source = random.pick([
				'auto',
				'mango',
				'zadarma',
				'sipuni',
				'onlinePbx',
				'uis',
				'bitrix24',
				'amocrm',
			] as const);
			const parsed = timed('readCallResult', () => readCallResult(payload, source));
			expect(parsed).toBeDefined();
		});
	});

	test('CSV text of any shape parses into rows, and field detection takes any record', () => {
		forEachCase('parseCsv + detectLeadFields', SEED + 8, (random) => {
			const text = Array.from({ length: random.int(0, 6) }, () =>
				Array.from({ length: random.int(0, 5) }, () =>
					random.pick(HOSTILE_STRINGS).slice(0, 200),
				).join(random.pick([',', ';', '\t', '"'])),
			).join(random.pick(['\n', '\r\n', '\r']));
			const rows = timed('parseCsv', () => parseCsv(text));
			expect(Array.isArray(rows)).toBe(true);
			expect(timed('detectLeadFields', () => detectLeadFields(anyObject(random, 2)))).toBeDefined();
		});
	});
});
