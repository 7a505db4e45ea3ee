/**
 * The one place where the CRM layer's plain errors become n8n's: a failed call (AmoApiError, Bitrix24Error,
 * CrmSetupError, anything else) and one item's failure in a batch (CrmItemError) turn into NodeApiError or
 * NodeOperationError, and a failed item becomes its output item.
 *
 * Messages: what a CRM answered starts with its name and a colon ("amoCRM: …", "Bitrix24: crm.deal.get: …");
 * what the node found wrong in the input before sending ("Choose the stage to move to") has no prefix. The
 * description says what the user can do.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INode,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { AmoApiError } from '../crm/amocrm/errors';
import { adviceFor, Bitrix24Error } from '../crm/bitrix24/errors';
import { CrmSetupError } from '../crm/errors';
import type { CrmItemError, CrmKind } from '../crm/types';

export const CRM_NAMES: Record<CrmKind, string> = { amocrm: 'amoCRM', bitrix24: 'Bitrix24' };

export type NodeError = NodeApiError | NodeOperationError;

/** A failed CRM call (a whole request, or a setting) as n8n shows it: the CRM's own words, and what to do. */
export function crmCallError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof AmoApiError) {
		return new NodeApiError(node, error.details as JsonObject, {
			message: error.message,
			description: error.description,
			httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
			itemIndex: itemIndex ?? error.itemIndex,
		});
	}
	if (error instanceof Bitrix24Error) {
		const text = error.description || error.code || 'the request failed';
		const code = error.code && error.code !== '0' ? ` [${error.code}]` : '';
		// A whole batch that failed names no method worth showing; a single call does.
		const method = error.method && error.method !== 'batch' ? `${error.method}: ` : '';
		return new NodeApiError(
			node,
			{ message: text, code: error.code, description: error.description } as JsonObject,
			{
				message: `${CRM_NAMES.bitrix24}: ${method}${text}${code}`,
				description: adviceFor(error),
				httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
				itemIndex,
			},
		);
	}
	if (error instanceof CrmSetupError)
		return new NodeOperationError(node, error.message, {
			description: error.description,
			itemIndex,
		});
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** One item's failure in a batch write, in the CRM's words; `what` names the step ("tagging deal 12"). */
export function crmItemError(
	node: INode,
	crm: CrmKind,
	error: CrmItemError,
	itemIndex: number,
	what?: string,
): NodeApiError {
	return new NodeApiError(
		node,
		{
			message: error.message,
			code: error.code ?? null,
			httpCode: error.httpCode ?? null,
		} as JsonObject,
		{
			message: `${CRM_NAMES[crm]}: ${what ? `${what}: ` : ''}${error.message}`,
			description: error.description,
			httpCode: error.httpCode ? String(error.httpCode) : undefined,
			itemIndex,
		},
	);
}

/**
 * A failed item, the one shape every node of this package gives it: `{ error, details }`, paired to its input
 * item (`pairedItem.item` is its index). n8n sends an item whose JSON holds only `error` and `details` to the
 * error output under "Continue (using error output)" and merges the input item's fields into it, so the user
 * sees which lead failed; under "Continue" it stays in place. The item's own `error` property is left unset on
 * purpose: n8n would replace the JSON of such an item with the bare message, dropping the details and the
 * input's fields.
 */
export function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.details = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

type Loader<T> = (this: ILoadOptionsFunctions, ...args: never[]) => Promise<T>;

/**
 * A node's dropdown loaders and list searches with CRM failures shown as n8n shows a node's: the CRM's words,
 * what to do, and the HTTP status the editor reads to offer reconnecting the credential.
 */
export function withCrmErrors<M extends Record<string, Loader<unknown>>>(methods: M): M {
	const wrapped: Record<string, Loader<unknown>> = {};
	for (const [name, load] of Object.entries(methods)) {
		wrapped[name] = async function (this: ILoadOptionsFunctions, ...args: never[]) {
			try {
				return await load.apply(this, args);
			} catch (error) {
				throw crmCallError(this.getNode(), error);
			}
		};
	}
	return wrapped as M;
}
