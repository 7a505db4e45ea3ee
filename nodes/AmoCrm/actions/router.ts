import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { createAmoCrmFunnel } from '../../shared/crm/amocrm';
import type { ItemOutcome, Operation } from './common';
import { contactOperations } from './contact/Contact.resource';
import { leadOperations } from './lead/Lead.resource';
import { lossReasonOperations, pipelineOperations, userOperations } from './lists';
import { noteOperations } from './note/Note.resource';
import { requestOperations } from './request/custom';
import { taskOperations } from './task/Task.resource';

const RESOURCES: Record<string, Record<string, Operation>> = {
	contact: contactOperations,
	lead: leadOperations,
	lossReason: lossReasonOperations,
	note: noteOperations,
	pipeline: pipelineOperations,
	request: requestOperations,
	task: taskOperations,
	user: userOperations,
};

/**
 * Runs the chosen operation over every input item at once (so it can batch), then lays the results out: each
 * input item gives its output item(s) — or its error, which goes to the error output with "Continue (using
 * error output)", stays in the main output with "Continue", and stops the node otherwise.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = RESOURCES[resource]?.[operation];
	if (!op)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	const crm = createAmoCrmFunnel(this, {
		updateBatchSize: this.getNodeParameter('options.batchSize', 0, 250) as number,
	});
	const outcomes = await op.execute.call(this, { items, crm });
	return [layOut(this, outcomes)];
}

function layOut(ctx: IExecuteFunctions, outcomes: ItemOutcome[]): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	outcomes.forEach((outcome, i) => {
		if ('error' in outcome) {
			const error =
				outcome.error instanceof NodeOperationError || 'httpCode' in outcome.error
					? outcome.error
					: new NodeOperationError(ctx.getNode(), outcome.error, { itemIndex: i });
			if (!ctx.continueOnFail()) throw error;
			const description = (error as { description?: string | null }).description;
			output.push({
				json: { error: error.message, ...(description ? { description } : {}), itemIndex: i },
				error: error as NodeOperationError,
				pairedItem: { item: i },
			});
			return;
		}
		for (const json of Array.isArray(outcome.json) ? outcome.json : [outcome.json])
			output.push({ json: json as IDataObject, pairedItem: { item: i } });
	});
	return output;
}
