/** Searchable lists for resource locators: users (responsible persons), deal pipelines and stages. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createBitrix24Funnel } from '../../shared/crm/bitrix24';
import { currentLocatorValue, pipelineList, stageList } from '../../shared/n8n/stagePicker';

function matches(filter: string | undefined, ...texts: string[]): boolean {
	if (!filter) return true;
	const wanted = filter.toLowerCase().replace(/ё/g, 'е');
	return texts.some((t) => t.toLowerCase().replace(/ё/g, 'е').includes(wanted));
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const users = await createBitrix24Funnel(this).listUsers();
	return {
		results: users
			.filter((u) => u.active && matches(filter, u.name, u.email ?? '', u.id))
			.map((u) => ({ name: u.email ? `${u.name} (${u.email})` : u.name, value: u.id })),
	};
}

export async function searchPipelines(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const pipelines = await createBitrix24Funnel(this, { entity: 'deal' }).listPipelines();
	return pipelineList(pipelines, filter);
}

/** The stages of the chosen deal pipeline (all of them while none is chosen), or the lead statuses. */
export async function searchStages(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const entity = this.getCurrentNodeParameter('resource') === 'lead' ? 'lead' : 'deal';
	const pipelines = await createBitrix24Funnel(this, { entity }).listPipelines();
	return stageList(
		pipelines,
		entity === 'lead' ? (pipelines[0]?.id ?? '') : currentLocatorValue(this, 'category'),
		filter,
	);
}
