import { sleep } from 'n8n-workflow';

/**
 * Keeps one n8n process under amoCRM's 7 requests a second per account, shared by every execution in the process.
 *
 * amoCRM counts requests when they *arrive*, which is somewhere between our start and our answer; under a loaded
 * event loop a request can leave late while the next ones leave on time. Counting starts alone cannot keep that
 * under the limit (a late burst of 7 then met the next burst inside amoCRM's second: a 429 on CI). So a request
 * holds its place in the window from its start until a window after its answer: whatever the delays on our side,
 * any 8 requests are then more than a second apart at the server. Starts are also spread at least window/pace
 * apart, so amoCRM sees an even stream rather than bursts.
 *
 * After a 429 the account's budget is evidently smaller than the credential says (another integration, or another
 * n8n worker, uses part of it): every request to that account holds off together for at least a window, and the
 * pace is halved (down to one a second), then earns one request a second back per calm 10 s. amoCRM bans an account
 * that keeps exceeding its limit, so a fixed pace that is too high must not keep hitting it. This is pacing, not
 * correctness: in queue mode each worker paces itself, and the halving is what keeps several workers under one limit.
 */
export const WINDOW_MS = 1050;
/** Calm time that earns one more request a second after a slowdown. */
const RECOVER_MS = 10_000;
/** How often a request waiting for an answer to free a place looks again (answers do not wake waiters). */
const IN_FLIGHT_POLL_MS = 25;
/**
 * A request never answered (a caller that lost its release) stops holding a place after this long, so a leak
 * slows the account down instead of stopping it. Longer than any request's timeout.
 */
const ABANDONED_AFTER_MS = 5 * 60_000;

export interface PaceClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

const realClock: PaceClock = { now: () => Date.now(), sleep };

interface Place {
	startedAt: number;
	/** When the answer (or the failure) came back; null while the request is out. */
	answeredAt: number | null;
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

/** When a place frees up: a window after its answer (never, while the request is out). */
function freedAt(place: Place): number {
	const answered = place.answeredAt ?? place.startedAt + ABANDONED_AFTER_MS;
	return answered + WINDOW_MS;
}

/** How long a new request must wait before it may start now (0: go). */
function waitBeforeStart(pace: AccountPace, limit: number, now: number): number {
	if (now < pace.holdUntil) return pace.holdUntil - now;
	const spread = Math.ceil(WINDOW_MS / limit);
	if (now - pace.lastStart < spread) return pace.lastStart + spread - now;
	pace.places = pace.places.filter((place) => place.answeredAt === null || freedAt(place) > now);
	if (pace.places.length < limit) return 0;
	// Room opens when enough places free up to leave one under the pace; a request still out frees nothing yet.
	const frees = pace.places
		.map((place) => (place.answeredAt === null ? Infinity : freedAt(place)))
		.sort((a, b) => a - b);
	const opens = frees[pace.places.length - limit];
	return Number.isFinite(opens) ? opens - now : IN_FLIGHT_POLL_MS;
}

/**
 * Waits for a place under the account's pace and takes it. Call the returned function when the answer (or the
 * failure) is back: the place stays taken until a window after that.
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
			continue;
		}
		const place: Place = { startedAt: now, answeredAt: null };
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
