import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { AmoApiError } from '../crm/amocrm/errors';
import { Bitrix24Error, toNodeApiError } from '../crm/bitrix24/errors';
import type { CrmItemError, CrmKind } from '../crm/types';

const CRM_NAMES: Record<CrmKind, string> = { amocrm: 'amoCRM', bitrix24: 'Bitrix24' };

/** A failed CRM call (the whole request) as n8n shows it: the CRM's own message, and what to do. */
export function crmCallError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof Bitrix24Error) return toNodeApiError(node, error, itemIndex);
	if (error instanceof AmoApiError) {
		if (itemIndex !== undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** One item's failure in a batch write, in the CRM's words. */
export function crmItemError(
	node: INode,
	crm: CrmKind,
	error: CrmItemError,
	itemIndex: number,
	what?: string,
): NodeApiError {
	const message = `${CRM_NAMES[crm]}: ${what ? `${what}: ` : ''}${error.message}`;
	return new NodeApiError(
		node,
		{
			message: error.message,
			code: error.code ?? null,
			httpCode: error.httpCode ?? null,
		} as JsonObject,
		{
			message,
			description: error.description,
			httpCode: error.httpCode ? String(error.httpCode) : undefined,
			itemIndex,
		},
	);
}

/**
 * A failed item the way n8n routes it: `{ error, details }` only, paired to its input item. Under "Continue (using
 * error output)" n8n moves it to the error output and merges in the input item's fields; under "Continue" it stays
 * in place. (An item with `error` set would have its fields replaced by the message alone.)
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.details = error.description;
	return { json, pairedItem: { item: itemIndex } };
}
