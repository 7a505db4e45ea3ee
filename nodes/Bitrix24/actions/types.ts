import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { Bitrix24Connection, Bitrix24Funnel } from '../../shared/crm/bitrix24';

/** What an operation gets: all input items at once (so it can batch), and the portal connection. */
export interface OperationContext {
	items: INodeExecutionData[];
	connection: Bitrix24Connection;
	/** The FunnelCrm of leads or deals, sharing this execution's connection: funnels, fields, tags, loss reasons. */
	funnel(entity: 'lead' | 'deal'): Bitrix24Funnel;
}

/** One result per input item: output JSON (a list fans out to several items) or the item's error. */
export type ItemOutcome = { json: IDataObject | IDataObject[] } | { error: Error };

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]>;
}

export type Entity = 'lead' | 'deal' | 'contact';
