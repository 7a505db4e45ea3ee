import { sleep } from 'n8n-workflow';

/**
 * Keeps one n8n process under amoCRM's 7 requests a second per account: at most `perSecond` request starts in
 * any window of a second (plus a margin for network jitter), shared by every execution in the process.
 *
 * After a 429 the account's budget is evidently smaller than the credential says (another integration, or another
 * n8n worker, uses part of it): every request to that account holds off together for at least a window, and the
 * pace is halved (down to one a second), then earns one request a second back per calm 10 s. amoCRM bans an account
 * that keeps exceeding its limit, so a fixed pace that is too high must not keep hitting it. This is pacing, not
 * correctness: in queue mode each worker paces itself, and the halving is what keeps several workers under one limit.
 */
const WINDOW_MS = 1050;
/** Calm time that earns one more request a second after a slowdown. */
const RECOVER_MS = 10_000;

interface AccountPace {
	starts: number[];
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
		pace = { starts: [], holdUntil: 0, configured: 7, reduced: null, slowedAt: 0 };
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

export async function takeRequestSlot(key: string, perSecond: number): Promise<void> {
	const pace = paceOf(key);
	pace.configured = Math.max(1, Math.floor(perSecond));
	for (;;) {
		const now = Date.now();
		if (now < pace.holdUntil) {
			await sleep(pace.holdUntil - now);
			continue;
		}
		const limit = currentPace(key, now);
		pace.starts = pace.starts.filter((t) => now - t < WINDOW_MS);
		if (pace.starts.length < limit) {
			pace.starts.push(now);
			return;
		}
		// Wait until enough of the window's starts have aged out to leave room under the current pace.
		await sleep(pace.starts[pace.starts.length - limit] + WINDOW_MS - now);
	}
}

/**
 * After a 429: nobody in this process calls that account again before `ms` (and at least a full window) has
 * passed, and the pace is halved — once per window, however many requests were refused together.
 */
export function holdOff(key: string, ms: number) {
	const pace = paceOf(key);
	const now = Date.now();
	if (pace.reduced === null || now - pace.slowedAt > WINDOW_MS) {
		pace.reduced = Math.max(1, Math.floor(currentPace(key, now) / 2));
		pace.slowedAt = now;
	}
	pace.holdUntil = Math.max(pace.holdUntil, now + Math.max(ms, WINDOW_MS));
}
