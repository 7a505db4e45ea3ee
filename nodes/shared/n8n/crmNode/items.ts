/**
 * The per-item pipeline of both CRM nodes:
 *   1. `readItems` reads and checks every item's parameters (names may be looked up in the CRM; nothing is
 *      written); `checkItems` adds checks that need one read for many items (the records' current pipelines).
 *      Without continue-on-fail the first bad item stops the node here, before any write; with it, that item
 *      carries its error to the output and the others go on.
 *   2. `sendItems` sends the good items together in as few requests as the API allows, or `callEach` makes one
 *      call per item where the API has no batch; either way each item gets its own outcome. A CRM that refuses
 *      some items of a batch fails those items; the others are written.
 *   3. The router lays the outcomes out (router.ts).
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { CrmItemError } from '../../crm/types';
import { crmCallError } from '../crmErrors';
import type { ItemOutcome } from './operation';

/** One item after step 1: what to send for it, or why it cannot be sent. */
export type Prepared<P> = { index: number; payload: P } | { index: number; error: Error };

/** One sent item's answer, in the order sent: a CRM adapter's ItemResult, a Bitrix24 command outcome... */
export type SendResult<R> = { ok: true; value: R } | { ok: false; error: Error | CrmItemError };

/** Step 1: every item's parameters read and checked, in item order; see above for a bad item. */
export async function readItems<P>(
	ctx: IExecuteFunctions,
	count: number,
	read: (itemIndex: number) => P | Promise<P>,
): Promise<Array<Prepared<P>>> {
	const prepared: Array<Prepared<P>> = [];
	for (let index = 0; index < count; index++) {
		try {
			prepared.push({ index, payload: await read(index) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw crmCallError(ctx.getNode(), error, index);
			prepared.push({ index, error: error as Error });
		}
	}
	return prepared;
}

/** Step 1, continued: checks made for all good items at once; each answers its next payload or its error. */
export async function checkItems<P, Q>(
	ctx: IExecuteFunctions,
	prepared: Array<Prepared<P>>,
	check: (ready: P[], itemIndexes: number[]) => Promise<Array<Q | Error>>,
): Promise<Array<Prepared<Q>>> {
	const ready = prepared.filter(isReady);
	const checked =
		ready.length > 0
			? await check(
					ready.map((p) => p.payload),
					ready.map((p) => p.index),
				)
			: [];
	const checkedOf = new Map(ready.map((p, k) => [p.index, checked[k]]));
	return prepared.map((p): Prepared<Q> => {
		if (!isReady(p)) return p;
		const next = checkedOf.get(p.index) as Q | Error;
		if (!(next instanceof Error)) return { index: p.index, payload: next };
		if (!ctx.continueOnFail()) throw crmCallError(ctx.getNode(), next, p.index);
		return { index: p.index, error: next };
	});
}

export function isReady<P>(p: Prepared<P>): p is { index: number; payload: P } {
	return 'payload' in p;
}

/**
 * Step 2 for APIs that batch: `send` gets the good payloads in item order (and their item indexes) and answers one
 * result for each.
 */
export async function sendItems<P, R>(
	prepared: Array<Prepared<P>>,
	send: (payloads: P[], itemIndexes: number[]) => Promise<Array<SendResult<R>>>,
	toJson: (value: R, payload: P, itemIndex: number) => IDataObject | IDataObject[],
): Promise<ItemOutcome[]> {
	const ready = prepared.filter(isReady);
	const results =
		ready.length > 0
			? await send(
					ready.map((p) => p.payload),
					ready.map((p) => p.index),
				)
			: [];
	const resultOf = new Map(ready.map((p, k) => [p.index, results[k]]));
	return prepared.map((p): ItemOutcome => {
		if (!isReady(p)) return { error: p.error };
		const result = resultOf.get(p.index);
		if (!result) return { error: new Error('The CRM gave no answer for this item') };
		return result.ok ? { json: toJson(result.value, p.payload, p.index) } : { error: result.error };
	});
}

/**
 * Step 2 where each item needs its own call (lists, custom API calls). A failed call fails its item; without
 * continue-on-fail it stops the node at once, so no later item's call goes out.
 */
export async function callEach<P>(
	ctx: IExecuteFunctions,
	prepared: Array<Prepared<P>>,
	call: (payload: P, itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	for (const p of prepared) {
		if (!isReady(p)) {
			outcomes.push({ error: p.error });
			continue;
		}
		try {
			outcomes.push({ json: await call(p.payload, p.index) });
		} catch (error) {
			if (!ctx.continueOnFail()) throw crmCallError(ctx.getNode(), error, p.index);
			outcomes.push({ error: error as Error });
		}
	}
	return outcomes;
}
