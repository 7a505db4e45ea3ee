/** Searchable lists for resource locators: users (responsible persons), deal pipelines and stages. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createBitrix24Funnel } from '../../shared/crm/bitrix24';
import { recordItem } from '../../shared/n8n/recordPicker';
import { currentLocatorValue, pipelineList, stageList } from '../../shared/n8n/stagePicker';
import { phoneForStorage } from '../actions/common';
import type { Entity } from '../actions/types';

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

type Multi = Array<{ VALUE?: string }> | undefined;

/**
 * The filter for what was typed: an e-mail or a phone as stored (Bitrix24 matches these exactly; a phone is tried in
 * the form this node stores it), else part of the title — of a contact, the last name.
 */
function recordFilter(entity: Entity, text: string): Record<string, string> {
	if (!text) return {};
	if (entity !== 'deal' && /^[^\s@]+@[^\s@]+$/.test(text)) return { EMAIL: text };
	if (entity !== 'deal' && /^[+\d\s()-]{5,}$/.test(text)) return { PHONE: phoneForStorage(text) };
	return entity === 'contact' ? { '%LAST_NAME': text } : { '%TITLE': text };
}

/** One page (50) of records for a record picker, newest first; Bitrix24's `next` is the pagination token. */
async function searchRecords(
	ctx: ILoadOptionsFunctions,
	entity: Entity,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const { client, webhook } = await createBitrix24Funnel(ctx).connect();
	const withContacts = entity !== 'deal';
	const answer = await client.call(`crm.${entity}.list`, {
		select: ['ID', 'TITLE', 'NAME', 'LAST_NAME', 'OPPORTUNITY', ...(withContacts ? ['PHONE', 'EMAIL'] : [])],
		filter: recordFilter(entity, (filter ?? '').trim()),
		order: { ID: 'DESC' },
		start: Number(paginationToken) || 0,
	});
	const origin = new URL(webhook.base).origin;
	const rows = (Array.isArray(answer.result) ? answer.result : []) as Array<Record<string, unknown>>;
	return {
		results: rows.map((r) => {
			const id = String(r.ID);
			const name =
				entity === 'contact'
					? [r.NAME, r.LAST_NAME].filter(Boolean).join(' ')
					: String(r.TITLE ?? '');
			const details = withContacts
				? [(r.PHONE as Multi)?.[0]?.VALUE, (r.EMAIL as Multi)?.[0]?.VALUE]
				: [Number(r.OPPORTUNITY) ? String(r.OPPORTUNITY) : undefined];
			return recordItem(id, name, [...details, `#${id}`], `${origin}/crm/${entity}/details/${id}/`);
		}),
		...(answer.next ? { paginationToken: String(answer.next) } : {}),
	};
}

export async function searchLeads(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'lead', filter, paginationToken);
}

export async function searchDeals(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'deal', filter, paginationToken);
}

export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'contact', filter, paginationToken);
}

export async function searchCompanies(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchRecords(this, 'company', filter, paginationToken);
}
