/**
 * Any REST method through the same transport: paced, retried, 50 items to a batch. A write whose answer was lost
 * is not sent again (there is no way to tell whether it ran); reads are. "Send Each Item Alone" calls the method
 * outside batch — needed for `batch` itself and methods that refuse to run inside one.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { Command, Reconciler } from '../../../shared/crm/bitrix24/commands';
import { Bitrix24Error } from '../../../shared/crm/bitrix24/errors';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems, type SendResult } from '../../../shared/n8n/crmNode/items';
import type { ItemOutcome, Operation, OperationContext } from '../types';

const on = displayFor('apiCall', 'call');
const READ_ONLY =
	/(^|\.)(get|list|fields|current|search|findbycomm|items|types)$|^(profile|user\.get|app\.info|crm\.settings\.mode\.get)$/i;

/** Writes of unknown kind: when their answer is lost, say so instead of guessing. */
const cannotTell: Reconciler = {
	key: 'raw-write',
	async find(commands) {
		throw new Bitrix24Error(
			'UNKNOWN_OUTCOME',
			`the answer of ${commands[0].method} was lost; check in Bitrix24 whether it ran before running it again`,
			undefined,
			commands[0].method,
		);
	},
};

const description: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. crm.company.list',
		description: 'The REST method, as in the Bitrix24 documentation',
		displayOptions: on,
	},
	{
		displayName: 'Parameters (JSON)',
		name: 'parameters',
		type: 'json',
		default: '{}',
		description:
			'The method\'s parameters, e.g. {"filter": {"%TITLE": "ООО"}, "select": ["ID", "TITLE"]}',
		displayOptions: on,
	},
	{
		displayName: 'Send Each Item Alone',
		name: 'direct',
		type: 'boolean',
		default: false,
		description:
			'Whether to call the method outside batch (one request per item); needed for "batch" itself',
		displayOptions: on,
	},
];

function parametersOf(this: IExecuteFunctions, i: number): IDataObject {
	const raw = this.getNodeParameter('parameters', i, '{}') as unknown;
	if (raw && typeof raw === 'object') return raw as IDataObject;
	try {
		const parsed = JSON.parse(String(raw || '{}'));
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
			return parsed as IDataObject;
	} catch {
		// fall through
	}
	throw new NodeOperationError(this.getNode(), 'Parameters must be a JSON object', {
		itemIndex: i,
		description: 'e.g. {"id": 42} or {"filter": {"STATUS_ID": "NEW"}}',
	});
}

interface MethodCall {
	method: string;
	params: IDataObject;
	readOnly: boolean;
	/** Sent outside batch, one request of its own. */
	direct: boolean;
}

function answerJson(answer: { value: unknown; total?: number; next?: number }): IDataObject {
	return {
		result: answer.value as IDataObject,
		...(answer.total !== undefined ? { total: answer.total } : {}),
		...(answer.next !== undefined ? { next: answer.next } : {}),
	};
}

export const callMethod: Operation = {
	description,
	async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
		const prepared = await readItems(this, ctx.items.length, (i): MethodCall => {
			const method = String(this.getNodeParameter('method', i, ''))
				.trim()
				.replace(/\.json$/i, '');
			if (!/^[a-z0-9_.]+$/i.test(method))
				throw new NodeOperationError(this.getNode(), `"${method}" is not a method name`, {
					itemIndex: i,
					description: 'e.g. crm.lead.list',
				});
			return {
				method,
				params: parametersOf.call(this, i),
				readOnly: READ_ONLY.test(method),
				direct:
					Boolean(this.getNodeParameter('direct', i, false)) || method.toLowerCase() === 'batch',
			};
		});
		const { runner } = ctx.connection;
		return await sendItems(
			prepared,
			async (calls) => {
				const results: Array<SendResult<{ value: unknown; total?: number; next?: number }>> =
					new Array(calls.length);
				for (const [n, call] of calls.entries()) {
					if (!call.direct) continue;
					try {
						const answer = await runner.direct(call.method, call.params, call.readOnly);
						results[n] = {
							ok: true,
							value: { value: answer.result, total: answer.total, next: answer.next },
						};
					} catch (error) {
						results[n] = { ok: false, error: error as Error };
					}
				}
				const batched = calls.flatMap((call, n) => (call.direct ? [] : [{ call, n }]));
				const outcomes = await runner.run(
					batched.map(({ call }): Command => ({
						method: call.method,
						params: call.params,
						...(call.readOnly ? {} : { reconcile: cannotTell }),
					})),
				);
				batched.forEach(({ n }, k) => {
					const outcome = outcomes[k];
					results[n] = outcome.ok ? { ok: true, value: outcome } : outcome;
				});
				return results;
			},
			answerJson,
		);
	},
};
