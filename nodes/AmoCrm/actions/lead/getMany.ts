import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { pagesOf } from '../../../shared/crm/amocrm/paging';
import type { QueryValue } from '../../../shared/crm/amocrm/query';
import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { callEach, readItems } from '../../../shared/n8n/crmNode/items';
import { limitField, returnAllField, tagsOf, type ItemOutcome, type OperationRun } from '../common';
import { simplifyField, simplifyLeads } from '../simplify';

export const description: INodeProperties[] = withDisplay(
	[
		returnAllField,
		limitField,
		simplifyField('lead', ['getMany']),
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
					description: 'Only leads created at or after this time',
				},
				{
					displayName: 'Created Before',
					name: 'createdBefore',
					type: 'dateTime',
					default: '',
					description: 'Only leads created at or before this time',
				},
				{
					displayName: 'Pipeline Names or IDs',
					name: 'pipelineIds',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getPipelines' },
					default: [],
					description:
						'Only leads in these pipelines. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Responsible User Names or IDs',
					name: 'responsibleIds',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getUsers' },
					default: [],
					description:
						'Only leads of these managers. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Search Text',
					name: 'query',
					type: 'string',
					default: '',
					description:
						"Search through the lead's filled fields with amoCRM's own loose search (it matches parts of words and numbers)",
				},
				{
					displayName: 'Stage Names or IDs',
					name: 'stages',
					type: 'multiOptions',
					typeOptions: { loadOptionsMethod: 'getAllStages' },
					default: [],
					description:
						'Only leads in these stages, shown as "Pipeline > Stage". Choose from the list, or specify "pipelineId:stageId" values using an <a href="https://docs.n8n.io/code/expressions/">expression</a>. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
				{
					displayName: 'Tag',
					name: 'tag',
					type: 'string',
					default: '',
					placeholder: 'e.g. A',
					description:
						"Only leads with this tag. amoCRM's API cannot filter by tag, so the other filters' results are read and checked here.",
				},
				{
					displayName: 'Updated After',
					name: 'updatedAfter',
					type: 'dateTime',
					default: '',
					description: 'Only leads changed at or after this time',
				},
				{
					displayName: 'Updated Before',
					name: 'updatedBefore',
					type: 'dateTime',
					default: '',
					description: 'Only leads changed at or before this time',
				},
			],
		},
	],
	'lead',
	['getMany'],
);

function unix(value: unknown): number | undefined {
	if (!value) return undefined;
	const ms = Date.parse(String(value));
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** Lead get many: amoCRM's filters, 250 leads a page, the tag checked on what comes back. */
export async function execute(this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
	const prepared = await readItems(this, run.items.length, (i) => {
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const filter: Record<string, QueryValue> = {};
		const stages = ((filters.stages as string[]) ?? [])
			.map((s) => /^(\d+):(\d+)$/.exec(String(s)))
			.filter(Boolean) as RegExpExecArray[];
		if (stages.length)
			filter.statuses = Object.fromEntries(
				stages.map((m, k) => [String(k), { pipeline_id: m[1], status_id: m[2] }]),
			);
		else if ((filters.pipelineIds as string[])?.length)
			filter.pipeline_id = filters.pipelineIds as string[];
		if ((filters.responsibleIds as string[])?.length)
			filter.responsible_user_id = filters.responsibleIds as string[];
		const created = { from: unix(filters.createdAfter), to: unix(filters.createdBefore) };
		const updated = { from: unix(filters.updatedAfter), to: unix(filters.updatedBefore) };
		if (created.from || created.to) filter.created_at = created;
		if (updated.from || updated.to) filter.updated_at = updated;
		const query: Record<string, QueryValue> = { filter, with: 'contacts' };
		if (filters.query) query.query = String(filters.query);
		const tag = tagsOf(filters.tag)[0]?.toLowerCase();
		const simplify = this.getNodeParameter('simplify', i, true) as boolean;
		return { query, limit, tag, simplify };
	});
	return callEach(this, prepared, async ({ query, limit, tag, simplify }) => {
		const leads: IDataObject[] = [];
		for await (const page of pagesOf<IDataObject>(run.crm.transport, '/api/v4/leads', 'leads', {
			...query,
			limit: Math.min(250, Number.isFinite(limit) && !tag ? limit : 250),
		})) {
			for (const lead of page) {
				const tags =
					((lead._embedded as IDataObject | undefined)?.tags as
						Array<{ name: string }> | undefined) ?? [];
				if (tag && !tags.some((t) => t.name.toLowerCase() === tag)) continue;
				leads.push(lead);
				if (leads.length >= limit) break;
			}
			if (leads.length >= limit) break;
		}
		return simplify ? await simplifyLeads(run.crm, leads) : leads;
	});
}
