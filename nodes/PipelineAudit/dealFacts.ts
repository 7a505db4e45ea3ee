/**
 * What the audit rules need beside each deal, gathered within the rate limits: the account's open tasks are read
 * once, page by page, before the deals (amoCRM: 250 a request; Bitrix24: 2,500 a request) — for a whole account
 * that is far fewer requests than asking per page of deals (amoCRM: 100 deal IDs a request); the calls are read
 * only for the new deals whose first response is measured.
 */
import type { CrmDeal, CrmTask, FunnelCrm } from '../shared/crm/types';
import type { DealFacts } from '../shared/funnel/audit/findings';
import { firstResponseAt, isWithinResponseWindow } from '../shared/funnel/audit/firstResponse';
import type { AuditSettings } from './settings';

export async function openTasksByDeal(crm: FunnelCrm): Promise<Map<string, CrmTask[]>> {
	const byDeal = new Map<string, CrmTask[]>();
	for (const task of await crm.listTasks({ completed: false })) {
		if (!task.dealId || task.completed) continue;
		const list = byDeal.get(task.dealId);
		if (list) list.push(task);
		else byDeal.set(task.dealId, [task]);
	}
	return byDeal;
}

export async function factsOfPage(crm: FunnelCrm, page: CrmDeal[], openTasks: Map<string, CrmTask[]>, settings: AuditSettings, now: string): Promise<DealFacts[]> {
	const measured = settings.rules.firstResponseMinutes === null ? [] : page.filter((d) => isWithinResponseWindow(d.createdAt, now, settings.firstResponseWindowDays));
	const calls = measured.length ? await crm.listCalls(measured.map((d) => d.id)) : new Map();
	const measuredIds = new Set(measured.map((d) => d.id));
	return page.map((deal) => ({
		deal,
		openTasks: openTasks.get(deal.id) ?? [],
		...(measuredIds.has(deal.id) ? { firstResponseAt: firstResponseAt(calls.get(deal.id) ?? [], deal.createdAt) } : {}),
	}));
}
