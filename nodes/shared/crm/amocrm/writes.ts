import type { CrmItemError, ItemResult } from '../types';
import { AmoApiError } from './errors';
import { amoWords } from './failures';
import { chunk } from './paging';
import { settle, type AmoTransport } from './transport';

/**
 * Many items → few requests, and nothing written twice. Items go out in batches (≤ 50 leads with contacts,
 * ≤ 250 otherwise), each carrying `request_id` = its index, so amoCRM's validation errors name the failing
 * item. Then, per failure:
 * - 400 validation-errors: amoCRM rejected the whole request; the named items fail, the others are re-sent;
 * - 504 on a write: the batch was too heavy and may be partly applied — what exists is looked up (creates),
 *   the rest is re-sent in halves and later batches are halved too;
 * - an ambiguous create (5xx, reset, timeout after sending): what exists is looked up before anything is re-sent;
 * - anything fatal (ban, auth, payment): this and every queued item fail with it; no further requests.
 * Reads and idempotent writes are already retried by the transport.
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
	const fail = (pending: Array<Pending<T>>, error: CrmItemError) => {
		for (const p of pending) results[p.index] = { ok: false, error };
	};

	while (queue.length > 0) {
		const batch = queue.shift()!;
		for (const p of batch) p.attempts++;
		const since = writer.transport.serverNow() - LOOKBACK_SECONDS;
		const sent = await settle(() =>
			writer.send(batch.map((p) => ({ ...p.payload, request_id: String(p.index) }))),
		);
		if ('value' in sent) {
			const answers = sent.value;
			batch.forEach((p, i) => {
				results[p.index] =
					answers[i] !== undefined
						? { ok: true, value: answers[i] }
						: { ok: false, error: { message: 'amoCRM did not confirm this item' } };
			});
			continue;
		}
		const error = sent.error;
		if (!(error instanceof AmoApiError)) throw error;
		if (error.kind === 'validation') {
			const byRequest = new Map(error.validation.map((v) => [v.requestId, v]));
			const failed = batch.filter((p) => byRequest.has(String(p.index)));
			if (failed.length === 0) {
				fail(batch, itemError(error));
				continue;
			}
			for (const p of failed)
				results[p.index] = {
					ok: false,
					error: validationError(error, byRequest.get(String(p.index))!),
				};
			const rest = batch.filter((p) => !byRequest.has(String(p.index)));
			// Nothing of a rejected request was written: the valid items go again as they were.
			for (const p of rest) p.attempts--;
			if (rest.length > 0) queue.unshift(rest);
			continue;
		}
		if (error.kind === 'fatal') {
			fail(batch, itemError(error));
			for (const waiting of queue.splice(0)) fail(waiting, itemError(error));
			break;
		}
		let rest = batch;
		if (writer.kind === 'create') {
			if (!writer.findExisting) {
				fail(batch, itemError(error));
				continue;
			}
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
				for (const waiting of queue.splice(0)) fail(waiting, itemError(lookup.error));
				break;
			}
			const found = lookup.value;
			rest = batch.filter((p, i) => {
				if (found[i] === undefined) return true;
				results[p.index] = { ok: true, value: found[i] as R };
				return false;
			});
		}
		const givenUp = rest.filter((p) => p.attempts >= MAX_ITEM_ATTEMPTS);
		fail(givenUp, {
			...itemError(error),
			description: `Given up after ${MAX_ITEM_ATTEMPTS} attempts; nothing was created twice.`,
		});
		rest = rest.filter((p) => p.attempts < MAX_ITEM_ATTEMPTS);
		if (rest.length === 0) continue;
		if (error.kind === 'gateway-timeout') {
			size = Math.max(1, Math.floor(Math.min(size, rest.length) / 2));
			queue.unshift(...chunk(rest, size));
		} else {
			queue.unshift(rest);
		}
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
