/**
 * Search leads, deals or contacts. "Return All" pages by ID with start=-1 (no row count, 2,500 rows a request);
 * a limit reads pages of 50, several to a request.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { listAll, scanById } from '../../../shared/crm/bitrix24/paging';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import type { Entity, ItemOutcome, Operation, OperationContext } from '../types';

function description(entity: Entity): INodeProperties[] {
	const on = displayFor(entity, 'getMany');
	const filters: INodeProperties[] = [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: 'Only records created at or after this moment',
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: 'Only records created before this moment',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description:
				'Records with exactly this e-mail (Bitrix24 matches phones and e-mails exactly; use Duplicate → Find for loose matching)',
		},
		{
			displayName: 'Filter (JSON)',
			name: 'filterJson',
			type: 'json',
			default: '{}',
			description:
				'Any Bitrix24 filter, e.g. {">OPPORTUNITY": 10000, "%TITLE": "вебинар"}; merged with the filters above',
		},
		{
			displayName: 'Phone',
			name: 'phone',
			type: 'string',
			default: '',
			placeholder: 'e.g. +79161234567',
			description: 'Records with exactly this phone as stored',
		},
		{
			displayName: 'Responsible Person IDs',
			name: 'responsibleIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. 2, 3',
			description: 'Only records of these managers (comma-separated user IDs)',
		},
	];
	if (entity === 'lead') {
		filters.push({
			displayName: 'Status Names or IDs',
			name: 'stages',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getLeadStatuses' },
			default: [],
			description:
				'Only leads in these statuses. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		});
	}
	if (entity === 'deal') {
		filters.push(
			{
				displayName: 'Open Only',
				name: 'openOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to leave out won and lost deals',
			},
			{
				displayName: 'Pipeline Name or ID',
				name: 'categoryId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCategories' },
				default: '',
				description:
					'Only deals of this pipeline. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Stage Names or IDs',
				name: 'stages',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getDealStages' },
				default: [],
				description:
					'Only deals in these stages. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		);
	}
	filters.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: on,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...on!.show, returnAll: [false] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: filters,
			displayOptions: on,
		},
		{
			displayName: 'Fields to Return',
			name: 'select',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getFields' },
			default: [],
			description:
				'Which fields to return; empty: all plain fields and custom fields (phones and e-mails are included for leads and contacts). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: on,
		},
	];
}

function filterOf(this: IExecuteFunctions, entity: Entity, i: number): IDataObject {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const filter: IDataObject = {};
	if (f.createdAfter) filter['>=DATE_CREATE'] = new Date(String(f.createdAfter)).toISOString();
	if (f.createdBefore) filter['<DATE_CREATE'] = new Date(String(f.createdBefore)).toISOString();
	if (f.email) filter.EMAIL = String(f.email).trim();
	if (f.phone) filter.PHONE = String(f.phone).trim();
	if (f.responsibleIds)
		filter['@ASSIGNED_BY_ID'] = String(f.responsibleIds)
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	const stages = (f.stages as string[] | undefined) ?? [];
	if (stages.length) filter[entity === 'lead' ? '@STATUS_ID' : '@STAGE_ID'] = stages;
	if (entity === 'deal' && f.categoryId !== undefined && f.categoryId !== '')
		filter.CATEGORY_ID = f.categoryId;
	if (entity === 'deal' && f.openOnly) filter.STAGE_SEMANTIC_ID = 'P';
	if (f.filterJson) {
		let extra: unknown = f.filterJson;
		if (typeof extra === 'string') {
			try {
				extra = JSON.parse(extra || '{}');
			} catch {
				throw new NodeOperationError(this.getNode(), 'Filter (JSON) is not valid JSON', {
					itemIndex: i,
					description: 'Write an object such as {">OPPORTUNITY": 10000}',
				});
			}
		}
		Object.assign(filter, extra as IDataObject);
	}
	return filter;
}

export function getManyRecords(entity: Entity): Operation {
	return {
		description: description(entity),
		async execute(this: IExecuteFunctions, ctx: OperationContext): Promise<ItemOutcome[]> {
			const method = `crm.${entity}.list`;
			const prepared = await readItems(this, ctx.items.length, (i) => {
				const filter = filterOf.call(this, entity, i);
				const chosen = (this.getNodeParameter('select', i, []) as string[]) ?? [];
				const select = chosen.length
					? [...new Set(['ID', ...chosen])]
					: ['*', 'UF_*', ...(entity === 'deal' ? [] : ['PHONE', 'EMAIL'])];
				const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
				const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
				return { filter, select, limit };
			});
			return await callEach(this, prepared, async ({ filter, select, limit }) => {
				if (Number.isFinite(limit))
					return (await listAll(
						ctx.connection.runner,
						method,
						{ filter, select, order: { ID: 'DESC' } },
						limit,
					)) as IDataObject[];
				// An ID filter of the user's own cannot be combined with paging by ID.
				if (Object.keys(filter).some((k) => /^[<>=!@%]*ID$/.test(k)))
					return (await listAll(
						ctx.connection.runner,
						method,
						{ filter, select, order: { ID: 'ASC' } },
						Number.MAX_SAFE_INTEGER,
					)) as IDataObject[];
				const rows: IDataObject[] = [];
				for await (const page of scanById(
					ctx.connection.client,
					method,
					{ filter, select },
					{ idField: 'ID' },
				))
					rows.push(...(page as IDataObject[]));
				return rows;
			});
		},
	};
}
