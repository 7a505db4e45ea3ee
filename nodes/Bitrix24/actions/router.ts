/**
 * Runs the chosen operation over all input items at once (operations batch their requests), then lays out the
 * output: one or more items per input item, each paired with it, or the item's error — as an error item when
 * "Continue On Fail" / the error output is on, else the node stops with that error.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	Bitrix24Error,
	connectBitrix24,
	createBitrix24Funnel,
	toNodeApiError,
	type Bitrix24Funnel,
} from '../../shared/crm/bitrix24';
import { itemFrom } from '../../shared/n8n/items';
import { OPERATIONS } from './operations';

function asNodeError(
	this: IExecuteFunctions,
	error: Error,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof Bitrix24Error) return toNodeApiError(this.getNode(), error, itemIndex);
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(this.getNode(), error, { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[resource]?.[operation];
	if (!run)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);

	const options = this.getNodeParameter('connectionOptions', 0, {}) as {
		plan?: 'standard' | 'enterprise';
		timeoutSeconds?: number;
	};
	const connection = await connectBitrix24(this, {
		plan: options.plan,
		timeoutMs: options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined,
	});
	const tagOptions = this.getNodeParameter('options', 0, {}) as {
		tagsField?: string;
		createMissingTags?: boolean;
		lossReasonField?: string;
	};
	const funnels: Partial<Record<'lead' | 'deal', Bitrix24Funnel>> = {};
	const funnel = (entity: 'lead' | 'deal') => {
		funnels[entity] ??= createBitrix24Funnel(this, {
			entity,
			sharedConnection: connection,
			tagsField: tagOptions.tagsField || undefined,
			createMissingTags: tagOptions.createMissingTags,
			lossReasonField: tagOptions.lossReasonField || undefined,
		});
		return funnels[entity] as Bitrix24Funnel;
	};

	const outcomes = await run.execute.call(this, { items, connection, funnel });
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const outcome = outcomes[i] ?? {
			error: new Error('The operation gave no result for this item'),
		};
		if ('error' in outcome) {
			const error = asNodeError.call(this, outcome.error, i);
			if (!this.continueOnFail()) throw error;
			out.push({
				json: {
					error: error.message,
					...(error.description ? { details: error.description } : {}),
				},
				error,
				pairedItem: { item: i },
			});
			continue;
		}
		const list = Array.isArray(outcome.json) ? outcome.json : [outcome.json];
		for (const json of list as IDataObject[]) out.push(itemFrom(json, i));
	}
	return [out];
}
