import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { CrmItemError, CrmKind } from '../../crm/types';
import { crmCallError, crmItemError, errorItem, type NodeError } from '../crmErrors';
import type { ItemOutcome, OperationRun, OperationTable } from './operation';

export interface CrmNode<Run extends OperationRun> {
	crm: CrmKind;
	operations: OperationTable<Run>;
	/** Connects to the CRM for this execution: what every operation gets besides the items. */
	open(this: IExecuteFunctions): Promise<Omit<Run, 'items'>>;
}

/**
 * Runs the operation the node's Resource and Operation name over every input item at once, then lays the outcomes
 * out: each input item gives its output item(s), paired to it — or its error, which stops the node, or (with
 * "Continue" / "Continue (using error output)") becomes that item's error item.
 */
export async function routeOperation<Run extends OperationRun>(
	this: IExecuteFunctions,
	node: CrmNode<Run>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = node.operations[resource]?.[operation];
	if (!chosen)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	let outcomes: ItemOutcome[];
	try {
		const run = { ...(await node.open.call(this)), items } as Run;
		outcomes = await chosen.execute.call(this, run);
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}
	return [layOut(this, node.crm, outcomes, items.length)];
}

function layOut(
	ctx: IExecuteFunctions,
	crm: CrmKind,
	outcomes: ItemOutcome[],
	count: number,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		const outcome = outcomes[i] ?? {
			error: new Error('The operation gave no result for this item'),
		};
		if ('error' in outcome) {
			const error = nodeErrorOf(ctx, crm, outcome.error, i);
			if (!ctx.continueOnFail()) throw error;
			output.push(errorItem(error, i));
			continue;
		}
		const list = Array.isArray(outcome.json) ? outcome.json : [outcome.json];
		for (const json of list as IDataObject[]) output.push({ json, pairedItem: { item: i } });
	}
	return output;
}

function nodeErrorOf(
	ctx: IExecuteFunctions,
	crm: CrmKind,
	error: Error | CrmItemError,
	itemIndex: number,
): NodeError {
	return error instanceof Error
		? crmCallError(ctx.getNode(), error, itemIndex)
		: crmItemError(ctx.getNode(), crm, error, itemIndex);
}
