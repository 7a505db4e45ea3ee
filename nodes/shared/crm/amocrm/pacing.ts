import { sleep } from 'n8n-workflow';

/**
 * Keeps one n8n process under amoCRM's 7 requests a second per account, shared by every execution in the process,
 * with as many requests in flight as that allows.
 *
 * amoCRM counts a request when it *arrives*, which is somewhere after our start: the request still has to leave
 * this process (an event loop busy elsewhere delays it), cross the network and reach amoCRM's limiter. Write s for
 * a request's start here, a for its arrival there, r for its answer here, W for amoCRM's window (1 s), N for its
 * limit (7). amoCRM refuses a request when N others arrived within W before it.
 *
 * What we know of an arrival: s ≤ a ≤ r always, and a ≤ s + J for J the spread of the delay between a start and
 * its arrival (how much later one request may arrive than another started at the same moment; a delay every
 * request shares shifts every arrival alike and changes nothing). So a request's arrival lies in [s, e] with
 * e = min(r, s + J) — e is known at the start (s + J) and only moves earlier when the answer comes first.
 *
 * The bound. Start a request at s only while at most N − 1 other requests have e + W > s. Then no N + 1 requests
 * ever arrive within W: take N + 1 arrivals inside a window [t, t + W) and the one among them that started last,
 * at s_n; every other arrived after t > a_n − W ≥ s_n − W, so each has e ≥ a > s_n − W, i.e. e + W > s_n — N of
 * them, which the rule forbade at s_n. In steady state, with answers slower than J, e = s + J and the rule means:
 * **at most N starts in any W + J**, i.e. N ÷ (W + J) requests a second, however many are in flight — the latency
 * is hidden, only the spread J costs. (Holding a place until the answer instead, e = r, is the same bound with
 * J = the whole latency: N ÷ (W + latency) a second, which is what latency cost before requests overlapped.)
 *
 * J is an assumption about this machine and its network, 150 ms here. A stall of this process's event loop can
 * hold a started request back longer than that; the pacer notices stalls when a wait of its own ends late, and then
 * treats every request still out as possibly leaving only now (its e moves to the stall's end + J). A 429 that
 * still gets through (a stall seen by nobody waiting, another client on the same account) is handled below.
 *
 * After a 429 the account's budget is evidently smaller than the credential says (another integration, or another
 * n8n worker, uses part of it): every request to that account holds off together for at least a window, and the
 * pace is halved (down to one a second), then earns one request a second back per calm 10 s. amoCRM bans an account
 * that keeps exceeding its limit, so a fixed pace that is too high must not keep hitting it. This is pacing, not
 * correctness: in queue mode each worker paces itself, and the halving is what keeps several workers under one limit.
 * Starts are also spread at least W ÷ pace apart, so amoCRM sees an even stream rather than bursts.
 */
/** amoCRM's one-second window, and 10 ms for the two clocks' rounding. */
export const WINDOW_MS = 1010;
/** J: how much later than another request started at the same moment a request may reach amoCRM. */
export const ARRIVAL_SPREAD_MS = 150;
/** A wait of the pacer that ends this much later than asked means the event loop stalled meanwhile. */
const STALL_MS = 50;
/** Calm time that earns one more request a second after a slowdown. */
const RECOVER_MS = 10_000;

export interface PaceClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const realClock: PaceClock = { now: () => Date.now(), sleep };

interface Place {
	startedAt: number;
	/** When the answer (or the failure) came back; null while the request is out. */
	answeredAt: number | null;
	/** e before the answer: the latest the request may reach amoCRM (moved on by a stall). */
	arrivalBy: number;
}

interface AccountPace {
	places: Place[];
	lastStart: number;
	holdUntil: number;
	/** The credential's pace, as last asked for. */
	configured: number;
	/** The pace after a 429, or null at full pace. */
	reduced: number | null;
	/** When the last slowdown happened (recovery counts from here). */
	slowedAt: number;
}

const accounts = new Map<string, AccountPace>();

function paceOf(key: string): AccountPace {
	let pace = accounts.get(key);
	if (!pace) {
		pace = {
			places: [],
			lastStart: -Infinity,
			holdUntil: 0,
			configured: 7,
			reduced: null,
			slowedAt: 0,
		};
		accounts.set(key, pace);
	}
	return pace;
}

/** Requests a second allowed now: the configured pace, or the reduced one recovering by one per calm 10 s. */
export function currentPace(key: string, now = Date.now()): number {
	const pace = paceOf(key);
	if (pace.reduced === null) return pace.configured;
	const recovered = pace.reduced + Math.floor((now - pace.slowedAt) / RECOVER_MS);
	if (recovered >= pace.configured) {
		pace.reduced = null;
		return pace.configured;
	}
	return recovered;
}

/** e + W: when a place stops counting against new starts. */
function freedAt(place: Place): number {
	return Math.min(place.answeredAt ?? Infinity, place.arrivalBy) + WINDOW_MS;
}

/** How long a new request must wait before it may start now (0: go). */
function waitBeforeStart(pace: AccountPace, limit: number, now: number): number {
	if (now < pace.holdUntil) return pace.holdUntil - now;
	const spread = Math.ceil(WINDOW_MS / limit);
	if (now - pace.lastStart < spread) return pace.lastStart + spread - now;
	pace.places = pace.places.filter((place) => freedAt(place) > now);
	if (pace.places.length < limit) return 0;
	// Room opens when enough places free up to leave one under the limit.
	const frees = pace.places.map(freedAt).sort((a, b) => a - b);
	return frees[pace.places.length - limit] - now;
}

/** The loop stood still until `now`: a request still out may have left only now. */
function noteStall(pace: AccountPace, stalledFrom: number, now: number) {
	for (const place of pace.places)
		if (place.answeredAt === null && place.arrivalBy > stalledFrom)
			place.arrivalBy = Math.max(place.arrivalBy, now + ARRIVAL_SPREAD_MS);
}

/**
 * Waits for a place under the account's pace and takes it. Call the returned function when the answer (or the
 * failure) is back: the place then counts until a window after the earlier of the answer and the latest arrival.
 */
export async function takeRequestSlot(
	key: string,
	perSecond: number,
	clock: PaceClock = realClock,
): Promise<() => void> {
	const pace = paceOf(key);
	pace.configured = Math.max(1, Math.floor(perSecond));
	for (;;) {
		const now = clock.now();
		const wait = waitBeforeStart(pace, currentPace(key, now), now);
		if (wait > 0) {
			await clock.sleep(wait);
			const woke = clock.now();
			if (woke - (now + wait) > STALL_MS) noteStall(pace, now + wait, woke);
			continue;
		}
		const place: Place = {
			startedAt: now,
			answeredAt: null,
			arrivalBy: now + ARRIVAL_SPREAD_MS,
		};
		pace.places.push(place);
		pace.lastStart = now;
		return () => {
			place.answeredAt ??= clock.now();
		};
	}
}

/**
 * After a 429: nobody in this process calls that account again before `ms` (and at least a full window) has
 * passed, and the pace is halved — once per window, however many requests were refused together.
 */
export function holdOff(key: string, ms: number, now = Date.now()) {
	const pace = paceOf(key);
	if (pace.reduced === null || now - pace.slowedAt > WINDOW_MS) {
		pace.reduced = Math.max(1, Math.floor(currentPace(key, now) / 2));
		pace.slowedAt = now;
	}
	pace.holdUntil = Math.max(pace.holdUntil, now + Math.max(ms, WINDOW_MS));
}
