import type { CrmItemError, ItemResult } from '../types';
import { AmoApiError } from './errors';
import { amoWords } from './failures';
import { chunk } from './paging';
import { settle, type AmoTransport } from './transport';

/**
 * Many items → few requests, several at a time, and nothing written twice. Items go out in batches (≤ 50 leads
 * with contacts, ≤ 250 otherwise), each carrying `request_id` = its index, so amoCRM's validation errors name the
 * failing item. Up to MAX_IN_FLIGHT batches are out at once: the account's pacer decides when each may start
 * (pacing.ts), so a slow answer no longer holds the next request back. Then, per failure:
 * - 400 validation-errors: amoCRM rejected the whole request; the named items fail, the others are re-sent;
 * - 504 on a write: the batch was too heavy and may be partly applied — what exists is looked up (creates),
 *   the rest is re-sent in halves and later batches are halved too;
 * - an ambiguous create (5xx, reset, timeout after sending): what exists is looked up before anything is re-sent;
 * - anything fatal (ban, auth, payment): this and every queued item fail with it; no further requests.
 * Reads and idempotent writes are already retried by the transport.
 *
 * Look-ups run only while no create of the job is out, and every record a confirmed answer names is claimed
 * first: a look-up matches records by their fields, so it must not see (and take for its own) a record another
 * request of the same job made, or is making at that moment, for another item.
 */
export interface BatchWriter<T, R> {
	transport: AmoTransport;
	/** create: not safe to repeat blindly; idempotent: the same PATCH twice ends in the same state. */
	kind: 'create' | 'idempotent';
	maxBatch: number;
	/** Sends one batch (payloads already carry `request_id`); answers one result per payload, in order. */
	send(payloads: Array<T & { request_id: string }>): Promise<R[]>;
	/**
	 * Creates only: which of these payloads exist already, written since `since` (server unix time) by an
	 * interrupted request. Must not return a record listed in `claimed`, and must add what it returns.
	 */
	findExisting?(payloads: T[], since: number, claimed: Set<string>): Promise<Array<R | undefined>>;
	/** Creates only: the `claimed` keys of a confirmed result (the records it names), as findExisting writes them. */
	claims?(result: R): string[];
	/** Batches out at once (default MAX_IN_FLIGHT). */
	inFlight?: number;
}

interface Pending<T> {
	index: number;
	payload: T;
	attempts: number;
}

/** How often one item may be sent before it is given up as unconfirmable. */
export const MAX_ITEM_ATTEMPTS = 5;
/** Creates are looked up from this many seconds before the request was sent (clock skew, slow gateways). */
export const LOOKBACK_SECONDS = 120;
/**
 * Batches out at once. The pacer lets about 6 start a second; at several seconds an answer (a PATCH of 250 leads)
 * that many are out to keep the pace: more only wait for the pacer.
 */
export const MAX_IN_FLIGHT = 24;

export async function writeInBatches<T extends object, R>(
	items: T[],
	writer: BatchWriter<T, R>,
): Promise<Array<ItemResult<R>>> {
	const results: Array<ItemResult<R> | undefined> = new Array(items.length);
	const claimed = new Set<string>();
	let size = Math.max(1, writer.maxBatch);
	const queue: Array<Array<Pending<T>>> = chunk(
		items.map((payload, index) => ({ index, payload, attempts: 0 })),
		size,
	);
	/** Creates whose request may or may not have been applied, waiting for a look-up. */
	const unsure: Array<{ batch: Array<Pending<T>>; error: AmoApiError; since: number }> = [];
	const out = new Set<Promise<void>>();
	let stopped = false;
	let thrown: { error: unknown } | undefined;
	const fail = (pending: Array<Pending<T>>, error: CrmItemError) => {
		for (const p of pending) results[p.index] = { ok: false, error };
	};
	const stop = (error: AmoApiError) => {
		stopped = true;
		for (const waiting of queue.splice(0)) fail(waiting, itemError(error));
	};
	/** Sends the rest of a batch again (halved after a gateway timeout), unless its items ran out of attempts. */
	const again = (rest: Array<Pending<T>>, error: AmoApiError) => {
		const givenUp = rest.filter((p) => p.attempts >= MAX_ITEM_ATTEMPTS);
		fail(givenUp, {
			...itemError(error),
			description: `Given up after ${MAX_ITEM_ATTEMPTS} attempts; nothing was created twice.`,
		});
		rest = rest.filter((p) => p.attempts < MAX_ITEM_ATTEMPTS);
		if (rest.length === 0) return;
		if (error.kind === 'gateway-timeout') {
			size = Math.max(1, Math.floor(Math.min(size, rest.length) / 2));
			queue.unshift(...chunk(rest, size));
		} else {
			queue.unshift(rest);
		}
	};

	const sendBatch = async (batch: Array<Pending<T>>) => {
		for (const p of batch) p.attempts++;
		const since = writer.transport.serverNow() - LOOKBACK_SECONDS;
		const sent = await settle(() =>
			writer.send(batch.map((p) => ({ ...p.payload, request_id: String(p.index) }))),
		);
		if ('value' in sent) {
			const answers = sent.value;
			batch.forEach((p, i) => {
				if (answers[i] === undefined) {
					results[p.index] = { ok: false, error: { message: 'amoCRM did not confirm this item' } };
					return;
				}
				results[p.index] = { ok: true, value: answers[i] };
				for (const key of writer.claims?.(answers[i]) ?? []) claimed.add(key);
			});
			return;
		}
		const error = sent.error;
		if (!(error instanceof AmoApiError)) throw error;
		if (error.kind === 'validation') {
			const byRequest = new Map(error.validation.map((v) => [v.requestId, v]));
			const failed = batch.filter((p) => byRequest.has(String(p.index)));
			if (failed.length === 0) return fail(batch, itemError(error));
			for (const p of failed)
				results[p.index] = {
					ok: false,
					error: validationError(error, byRequest.get(String(p.index))!),
				};
			const rest = batch.filter((p) => !byRequest.has(String(p.index)));
			// Nothing of a rejected request was written: the valid items go again as they were.
			for (const p of rest) p.attempts--;
			if (rest.length > 0 && !stopped) queue.unshift(rest);
			else fail(rest, itemError(error));
			return;
		}
		if (error.kind === 'fatal') {
			fail(batch, itemError(error));
			return stop(error);
		}
		if (writer.kind === 'create') {
			if (!writer.findExisting) return fail(batch, itemError(error));
			unsure.push({ batch, error, since });
			return;
		}
		if (stopped) return fail(batch, itemError(error));
		again(batch, error);
	};

	/** Finds what the unsure creates made; re-queues the rest. Runs only with nothing of the job out. */
	const lookUp = async () => {
		for (const { batch, error, since } of unsure.splice(0)) {
			const lookup = await settle(() =>
				writer.findExisting!(
					batch.map((p) => p.payload),
					since,
					claimed,
				),
			);
			if ('error' in lookup) {
				if (!(lookup.error instanceof AmoApiError)) throw lookup.error;
				fail(batch, itemError(lookup.error));
				stop(lookup.error);
				for (const left of unsure.splice(0)) fail(left.batch, itemError(lookup.error));
				return;
			}
			const found = lookup.value;
			const rest = batch.filter((p, i) => {
				if (found[i] === undefined) return true;
				results[p.index] = { ok: true, value: found[i] as R };
				return false;
			});
			if (stopped) fail(rest, itemError(error));
			else again(rest, error);
		}
	};

	const limit = Math.max(1, writer.inFlight ?? MAX_IN_FLIGHT);
	for (;;) {
		if (thrown) {
			await Promise.allSettled(out);
			throw thrown.error;
		}
		if (unsure.length > 0 && out.size === 0) {
			await lookUp();
			continue;
		}
		// An unsure create stops new sends until its look-up has run.
		if (unsure.length === 0 && !stopped && queue.length > 0 && out.size < limit) {
			const task: Promise<void> = sendBatch(queue.shift()!)
				.catch((error: unknown) => {
					thrown ??= { error };
				})
				.finally(() => out.delete(task));
			out.add(task);
			continue;
		}
		if (out.size === 0) break;
		await Promise.race(out);
	}
	return results.map(
		(r) => r ?? { ok: false, error: { message: 'amoCRM did not confirm this item' } },
	);
}

export function itemError(error: AmoApiError): CrmItemError {
	return {
		message: amoWords(error.answer),
		httpCode: error.answer.status ?? undefined,
		description: error.description ?? undefined,
	};
}

function validationError(
	error: AmoApiError,
	item: { errors: Array<{ code: string; path: string; detail: string }> },
): CrmItemError {
	const first = item.errors[0];
	return {
		message:
			item.errors.map((e) => `${e.path || 'item'}: ${e.detail}`).join('; ') ||
			amoWords(error.answer),
		code: first?.code,
		httpCode: 400,
		description:
			'amoCRM refused this item (validation). Fix the value named in the message; the other items were written.',
	};
}
