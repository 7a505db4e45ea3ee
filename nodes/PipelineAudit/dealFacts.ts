/**
 * What the audit rules need beside each deal, gathered within the rate limits: the account's open tasks are read
 * once, page by page, beside the deals (amoCRM: 250 a request; Bitrix24: 2,500 a request) — for a whole account
 * that is far fewer requests than asking per page of deals (amoCRM: 100 deal IDs a request). The calls are read
 * only for the new deals whose first response is measured, all of them at the end (a week's new deals are few),
 * so their IDs fill whole requests.
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

/** Whether a deal's first response is measured: the rule is on and the deal is one of the window's new deals. */
export function isMeasured(deal: CrmDeal, settings: AuditSettings, now: string): boolean {
	return (
		settings.rules.firstResponseMinutes !== null &&
		isWithinResponseWindow(deal.createdAt, now, settings.firstResponseWindowDays)
	);
}

export function factsOf(deals: CrmDeal[], openTasks: Map<string, CrmTask[]>): DealFacts[] {
	return deals.map((deal) => ({ deal, openTasks: openTasks.get(deal.id) ?? [] }));
}

/** The new deals with their first response, from one listCalls over all of them. */
export async function factsWithFirstResponse(
	crm: FunnelCrm,
	deals: CrmDeal[],
	openTasks: Map<string, CrmTask[]>,
): Promise<DealFacts[]> {
	if (deals.length === 0) return [];
	const calls = await crm.listCalls(deals.map((d) => d.id));
	return factsOf(deals, openTasks).map((facts) => ({
		...facts,
		firstResponseAt: firstResponseAt(calls.get(facts.deal.id) ?? [], facts.deal.createdAt),
	}));
}
