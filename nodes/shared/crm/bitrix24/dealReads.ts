/**
 * Deals (or leads, on the lead funnel) read by ID in batches of 50, or scanned page by page by ID so that a bulk
 * job holds one page in memory.
 */
import type { CrmDeal, DealFilter } from '../types';
import type { Command } from './commands';
import { chunk, rowsOf, scanById } from './paging';
import { toApiDateTime } from './parse';
import { dealFromItem, dealFromLead, dealSelect, leadSelect } from './records';
import type { Bitrix24Scope } from './scope';

export async function getDeals(scope: Bitrix24Scope, ids: string[]): Promise<Map<string, CrmDeal>> {
	const result = new Map<string, CrmDeal>();
	const wanted = [...new Set(ids.filter(Boolean))];
	if (wanted.length === 0) return result;
	const runner = await scope.runner();
	const ctx = await scope.parseContext();
	const commands: Command[] =
		scope.entity === 'deal'
			? chunk(wanted).map((part) => ({
					method: 'crm.item.list',
					params: {
						entityTypeId: 2,
						useOriginalUfNames: 'Y',
						filter: { '@id': part.map(Number) },
						select: dealSelect(ctx),
						start: -1,
					},
				}))
			: chunk(wanted).map((part) => ({
					method: 'crm.lead.list',
					params: { filter: { '@ID': part }, select: leadSelect(ctx), start: -1 },
				}));
	for (const answer of await runner.run(commands)) {
		if (!answer.ok) throw answer.error;
		for (const row of rowsOf(answer.value)) {
			const deal = scope.entity === 'deal' ? dealFromItem(row, ctx) : dealFromLead(row, ctx);
			result.set(deal.id, deal);
		}
	}
	return result;
}

export async function* listDeals(
	scope: Bitrix24Scope,
	filter: DealFilter,
): AsyncIterable<CrmDeal[]> {
	const { client } = await scope.connect();
	const ctx = await scope.parseContext();
	if (scope.entity === 'deal') {
		const f: Record<string, unknown> = {};
		if (filter.pipelineIds?.length) f['@categoryId'] = filter.pipelineIds.map(Number);
		if (filter.stageIds?.length) f['@stageId'] = filter.stageIds;
		if (filter.responsibleUserIds?.length)
			f['@assignedById'] = filter.responsibleUserIds.map(Number);
		if (filter.openOnly) f.stageSemanticId = 'P';
		if (filter.createdFrom) f['>=createdTime'] = toApiDateTime(filter.createdFrom);
		if (filter.createdTo) f['<=createdTime'] = toApiDateTime(filter.createdTo);
		if (filter.updatedFrom) f['>=updatedTime'] = toApiDateTime(filter.updatedFrom);
		if (filter.updatedTo) f['<=updatedTime'] = toApiDateTime(filter.updatedTo);
		for await (const page of scanById(
			client,
			'crm.item.list',
			{ entityTypeId: 2, useOriginalUfNames: 'Y', filter: f, select: dealSelect(ctx) },
			{ idField: 'id' },
		)) {
			yield page.map((row) => dealFromItem(row, ctx));
		}
		return;
	}
	const f: Record<string, unknown> = {};
	if (filter.stageIds?.length) f['@STATUS_ID'] = filter.stageIds;
	if (filter.responsibleUserIds?.length) f['@ASSIGNED_BY_ID'] = filter.responsibleUserIds;
	if (filter.openOnly) f.STATUS_SEMANTIC_ID = 'P';
	if (filter.createdFrom) f['>=DATE_CREATE'] = toApiDateTime(filter.createdFrom);
	if (filter.createdTo) f['<=DATE_CREATE'] = toApiDateTime(filter.createdTo);
	if (filter.updatedFrom) f['>=DATE_MODIFY'] = toApiDateTime(filter.updatedFrom);
	if (filter.updatedTo) f['<=DATE_MODIFY'] = toApiDateTime(filter.updatedTo);
	for await (const page of scanById(
		client,
		'crm.lead.list',
		{ filter: f, select: leadSelect(ctx) },
		{ idField: 'ID' },
	)) {
		yield page.map((row) => dealFromLead(row, ctx));
	}
}
