import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { readAmoCompanies } from '../../../shared/crm/amocrm/companies';
import { pagesOf } from '../../../shared/crm/amocrm/paging';
import type { QueryValue } from '../../../shared/crm/amocrm/query';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import { limitField, returnAllField, type ItemOutcome, type OperationRun } from '../common';
import { simplifyCompanies, simplifyField } from '../simplify';
import { companyIdField, companyIdOf } from './fields';

export const getDescription: INodeProperties[] = [
	...withDisplay([companyIdField], 'company', ['get']),
	simplifyField('company', ['get']),
];

/** Company get: every item's company in one request per 100 ids, with its leads and contacts. */
export async function executeGet(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => companyIdOf(this, i));
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	return sendItems(
		prepared,
		async (ids, itemIndexes) => {
			const raw = await readAmoCompanies(run.crm.transport, ids);
			const found = new Map<number, IDataObject>();
			const list = [...raw.values()] as unknown as IDataObject[];
			for (const company of simplify ? await simplifyCompanies(run.crm, list) : list)
				found.set(Number(company.id), company);
			return ids.map((id, k) => {
				const company = found.get(id);
				return company
					? { ok: true, value: company }
					: {
							ok: false,
							error: new NodeOperationError(this.getNode(), `No company ${id} in amoCRM`, {
								itemIndex: itemIndexes[k],
								description: 'It may have been deleted, or belong to another account.',
							}),
						};
			});
		},
		(company) => company,
	);
}

export const getManyDescription: INodeProperties[] = withDisplay(
	[
		returnAllField,
		limitField,
		simplifyField('company', ['getMany']),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Created After',
					name: 'createdAfter',
					type: 'dateTime',
					default: '',
					description: 'Only companies created at or after this time',
				},
				{
					displayName: 'Responsible User Names or IDs',
					name: 'responsibleIds',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getUsers' },
					default: [],
					description:
						'Only companies of these managers. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Search Text',
					name: 'query',
					type: 'string',
					default: '',
					placeholder: 'e.g. Ромашка',
					description:
						"Search through the company's filled fields (name, phones, emails…) with amoCRM's own loose search",
				},
				{
					displayName: 'Updated After',
					name: 'updatedAfter',
					type: 'dateTime',
					default: '',
					description: 'Only companies changed at or after this time',
				},
			],
		},
	],
	'company',
	['getMany'],
);

function unix(value: unknown): number | undefined {
	if (!value) return undefined;
	const ms = Date.parse(String(value));
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** Company get many: amoCRM's filters, 250 companies a page, stopping at the limit. */
export async function executeGetMany(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => {
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const filter: Record<string, QueryValue> = {};
		if ((filters.responsibleIds as string[])?.length)
			filter.responsible_user_id = filters.responsibleIds as string[];
		const created = unix(filters.createdAfter);
		const updated = unix(filters.updatedAfter);
		if (created) filter.created_at = { from: created };
		if (updated) filter.updated_at = { from: updated };
		const query: Record<string, QueryValue> = { filter, with: 'leads,contacts' };
		if (filters.query) query.query = String(filters.query);
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return { query, limit, simplify };
	});
	return callEach(this, prepared, async ({ query, limit, simplify }) => {
		const companies: IDataObject[] = [];
		for await (const page of pagesOf<IDataObject>(
			run.crm.transport,
			'/api/v4/companies',
			'companies',
			{ ...query, limit: Math.min(250, Number.isFinite(limit) ? limit : 250) },
		)) {
			companies.push(...page.slice(0, limit - companies.length));
			if (companies.length >= limit) break;
		}
		return simplify ? await simplifyCompanies(run.crm, companies) : companies;
	});
}
