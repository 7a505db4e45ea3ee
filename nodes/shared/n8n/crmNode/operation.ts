/**
 * The operation skeleton both CRM nodes (amoCRM, Bitrix24) are built on. The node's `execute` hands its
 * resource → operation table to `routeOperation` (router.ts); each operation gets every input item at once, so it
 * can batch, and gives back one outcome per input item. Write operations follow one pipeline (items.ts): read and
 * check every item's parameters, stop before anything is written when one is bad (unless the node continues on
 * fail), send the good ones in batches, one outcome each. The router lays the outcomes out: output items paired to
 * their input, or the one error item shape (crmErrors.ts), or the node stops.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { CrmItemError } from '../../crm/types';

/** One input item's result: output JSON (a list gives several items, none for an empty list), or why it failed. */
export type ItemOutcome = { json: IDataObject | IDataObject[] } | { error: Error | CrmItemError };

/** What every operation gets; each node adds its CRM connection. */
export interface OperationRun {
	items: INodeExecutionData[];
}

export interface Operation<Run extends OperationRun> {
	/** The operation's parameters, each shown only for its resource and operation (display.ts). */
	description: INodeProperties[];
	/** Runs over every input item at once; one outcome per input item, in their order. */
	execute(this: IExecuteFunctions, run: Run): Promise<ItemOutcome[]>;
}

/** resource → operation → what runs, as the node's Resource and Operation parameters name them. */
export type OperationTable<Run extends OperationRun> = Record<
	string,
	Record<string, Operation<Run>>
>;
