/**
 * CRM failures as n8n errors for the funnel nodes: what a FunnelCrm call threw (amoCRM already throws a
 * NodeApiError; Bitrix24 a Bitrix24Error) and what a batch answered for one item — always with the CRM's own
 * message, the item's index and, where the CRM adapter knows it, what the user can do.
 */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { Bitrix24Error, toNodeApiError } from '../crm/bitrix24';
import type { CrmItemError, CrmKind } from '../crm/types';

const CRM_NAMES: Record<CrmKind, string> = { amocrm: 'amoCRM', bitrix24: 'Bitrix24' };

export function crmCallError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof Bitrix24Error) return toNodeApiError(node, error, itemIndex);
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export function crmItemError(
	node: INode,
	crm: CrmKind,
	error: CrmItemError,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(
		node,
		{
			message: error.message,
			code: error.code ?? null,
			httpCode: error.httpCode ?? null,
		} as JsonObject,
		{
			message: `${CRM_NAMES[crm]}: ${error.message}`,
			description: error.description,
			httpCode: error.httpCode ? String(error.httpCode) : undefined,
			itemIndex,
		},
	);
}
