import { isBan, neverSent, retryAfterSeconds, type AmoFailure } from './failures';

/**
 * What to do after a failed request. Reads and idempotent writes (PATCH, link) are repeated on 429, 5xx and
 * lost connections; a create is repeated only when it surely never arrived or was refused before processing
 * (429) — otherwise it is *ambiguous* and the caller re-reads what exists before sending it again.
 * A 403 ban is never retried: retrying is what makes amoCRM ban in the first place.
 */
export type RequestKind = 'read' | 'idempotent' | 'create';

export type RetryDecision =
	| { action: 'retry'; waitMs: number; holdAccount: boolean }
	| { action: 'ambiguous' }
	| { action: 'gateway-timeout' }
	| { action: 'fail' };

export const RETRY_LIMITS = { rateLimited: 6, serverError: 4 };
const BASE_MS = 500;
const CAP_MS = 20_000;

/** Exponential backoff with ±25% jitter: 0.5 s, 1 s, 2 s, 4 s… capped at 20 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
	const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling * (0.75 + random() * 0.5));
}

export function decideRetry(
	failure: AmoFailure,
	kind: RequestKind,
	attempt: number,
	random: () => number = Math.random,
): RetryDecision {
	const { status } = failure;
	if (status === 429) {
		if (attempt > RETRY_LIMITS.rateLimited) return { action: 'fail' };
		// retry_after is honoured up to the backoff ceiling: amoCRM sends 300 s for a one-second window.
		const backoff = backoffMs(attempt, random);
		const hinted = retryAfterSeconds(failure);
		return {
			action: 'retry',
			waitMs: hinted !== null ? Math.min(hinted * 1000, backoff) : backoff,
			holdAccount: true,
		};
	}
	if (status === 403 || isBan(failure)) return { action: 'fail' };
	if (status === 504 && kind !== 'read') return { action: 'gateway-timeout' };
	const serverError = status !== null && status >= 500;
	const noAnswer = status === null;
	if (!serverError && !noAnswer) return { action: 'fail' };
	if (attempt > RETRY_LIMITS.serverError)
		return kind === 'create' && !neverSent(failure) ? { action: 'ambiguous' } : { action: 'fail' };
	if (kind === 'create' && !neverSent(failure)) return { action: 'ambiguous' };
	return { action: 'retry', waitMs: backoffMs(attempt, random), holdAccount: false };
}
