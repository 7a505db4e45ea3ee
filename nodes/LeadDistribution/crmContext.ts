import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import type { ManagerRow } from '../shared/funnel/distribution/managers';
import type { Ownership } from '../shared/funnel/distribution/ownershipGuard';
import type { Strategy } from '../shared/funnel/distribution/strategies';
import { normalizeName } from '../shared/funnel/name';
import { crmCallError } from '../shared/n8n/crmErrors';
import { ownershipFromCrm } from './crmOwnership';
import { readCrmTeam, rowsFromCrmUsers, withCrmFacts, type CrmTeam } from './crmTeam';
import { DEFAULT_CONVERSION_DAYS, DEFAULT_RECENT_DAYS } from './description';

/** Everything the node learned from the CRM before deciding, read once per execution. */
export interface CrmSide {
	team: CrmTeam;
	/** Round robin balanced by the CRM's recent deals. */
	balanced: boolean;
	/** The guard's verdict per guarded item. */
	ownership: Map<number, Ownership>;
	/** Team rows naming users the CRM does not have (treated as absent). */
	unknownUsers: Set<string>;
}

interface DistributionOptions {
	defaultCountry?: string;
	emailField?: string;
	otherPhonesField?: string;
	phoneField?: string;
}

/**
 * With a CRM chosen: reads the users, the counts the strategy needs (open leads, conversion, recent deals) and the
 * owners of the clients, each in one batched call for all items. A failure stops the node with the CRM's words:
 * without the CRM's answer no lead can be given safely.
 */
export async function prepareCrm(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	strategy: Strategy,
	rowsOf: (i: number) => ManagerRow[] | null,
): Promise<CrmSide | null> {
	const options = this.getNodeParameter('options', 0, {}) as DistributionOptions;
	const crm = getFunnelCrm(this, { defaultCountry: options.defaultCountry });
	if (!crm) return null;
	const balanced =
		strategy === 'roundRobin' && this.getNodeParameter('turnsFrom', 0, 'crm') === 'crm';
	const notOwners = listOf(this.getNodeParameter('notOwners', 0, ''));
	try {
		const users = new Map((await crm.listUsers()).map((u) => [u.id, u]));
		const userIds = new Set<string>();
		for (let i = 0; i < items.length; i++) {
			const fromCrm =
				this.getNodeParameter('managersSource', i, 'table') === 'crmUsers'
					? rowsFromCrmUsers(users, listOf(this.getNodeParameter('crmUsers', i, [])), notOwners)
					: null;
			const rows = fromCrm ? (fromCrm.ok ? fromCrm.rows : null) : rowsOf(i);
			for (const row of rows ?? []) if (normalizeName(row.id)) userIds.add(normalizeName(row.id));
		}
		const team = await readCrmTeam(
			crm,
			{
				openLeads:
					strategy === 'leastOpenLeads' || Number(this.getNodeParameter('loadCap', 0, 0)) > 0,
				conversion:
					strategy === 'byConversion' || Number(this.getNodeParameter('minConversion', 0, 0)) > 0,
				received: balanced,
				userIds: [...userIds],
				pipelineIds: listOf(this.getNodeParameter('pipelines', 0, [])),
				conversionDays:
					Number(this.getNodeParameter('conversionDays', 0, DEFAULT_CONVERSION_DAYS)) ||
					DEFAULT_CONVERSION_DAYS,
				recentDays:
					Number(this.getNodeParameter('recentDays', 0, DEFAULT_RECENT_DAYS)) ||
					DEFAULT_RECENT_DAYS,
			},
			users,
		);
		const guarded = items
			.map((item, index) => ({ index, json: item.json }))
			.filter(({ index }) => this.getNodeParameter('guard', index, true) as boolean);
		// A deactivated user, or the integration's own user (deals it created without a manager), owns nobody.
		const inactive = [...users.values()].filter((u) => !u.active || u.isTechnical).map((u) => u.id);
		const ownership = guarded.length
			? await ownershipFromCrm(
					crm,
					guarded,
					{
						phone: options.phoneField || 'phone',
						otherPhones: options.otherPhonesField || 'otherPhones',
						email: options.emailField || 'email',
					},
					options.defaultCountry ?? 'RU',
					[...notOwners, ...inactive],
				)
			: new Map<number, Ownership>();
		return { team, balanced, ownership, unknownUsers: new Set() };
	} catch (error) {
		throw crmCallError(this.getNode(), error);
	}
}

/** The rows of one item's team with what the CRM knows of each user. */
export function rowsWithCrm(
	this: IExecuteFunctions,
	i: number,
	side: CrmSide,
	rowsOf: (i: number) => ManagerRow[] | null,
): ManagerRow[] | null {
	const notOwners = listOf(this.getNodeParameter('notOwners', i, ''));
	let rows: ManagerRow[] | null;
	if (this.getNodeParameter('managersSource', i, 'table') === 'crmUsers') {
		const fromCrm = rowsFromCrmUsers(
			side.team.users,
			listOf(this.getNodeParameter('crmUsers', i, [])),
			notOwners,
		);
		if (!fromCrm.ok) {
			throw new NodeOperationError(
				this.getNode(),
				`No manager to give leads to: ${fromCrm.reason}`,
				{
					itemIndex: i,
					description:
						'Pick the sales managers in "Users Who Take Leads" (in a template: the Managers field of the Setup node). Administrators, the account\'s owner and the integration\'s own user take leads only when picked there.',
				},
			);
		}
		rows = fromCrm.rows;
	} else rows = rowsOf(i);
	if (!rows) return null;
	return rows.map((row) => {
		const { row: enriched, unknownUser } = withCrmFacts(row, side.team);
		if (unknownUser) side.unknownUsers.add(normalizeName(row.name) || normalizeName(row.id));
		return enriched;
	});
}

/** "a, b", ["a", "b"], 8512345 → ['a', 'b']. */
export function listOf(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : String(value).split(/[,;\n]/);
	return list
		.map((v) => normalizeName(typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : v))
		.filter(Boolean);
}
