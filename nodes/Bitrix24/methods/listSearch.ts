/** Searchable lists for resource locators: users (responsible persons) and deal pipelines. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createBitrix24Funnel } from '../../shared/crm/bitrix24';

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

export async function searchCategories(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const pipelines = await createBitrix24Funnel(this, { entity: 'deal' }).listPipelines();
	return {
		results: pipelines
			.filter((p) => matches(filter, p.name, p.id))
			.map((p) => ({ name: p.name, value: p.id })),
	};
}
