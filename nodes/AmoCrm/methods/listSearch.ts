import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { createAmoCrmFunnel } from '../../shared/crm/amocrm';
import { nameKey } from '../../shared/crm/stages';
import type { QueryValue } from '../../shared/crm/amocrm/query';
import type { RawContact } from '../../shared/crm/amocrm/rawTypes';
import { recordItem } from '../../shared/n8n/recordPicker';
import { currentLocatorValue, pipelineList, stageList } from '../../shared/n8n/stagePicker';

/** Searchable lists for the resource locators; stages depend on the pipeline chosen beside them. */

function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const wanted = filter ? nameKey(filter) : '';
	return { results: wanted ? items.filter((i) => nameKey(i.name).includes(wanted)) : items };
}

export async function searchPipelines(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const crm = createAmoCrmFunnel(this);
	const [pipelines, base] = await Promise.all([crm.listPipelines(), crm.transport.baseUrl()]);
	return pipelineList(pipelines, filter, (p) => `${base}/leads/pipeline/${p.id}`);
}

/**
 * Stages of the chosen pipeline, or every stage as "Pipeline > Stage" with the value "pipelineId:stageId", since
 * won/lost ids repeat in every pipeline. The incoming ("Неразобранное") stage is left out: the API cannot move
 * leads into it.
 */
export async function searchStages(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const pipelines = (await createAmoCrmFunnel(this).listPipelines()).map((p) => ({
		...p,
		stages: p.stages.filter((s) => !s.isIncoming),
	}));
	return stageList(
		pipelines,
		currentLocatorValue(this, 'pipeline'),
		filter,
		(p, s) => `${p.id}:${s.id}`,
	);
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const users = await createAmoCrmFunnel(this).listUsers();
	return matching(
		users
			.filter((u) => u.active)
			.map((u) => ({ name: u.email ? `${u.name} (${u.email})` : u.name, value: u.id })),
		filter,
	);
}

export async function searchLossReasons(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const reasons = await createAmoCrmFunnel(this).listLossReasons();
	return matching(
		reasons.map((r) => ({ name: r.name, value: r.id })),
		filter,
	);
}

const RECORDS_PAGE = 50;

function valueOf(record: RawContact, code: string): string | undefined {
	const field = (record.custom_fields_values ?? []).find(
		(f) => (f.field_code ?? '').toUpperCase() === code,
	);
	const value = field?.values?.[0]?.value;
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * One page of leads, contacts or companies for a record picker: amoCRM's own search (`query` matches the name,
 * phones, e-mails and other fields), newest first while nothing is typed; the next page is the pagination token.
 */
async function searchRecords(
	ctx: ILoadOptionsFunctions,
	path: 'leads' | 'contacts' | 'companies',
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const crm = createAmoCrmFunnel(ctx);
	const page = Math.max(1, Number(paginationToken) || 1);
	const query: Record<string, QueryValue> = { limit: RECORDS_PAGE, page };
	const text = (filter ?? '').trim();
	if (text) query.query = text;
	else query.order = { updated_at: 'desc' };
	const [body, base] = await Promise.all([
		crm.transport.get<{
			_embedded?: Record<string, Array<RawContact & { price?: number | null }>>;
			_links?: { next?: unknown };
		}>(`/api/v4/${path}`, query),
		crm.transport.baseUrl(),
	]);
	const records = body?._embedded?.[path] ?? [];
	return {
		results: records.map((r) => {
			const details =
				path === 'leads'
					? [r.price ? `${String(r.price)} ₽` : undefined, `#${r.id}`]
					: [valueOf(r, 'PHONE'), valueOf(r, 'EMAIL'), `#${r.id}`];
			return recordItem(r.id, r.name ?? '', details, `${base}/${path}/detail/${r.id}`);
		}),
		...(body?._links?.next && records.length === RECORDS_PAGE
			? { paginationToken: String(page + 1) }
			: {}),
	};
}

export async function searchLeads(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'leads', filter, paginationToken);
}

export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'contacts', filter, paginationToken);
}

export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'companies', filter, paginationToken);
}

export const listSearch = {
	searchPipelines,
	searchStages,
	searchUsers,
	searchLossReasons,
	searchLeads,
	searchContacts,
	searchCompanies,
};
