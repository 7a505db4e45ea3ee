import { sleep } from 'n8n-workflow';

/**
 * Keeps one n8n process under amoCRM's 7 requests a second per account: at most `perSecond` request starts in
 * any window of a second (plus a margin for network jitter), shared by every execution in the process. After a
 * 429 every request to that account holds off together. This is pacing, not correctness: in queue mode each
 * worker paces itself, so the credential's rate is divided by the number of workers (see the credential).
 */
const WINDOW_MS = 1050;

interface AccountPace {
	starts: number[];
	holdUntil: number;
}

const accounts = new Map<string, AccountPace>();

function paceOf(key: string): AccountPace {
	let pace = accounts.get(key);
	if (!pace) {
		pace = { starts: [], holdUntil: 0 };
		accounts.set(key, pace);
	}
	return pace;
}

export async function takeRequestSlot(key: string, perSecond: number): Promise<void> {
	const limit = Math.max(1, Math.floor(perSecond));
	const pace = paceOf(key);
	for (;;) {
		const now = Date.now();
		if (now < pace.holdUntil) {
			await sleep(pace.holdUntil - now);
			continue;
		}
		pace.starts = pace.starts.filter((t) => now - t < WINDOW_MS);
		if (pace.starts.length < limit) {
			pace.starts.push(now);
			return;
		}
		await sleep(pace.starts[0] + WINDOW_MS - now);
	}
}

/** After a 429: nobody in this process calls that account again before `ms` have passed. */
export function holdOff(key: string, ms: number) {
	const pace = paceOf(key);
	pace.holdUntil = Math.max(pace.holdUntil, Date.now() + ms);
}
