import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** An output item that remembers which input item it came from (n8n's `$('Node').item` relies on it). */
export function itemFrom(json: IDataObject, itemIndex: number): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex } };
}
