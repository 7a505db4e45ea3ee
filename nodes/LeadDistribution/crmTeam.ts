import type { FunnelCrm } from '../shared/crm';
import type { CrmDeal, CrmUser, DealFilter } from '../shared/crm/types';
import { openLeadsByUser, receivedByUser } from '../shared/funnel/distribution/crmHistory';
import { closedByUser, conversions, type Conversion } from '../shared/funnel/metrics/conversion';
import type { ManagerRow } from '../shared/funnel/distribution/managers';
import { defaultSalesTeam, describeLeftOut } from '../shared/funnel/distribution/salesTeam';

const DAY_MS = 86_400_000;

/** What the CRM tells about the team, read once per execution. */
export interface CrmTeam {
	users: Map<string, CrmUser>;
	/** Open deals per user; null when nothing needs them. */
	openLeads: Map<string, number> | null;
	conversion: { byUser: Map<string, Conversion>; team: Conversion } | null;
	/** Deals created lately per user (round robin balanced by the CRM); null when not used. */
	received: Map<string, number> | null;
}

export interface CrmTeamNeeds {
	openLeads: boolean;
	conversion: boolean;
	received: boolean;
	userIds: string[];
	pipelineIds: string[];
	conversionDays: number;
	recentDays: number;
}

/**
 * Reads, only as the strategy needs them, the deals to count: open deals (leads in work), deals
 * closed in the conversion window (won of closed) and deals created in the recent window. Each is one paged listing
 * filtered by the team's users (and the pipelines chosen), so its cost is the team's deals, not the account's.
 */
export async function readCrmTeam(
	crm: FunnelCrm,
	needs: CrmTeamNeeds,
	users: Map<string, CrmUser>,
	now = Date.now(),
): Promise<CrmTeam> {
	const base: DealFilter = {
		responsibleUserIds: needs.userIds,
		...(needs.pipelineIds.length ? { pipelineIds: needs.pipelineIds } : {}),
	};
	const team: CrmTeam = { users, openLeads: null, conversion: null, received: null };
	if (needs.userIds.length === 0) return team;
	if (needs.openLeads)
		team.openLeads = openLeadsByUser(await allDeals(crm, { ...base, openOnly: true }));
	if (needs.conversion) {
		const since = new Date(now - needs.conversionDays * DAY_MS).toISOString();
		const pipelines = await crm.listPipelines();
		const closedStages = pipelines
			.filter((p) => needs.pipelineIds.length === 0 || needs.pipelineIds.includes(p.id))
			.flatMap((p) => p.stages.filter((s) => s.semantics !== 'open').map((s) => s.id));
		const closed = closedStages.length
			? await allDeals(crm, { ...base, stageIds: [...new Set(closedStages)], updatedFrom: since })
			: [];
		team.conversion = conversions(closedByUser(closed, since), needs.userIds);
	}
	if (needs.received) {
		const since = new Date(now - needs.recentDays * DAY_MS).toISOString();
		team.received = receivedByUser(await allDeals(crm, { ...base, createdFrom: since }), since);
	}
	return team;
}

async function allDeals(crm: FunnelCrm, filter: DealFilter): Promise<CrmDeal[]> {
	const deals: CrmDeal[] = [];
	for await (const page of crm.listDeals(filter)) deals.push(...page);
	return deals;
}

/**
 * The team as rows the distribution core reads: the users picked in the CRM, or — none picked — the users who sell
 * (salesTeam.ts: no administrator, owner, integration user, bot, outsider or deactivated user). When that leaves
 * nobody, the reason names everyone left out.
 */
export function rowsFromCrmUsers(
	users: ReadonlyMap<string, CrmUser>,
	picked: readonly string[],
	notOwners: readonly string[],
): { ok: true; rows: ManagerRow[] } | { ok: false; reason: string } {
	if (picked.length)
		return { ok: true, rows: picked.map((id) => ({ id, name: users.get(id)?.name ?? '' })) };
	const team = defaultSalesTeam(users.values(), notOwners);
	if (team.sellers.length === 0) {
		return {
			ok: false,
			reason: team.leftOut.length
				? `nobody in the CRM sells by default — ${describeLeftOut(team.leftOut)}`
				: 'the CRM has no users',
		};
	}
	return { ok: true, rows: team.sellers.map((u) => ({ id: u.id, name: u.name })) };
}

/**
 * A row as the CRM sees it: absent when the user is deactivated or unknown to the CRM, named by the CRM when the
 * row has no name, and with the open leads and conversion the CRM counted (when they were counted). A manager
 * without closed deals in the window gets the team's conversion: too new to judge.
 */
export function withCrmFacts(
	row: ManagerRow,
	team: CrmTeam,
): { row: ManagerRow; unknownUser: boolean } {
	const id = String(row.id ?? '').trim();
	if (!id) return { row, unknownUser: false };
	const user = team.users.get(id);
	const next: ManagerRow = { ...row, name: row.name || user?.name || id };
	if (!user || !user.active) next.absent = true;
	if (team.openLeads) next.openLeads = team.openLeads.get(id) ?? 0;
	if (team.conversion)
		next.conversion = team.conversion.byUser.get(id)?.percent ?? team.conversion.team.percent ?? 0;
	return { row: next, unknownUser: !user };
}
