import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import type { CrmItemError, ItemResult } from '../../shared/crm/types';
import type { ItemOutcome } from './common';

/**
 * The shape every write operation shares: read each item's parameters (a bad item fails alone), send the good
 * ones together in as few requests as the API allows, and give each item its own result.
 */
export type Prepared<P> = { index: number; payload: P } | { index: number; error: Error };

export async function prepareEach<P>(
	items: INodeExecutionData[],
	build: (itemIndex: number) => Promise<P>,
): Promise<Array<Prepared<P>>> {
	const prepared: Array<Prepared<P>> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			prepared.push({ index: i, payload: await build(i) });
		} catch (error) {
			prepared.push({ index: i, error: error as Error });
		}
	}
	return prepared;
}

export function crmItemError(
	ctx: IExecuteFunctions,
	error: CrmItemError,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{
			message: error.message,
			code: error.code ?? null,
			httpCode: error.httpCode ?? null,
		} as JsonObject,
		{
			message: `amoCRM: ${error.message}`,
			description: error.description,
			httpCode: error.httpCode ? String(error.httpCode) : undefined,
			itemIndex,
		},
	);
}

/**
 * Sends every prepared payload in one batched call and joins the results back: the outcomes are in the order of
 * `prepared` (one per entry), each error carrying its item's index.
 */
export async function sendPrepared<P, R>(
	ctx: IExecuteFunctions,
	prepared: Array<Prepared<P>>,
	send: (payloads: P[]) => Promise<Array<ItemResult<R>>>,
	toJson: (result: R, payload: P, itemIndex: number) => IDataObject,
): Promise<ItemOutcome[]> {
	// Without "continue on fail" a bad item stops the node before anything is written: no half-done batch.
	const invalid = prepared.find((p): p is { index: number; error: Error } => 'error' in p);
	if (invalid && !ctx.continueOnFail()) throw invalid.error;
	const ready = prepared.filter((p): p is { index: number; payload: P } => 'payload' in p);
	const results = ready.length > 0 ? await send(ready.map((p) => p.payload)) : [];
	const resultOf = new Map(ready.map((p, k) => [p, results[k]]));
	return prepared.map((p): ItemOutcome => {
		if ('error' in p) return { error: p.error };
		const result = resultOf.get(p)!;
		return result.ok
			? { json: toJson(result.value, p.payload, p.index) }
			: { error: crmItemError(ctx, result.error, p.index) };
	});
}
