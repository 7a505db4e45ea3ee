import { DateTime } from 'luxon';

import {
	cadenceProblems,
	decideNextCall,
	type CadenceInput,
	type CallAttempt,
} from '../../../../../nodes/shared/funnel/calls/cadence';
import { CADENCE_PRESETS, presetOf } from '../../../../../nodes/shared/funnel/calls/cadencePresets';
import { isForeignPhone, phoneKind } from '../../../../../nodes/shared/funnel/calls/phoneKind';

const seed001 = CADENCE_PRESETS.webinarFunnel;
const seed003 = CADENCE_PRESETS.leadHandling;
const MOBILE = '+79161234567';
const LANDLINE = '+74951234567';

/** A local time in a zone as ISO UTC. */
function at(local: string, zone = 'Europe/Moscow'): string {
	return DateTime.fromISO(local, { zone }).toUTC().toISO() as string;
}

function retry(input: CadenceInput, cadence = seed003) {
	const decision = decideNextCall(input, cadence);
	if (decision.decision !== 'retry')
		throw new Error(`expected a retry, got ${JSON.stringify(decision)}`);
	return decision;
}

const noAnswer = (local: string, zone?: string): CallAttempt => ({
	at: at(local, zone),
	outcome: 'no_answer',
});

describe('the decision after a call', () => {
	test('an answered last call is Reached, with the failed attempts before it', () => {
		const decision = decideNextCall(
			{
				attempts: [
					noAnswer('2024-03-14T10:00'),
					noAnswer('2024-03-14T12:00'),
					{ at: at('2024-03-15T11:00'), outcome: 'answered' },
				],
				phone: MOBILE,
				now: at('2024-03-15T11:05'),
				zone: 'Europe/Moscow',
			},
			seed001,
		);
		expect(decision).toEqual({
			decision: 'reached',
			failedAttempts: 2,
			reachedAt: at('2024-03-15T11:00'),
		});
	});

	test('seed 001: the third failed call is Exhausted ("Не дозвонились более 3 раз")', () => {
		const attempts = [
			noAnswer('2024-03-14T10:00'),
			noAnswer('2024-03-14T12:30'),
			{ at: at('2024-03-15T10:00'), outcome: 'busy' as const },
		];
		expect(
			decideNextCall(
				{ attempts, phone: MOBILE, now: at('2024-03-15T10:01'), zone: 'Europe/Moscow' },
				seed001,
			),
		).toEqual({
			decision: 'exhausted',
			attempt: 3,
			reason: '3 attempts without a conversation (the cadence allows 3)',
		});
		expect(
			retry(
				{
					attempts: attempts.slice(0, 2),
					phone: MOBILE,
					now: at('2024-03-14T12:31'),
					zone: 'Europe/Moscow',
				},
				seed001,
			),
		).toMatchObject({ attempt: 2, nextAttempt: 3 });
	});

	test('seed 003: six failed calls still retry, the seventh is Exhausted', () => {
		const six = [10, 12, 14].flatMap((h) => [
			noAnswer(`2024-03-11T${h}:00`),
			noAnswer(`2024-03-12T${h}:00`),
		]);
		expect(
			retry({ attempts: six, phone: MOBILE, now: at('2024-03-12T14:01'), zone: 'Europe/Moscow' }),
		).toMatchObject({ attempt: 6, nextAttempt: 7 });
		expect(
			decideNextCall(
				{
					attempts: [...six, noAnswer('2024-03-13T10:00')],
					phone: MOBILE,
					now: at('2024-03-13T10:01'),
					zone: 'Europe/Moscow',
				},
				seed003,
			),
		).toMatchObject({
			decision: 'exhausted',
			attempt: 7,
		});
	});

	test('a conversation starts a new series: earlier failures no longer count', () => {
		const attempts = [
			noAnswer('2024-03-11T10:00'),
			noAnswer('2024-03-11T12:00'),
			{ at: at('2024-03-11T14:00'), outcome: 'answered' as const },
			noAnswer('2024-03-18T10:00'),
		];
		expect(
			retry(
				{ attempts, phone: MOBILE, now: at('2024-03-18T10:01'), zone: 'Europe/Moscow' },
				seed001,
			),
		).toMatchObject({ attempt: 1, nextAttempt: 2 });
	});

	test('a wrong number ends the series at once', () => {
		expect(
			decideNextCall(
				{
					attempts: [{ at: at('2024-03-15T10:00'), outcome: 'wrong_number' }],
					phone: MOBILE,
					now: at('2024-03-15T10:01'),
					zone: 'Europe/Moscow',
				},
				seed003,
			),
		).toEqual({
			decision: 'exhausted',
			attempt: 1,
			reason: 'wrong number: calling again cannot help',
		});
	});

	test('seed 001: a number outside +7, or a Kazakh +7 7xx, is a Foreign number; seed 003 calls Kazakhstan', () => {
		const call = [noAnswer('2024-03-15T10:00')];
		const input = (phone: string) => ({
			attempts: call,
			phone,
			now: at('2024-03-15T10:01'),
			zone: 'Europe/Moscow',
		});
		expect(decideNextCall(input('+4930123456'), seed001)).toMatchObject({
			decision: 'foreign',
			phone: '+4930123456',
			country: 'DE',
		});
		expect(decideNextCall(input('+77011234567'), seed001)).toMatchObject({
			decision: 'foreign',
			country: 'KZ',
			reason: expect.stringContaining('Kazakh'),
		});
		expect(decideNextCall(input('+77011234567'), seed003)).toMatchObject({ decision: 'retry' });
		expect(decideNextCall(input('+4930123456'), seed003)).toMatchObject({ decision: 'foreign' });
		expect(decideNextCall(input('+4930123456'), { ...seed003, foreign: 'never' })).toMatchObject({
			decision: 'retry',
		});
	});

	test('a foreign client who answered is Reached', () => {
		expect(
			decideNextCall(
				{
					attempts: [{ at: at('2024-03-15T10:00'), outcome: 'answered' }],
					phone: '+4930123456',
					now: at('2024-03-15T10:05'),
					zone: 'Europe/Moscow',
				},
				seed001,
			),
		).toMatchObject({ decision: 'reached' });
	});

	test('bad times are refused with the value', () => {
		expect(() =>
			decideNextCall(
				{
					attempts: [{ at: 'вчера', outcome: 'busy' }],
					phone: MOBILE,
					now: at('2024-03-15T10:00'),
					zone: 'Europe/Moscow',
				},
				seed003,
			),
		).toThrow('"вчера"');
		expect(() =>
			decideNextCall({ attempts: [], phone: MOBILE, now: 'later', zone: 'Europe/Moscow' }, seed003),
		).toThrow('"later"');
	});
});

describe('when the next call is planned', () => {
	const moscow = (attempts: CallAttempt[], now: string, phone = MOBILE) =>
		retry({ attempts, phone, now: at(now), zone: 'Europe/Moscow' });

	test('two hours after a mobile call, inside the window', () => {
		expect(moscow([noAnswer('2024-03-15T11:00')], '2024-03-15T11:01')).toMatchObject({
			nextAttemptLocal: '2024-03-15 13:00',
			nextAttemptAt: '2024-03-15T10:00:00.000Z',
			kind: 'mobile',
			reason: '120 min after the last call',
		});
	});

	test('window edges: 17:00 + 2 h is 19:00, the closing minute, so the next working morning; 16:59 + 2 h is 18:59', () => {
		expect(moscow([noAnswer('2024-03-15T16:59')], '2024-03-15T17:00').nextAttemptLocal).toBe(
			'2024-03-15 18:59',
		);
		expect(moscow([noAnswer('2024-03-14T17:00')], '2024-03-14T17:01')).toMatchObject({
			nextAttemptLocal: '2024-03-15 10:00',
			reason: 'at the next calling hours',
		});
	});

	test('a call made before opening is followed at opening + gap at the earliest; a decision at night waits for the morning', () => {
		expect(moscow([noAnswer('2024-03-15T07:30')], '2024-03-15T07:31').nextAttemptLocal).toBe(
			'2024-03-15 10:00',
		);
		expect(moscow([noAnswer('2024-03-15T09:00')], '2024-03-15T09:01').nextAttemptLocal).toBe(
			'2024-03-15 11:00',
		);
		expect(moscow([noAnswer('2024-03-14T18:30')], '2024-03-15T02:00').nextAttemptLocal).toBe(
			'2024-03-15 10:00',
		);
	});

	test('weekends: Friday evening → Monday 10:00; a call on Saturday → Monday', () => {
		expect(moscow([noAnswer('2024-03-15T18:00')], '2024-03-15T18:01').nextAttemptLocal).toBe(
			'2024-03-18 10:00',
		);
		expect(moscow([noAnswer('2024-03-16T12:00')], '2024-03-16T12:01').nextAttemptLocal).toBe(
			'2024-03-18 10:00',
		);
	});

	test('holidays are skipped like weekends', () => {
		const withHolidays = { ...seed003, holidays: ['2024-05-01', '2024-05-02', '2024-05-03'] };
		expect(
			retry(
				{
					attempts: [noAnswer('2024-04-30T18:00')],
					phone: MOBILE,
					now: at('2024-04-30T18:01'),
					zone: 'Europe/Moscow',
				},
				withHolidays,
			).nextAttemptLocal,
		).toBe('2024-05-06 10:00');
	});

	test('per-day cap: the third mobile call of a day moves the next one to the next working day', () => {
		const day = [
			noAnswer('2024-03-13T10:00'),
			noAnswer('2024-03-13T12:00'),
			noAnswer('2024-03-13T14:00'),
		];
		expect(moscow(day.slice(0, 2), '2024-03-13T12:01').nextAttemptLocal).toBe('2024-03-13 14:00');
		expect(moscow(day, '2024-03-13T14:01')).toMatchObject({
			nextAttemptLocal: '2024-03-14 10:00',
			reason: '3 calls on 2024-03-13 already (at most 3 a day): the next calling day',
		});
	});

	test('landlines: any number of calls a day, an hour apart by the preset', () => {
		const day = [10, 11, 12, 13].map((h) => noAnswer(`2024-03-13T${h}:00`));
		expect(moscow(day, '2024-03-13T13:01', LANDLINE)).toMatchObject({
			kind: 'landline',
			nextAttemptLocal: '2024-03-13 14:00',
		});
		expect(phoneKind(LANDLINE)).toBe('landline');
		expect(phoneKind(MOBILE)).toBe('mobile');
		expect(phoneKind(null)).toBe('mobile');
	});

	test("the window is in the lead's zone: 10:00 in Almaty is not 10:00 in Moscow", () => {
		const almaty = retry({
			attempts: [{ at: '2024-03-15T13:30:00Z', outcome: 'no_answer' }],
			phone: MOBILE,
			now: '2024-03-15T13:31:00Z',
			zone: 'Asia/Almaty',
		});
		expect(almaty).toMatchObject({ nextAttemptLocal: '2024-03-18 10:00', zone: 'Asia/Almaty' });
		const moscowLead = retry({
			attempts: [{ at: '2024-03-15T13:30:00Z', outcome: 'no_answer' }],
			phone: MOBILE,
			now: '2024-03-15T13:31:00Z',
			zone: 'Europe/Moscow',
		});
		expect(moscowLead.nextAttemptLocal).toBe('2024-03-15 18:30');
	});
});

describe('DST: Europe/Berlin changes its clocks, Europe/Moscow does not', () => {
	const berlin = (attempts: CallAttempt[], now: string, cadence = seed003) =>
		retry(
			{ attempts, phone: MOBILE, now: at(now, 'Europe/Berlin'), zone: 'Europe/Berlin' },
			cadence,
		);
	const everyDay = { ...seed003, workingDays: null };

	test('the morning after spring forward opens at 10:00 local, which is 08:00 UTC instead of 09:00', () => {
		const before = berlin(
			[noAnswer('2024-03-30T18:00', 'Europe/Berlin')],
			'2024-03-30T18:01',
			everyDay,
		);
		expect(before).toMatchObject({
			nextAttemptLocal: '2024-03-31 10:00',
			nextAttemptAt: '2024-03-31T08:00:00.000Z',
		});
		const after = berlin(
			[noAnswer('2024-10-26T18:00', 'Europe/Berlin')],
			'2024-10-26T18:01',
			everyDay,
		);
		expect(after).toMatchObject({
			nextAttemptLocal: '2024-10-27 10:00',
			nextAttemptAt: '2024-10-27T09:00:00.000Z',
		});
	});

	test('a two-hour gap across the change is two real hours', () => {
		const nightOwl = { ...everyDay, hours: { start: '00:00', end: '23:59' } };
		const spring = berlin(
			[noAnswer('2024-03-31T01:30', 'Europe/Berlin')],
			'2024-03-31T01:31',
			nightOwl,
		);
		expect(spring).toMatchObject({
			nextAttemptAt: '2024-03-31T02:30:00.000Z',
			nextAttemptLocal: '2024-03-31 04:30',
		});
		const autumn = berlin(
			[noAnswer('2024-10-27T01:30', 'Europe/Berlin')],
			'2024-10-27T01:31',
			nightOwl,
		);
		expect(autumn).toMatchObject({
			nextAttemptAt: '2024-10-27T01:30:00.000Z',
			nextAttemptLocal: '2024-10-27 02:30',
		});
	});

	test('Moscow keeps 10:00 = 07:00 UTC all year', () => {
		for (const date of ['2024-01-15', '2024-03-31', '2024-07-15', '2024-10-28']) {
			const day = DateTime.fromISO(date, { zone: 'Europe/Moscow' });
			const decision = retry(
				{
					attempts: [noAnswer(`${day.minus({ days: 1 }).toISODate()}T18:30`)],
					phone: MOBILE,
					now: at(`${day.minus({ days: 1 }).toISODate()}T18:31`),
					zone: 'Europe/Moscow',
				},
				{ ...seed003, workingDays: null },
			);
			expect(decision.nextAttemptAt).toBe(`${date}T07:00:00.000Z`);
		}
	});
});

describe('the next attempt always falls inside the window (many random histories)', () => {
	test.each(['Europe/Berlin', 'Europe/Moscow', 'America/New_York', 'Asia/Almaty'])(
		'%s, around both DST changes',
		(zone) => {
			let state = 99;
			const random = (below: number) => {
				state = (state * 1103515245 + 12345) % 2 ** 31;
				return state % below;
			};
			const cadence = { ...seed003, maxAttempts: 50, hours: { start: '09:30', end: '18:15' } };
			const starts = [
				Date.parse('2024-03-08T00:00:00Z'),
				Date.parse('2024-03-29T00:00:00Z'),
				Date.parse('2024-10-25T00:00:00Z'),
				Date.parse('2024-11-01T00:00:00Z'),
			];
			for (let i = 0; i < 400; i++) {
				const base = starts[i % starts.length] + random(5 * 24 * 60) * 60_000;
				const count = 1 + random(6);
				const attempts: CallAttempt[] = Array.from({ length: count }, (_, k) => ({
					at: new Date(base + k * random(300) * 60_000).toISOString(),
					outcome: 'no_answer',
				}));
				const lastMs = Math.max(...attempts.map((a) => Date.parse(a.at)));
				const nowMs = lastMs + random(600) * 60_000;
				const kind = random(2) === 0 ? 'mobile' : 'landline';
				const decision = retry(
					{ attempts, phone: null, kind, now: new Date(nowMs).toISOString(), zone },
					cadence,
				);
				const next = DateTime.fromISO(decision.nextAttemptAt, { zone });
				const minutes = next.hour * 60 + next.minute;
				const rule = kind === 'mobile' ? cadence.mobile : cadence.landline;
				expect(minutes).toBeGreaterThanOrEqual(9 * 60 + 30);
				expect(minutes).toBeLessThan(18 * 60 + 15);
				expect(next.weekday).toBeLessThanOrEqual(5);
				expect(next.toMillis()).toBeGreaterThanOrEqual(nowMs);
				expect(next.toMillis()).toBeGreaterThanOrEqual(lastMs + rule.minGapMinutes * 60_000);
				if (rule.maxPerDay !== null) {
					const sameDay = attempts.filter(
						(a) => DateTime.fromISO(a.at, { zone }).toISODate() === next.toISODate(),
					).length;
					expect(sameDay).toBeLessThan(rule.maxPerDay);
				}
				expect(decision.nextAttemptLocal).toBe(next.toFormat('yyyy-MM-dd HH:mm'));
			}
		},
	);
});

describe('cadence settings are checked before use', () => {
	test('says what is wrong, in words', () => {
		expect(cadenceProblems(seed003, 'Europe/Moscow')).toEqual([]);
		expect(
			cadenceProblems(
				{
					...seed003,
					maxAttempts: 0,
					hours: { start: '19:00', end: '10:00' },
					workingDays: [],
					mobile: { maxPerDay: 0, minGapMinutes: -1 },
				},
				'Mars/Base',
			),
		).toEqual([
			'"Mars/Base" is not a time zone (use an IANA name such as Europe/Moscow)',
			'calling hours 19:00–10:00 are empty: the start must be before the end',
			'no working day is chosen: choose at least one day of the week',
			'the number of attempts must be 1 or more',
			'calls a day to a mobile must be 1 or more (or no limit)',
			'minutes between calls to a mobile must be 0 or more',
		]);
		expect(
			cadenceProblems({ ...seed003, hours: { start: '10', end: '25:00' } }, 'Europe/Moscow'),
		).toEqual([
			'calling hours start "10" is not a time (write 10:00)',
			'calling hours end "25:00" is not a time (write 19:00)',
		]);
	});

	test('foreign rules', () => {
		expect(isForeignPhone('+79161234567', 'notRussia')).toBe(false);
		expect(isForeignPhone('+77011234567', 'notRussia')).toBe(true);
		expect(isForeignPhone('+77011234567', 'notPlusSeven')).toBe(false);
		expect(isForeignPhone('+375291234567', 'notPlusSeven')).toBe(true);
		expect(isForeignPhone(null, 'notPlusSeven')).toBe(false);
	});
});

describe('the stored Cadence values', () => {
	test("name today's presets and the values version 0.1 stored; anything else is no preset", () => {
		expect(presetOf('webinarFunnel')).toBe('webinarFunnel');
		expect(presetOf('leadHandling')).toBe('leadHandling');
		expect(presetOf('seed001')).toBe('webinarFunnel');
		expect(presetOf('seed003')).toBe('leadHandling');
		expect(presetOf('custom')).toBeUndefined();
		expect(presetOf('toString')).toBeUndefined();
	});
});
