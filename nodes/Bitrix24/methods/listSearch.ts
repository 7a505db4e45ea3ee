/** Searchable lists for resource locators: users (responsible persons), deal pipelines and stages. */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createBitrix24Funnel } from '../../shared/crm/bitrix24';
import type { Bitrix24Client } from '../../shared/crm/bitrix24/client';
import { recordItem } from '../../shared/n8n/recordPicker';
import { currentLocatorValue, pipelineList, stageList } from '../../shared/n8n/stagePicker';
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

const PHONE_LIKE = /^[+\d\s().-]{5,}$/;

/**
 * The filter for what was typed: a phone through Bitrix24's duplicate search (it matches phones in any spelling:
 * 8… and +7…, spaces, dashes), an e-mail exactly, else part of the title — of a contact, the last name. Undefined
 * when a phone matches nothing.
 */
async function recordFilter(
	client: Bitrix24Client,
	entity: Entity,
	text: string,
): Promise<Record<string, unknown> | undefined> {
	if (!text) return {};
	if (entity !== 'deal' && /^[^\s@]+@[^\s@]+$/.test(text)) return { EMAIL: text };
	if (entity !== 'deal' && PHONE_LIKE.test(text)) {
		const type = entity.toUpperCase();
		const found = await client.call('crm.duplicate.findbycomm', {
			type: 'PHONE',
			values: [text],
			entity_type: type,
		});
		const ids = (found.result as Record<string, number[]> | null)?.[type] ?? [];
		return ids.length ? { '@ID': ids } : undefined;
	}
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
	const where = await recordFilter(client, entity, (filter ?? '').trim());
	if (!where) return { results: [] };
	const answer = await client.call(`crm.${entity}.list`, {
		select: [
			'ID',
			'TITLE',
			'NAME',
			'LAST_NAME',
			'OPPORTUNITY',
			...(withContacts ? ['PHONE', 'EMAIL'] : []),
		],
		filter: where,
		order: { ID: 'DESC' },
		start: Number(paginationToken) || 0,
	});
	const origin = new URL(webhook.base).origin;
	const rows = (Array.isArray(answer.result) ? answer.result : []) as Array<
		Record<string, unknown>
	>;
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
