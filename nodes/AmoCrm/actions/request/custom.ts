import {
	NodeOperationError,
	jsonParse,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type INodeProperties,
} from 'n8n-workflow';

import { pagesOf } from '../../../shared/crm/amocrm/paging';
import type { QueryValue } from '../../../shared/crm/amocrm/query';
import type { HalPage } from '../../../shared/crm/amocrm/rawTypes';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import type { ItemOutcome, Operation, OperationRun } from '../common';

export const description: INodeProperties[] = withDisplay(
	[
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: [
				{ name: 'DELETE', value: 'DELETE' },
				{ name: 'GET', value: 'GET' },
				{ name: 'PATCH', value: 'PATCH' },
				{ name: 'POST', value: 'POST' },
			],
			default: 'GET',
			description: 'The HTTP method',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '/api/v4/',
			placeholder: 'e.g. /api/v4/leads/unsorted',
			description:
				'The API path on the account, starting with /api/v4/. The account address comes from the credential.',
		},
		{
			displayName: 'Query (JSON)',
			name: 'query',
			type: 'json',
			default: '{}',
			description:
				'Query parameters as JSON; nested objects become amoCRM\'s brackets, e.g. {"filter": {"pipeline_id": [7100002]}} is sent as filter[pipeline_id][]=7100002',
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '',
			description:
				'The JSON body; amoCRM takes arrays for adding and updating (at most 250 entities, 50 for /leads/complex)',
			displayOptions: { show: { method: ['POST', 'PATCH', 'DELETE'] } },
		},
		{
			displayName: 'Return All Pages',
			name: 'allPages',
			type: 'boolean',
			default: false,
			description:
				"Whether to follow the list's next links and return every record as its own item",
			displayOptions: { show: { method: ['GET'] } },
		},
	],
	'request',
	['custom'],
);

function jsonOf(ctx: IExecuteFunctions, name: string, i: number): unknown {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) return undefined;
	if (typeof raw !== 'string') return raw;
	return jsonParse(raw, {
		errorMessage: `${name === 'body' ? 'Body' : 'Query'} is not valid JSON`,
	});
}

async function call(
	run: OperationRun,
	request: {
		method: IHttpRequestMethods;
		path: string;
		query: Record<string, QueryValue>;
		body: unknown;
		allPages: boolean;
	},
	itemIndex: number,
): Promise<IDataObject | IDataObject[]> {
	const { method, path, query, body, allPages } = request;
	if (method === 'GET' && allPages) {
		const records: IDataObject[] = [];
		const first = (await run.crm.transport.get<HalPage>(path, query, itemIndex)) ?? {};
		const key = Object.keys(first._embedded ?? {})[0];
		if (key)
			for await (const page of pagesOf<IDataObject>(run.crm.transport, path, key, query))
				records.push(...page);
		return records;
	}
	const answer = await run.crm.transport.request(method, path, { query, body, itemIndex });
	if (answer.body === undefined) return { status: answer.status };
	return Array.isArray(answer.body) ? { data: answer.body } : (answer.body as IDataObject);
}

/**
 * Any amoCRM API call through the same transport (pacing, retries, errors in amoCRM's words). A POST is not
 * repeated after an ambiguous failure, since the node cannot know what it creates.
 */
async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => {
		const path = String(this.getNodeParameter('path', i, '')).trim();
		if (!/^\/api\/v[24]\/[\w/.-]*$/.test(path)) {
			throw new NodeOperationError(this.getNode(), `"${path}" is not an amoCRM API path`, {
				itemIndex: i,
				description:
					'Write a path such as /api/v4/leads/unsorted; the account address comes from the credential.',
			});
		}
		const query = jsonOf(this, 'query', i);
		if (query !== undefined && (typeof query !== 'object' || Array.isArray(query))) {
			throw new NodeOperationError(this.getNode(), 'Query must be a JSON object', { itemIndex: i });
		}
		return {
			method: this.getNodeParameter('method', i, 'GET') as IHttpRequestMethods,
			path,
			query: (query ?? {}) as Record<string, QueryValue>,
			body:
				this.getNodeParameter('method', i, 'GET') === 'GET' ? undefined : jsonOf(this, 'body', i),
			allPages: this.getNodeParameter('allPages', i, false) as boolean,
		};
	});
	// One call per item: amoCRM has no batch for arbitrary endpoints.
	return callEach(this, prepared, (request, i) => call(run, request, i));
}

export const requestOperations: Record<string, Operation> = { custom: { description, execute } };

export const requestProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['request'] } },
		options: [
			{
				name: 'Custom API Call',
				value: 'custom',
				action: 'Make a custom API call',
				description: 'Call any amoCRM API v4 endpoint with this credential',
			},
		],
		default: 'custom',
	},
	...description,
];
