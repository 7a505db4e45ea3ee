import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { createAmoCrmFunnel } from '../../shared/crm/amocrm';
import { nameKey } from '../../shared/crm/stages';
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

export const listSearch = { searchPipelines, searchStages, searchUsers, searchLossReasons };
