import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	parseManagers,
	personKey,
	type Manager,
	type ManagerRow,
} from '../shared/funnel/distribution/managers';
import { checkOwnership, stageSemanticsOf } from '../shared/funnel/distribution/ownershipGuard';
import {
	pickManager,
	pruneRotation,
	rotationFrom,
	type DistributionSettings,
	type RotationState,
	type Strategy,
} from '../shared/funnel/distribution/strategies';
import { normalizeName } from '../shared/funnel/name';
import { itemFrom } from '../shared/n8n/items';
import { claimKey } from '../shared/claims/claimStore';
import { openClaimStore } from '../shared/n8n/claimOptions';
import { listOf, prepareCrm, rowsWithCrm } from './crmContext';

const ASSIGNED = 0;
const OWNED = 1;

/**
 * Lead Distribution. Without a CRM the turn of round robin (and of the by-conversion rotation) lives in this node's
 * workflow static data: n8n saves it after each production execution and the last execution to finish wins, so two
 * executions running at the same moment both start from the same turn and one advance is lost — a manager may get
 * one lead more than their share. With a CRM, round robin is balanced by the deals each manager received lately
 * (the CRM is shared by every worker and always current), so such an extra lead is made up by the next execution;
 * static data then only breaks ties. No lead is ever lost or left unassigned. Test runs in the editor do not save
 * static data.
 */
export async function executeLeadDistribution(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const strategy = this.getNodeParameter('strategy', 0) as Strategy;
	const tableRows = (i: number) => rowsOf.call(this, i);
	const crm = await prepareCrm.call(this, items, strategy, (i) => {
		try {
			return tableRows(i);
		} catch {
			return null;
		}
	});
	const staticData = this.getWorkflowStaticData('node');
	const saved = (staticData.rotation ?? {}) as Record<string, unknown>;
	const rotationKey = crm?.balanced ? 'roundRobinByCrm' : strategy;
	let rotation: RotationState = rotationFrom(saved[rotationKey]);
	const given = new Map<string, number>();
	let lastTeam: Manager[] = [];
	const outputs: INodeExecutionData[][] = [[], []];
	// With a claim store, round robin's turn is a counter every execution and worker increments atomically.
	const claims = strategy === 'roundRobin' ? await openClaimStore(this) : null;
	const counter = claims && claimKey(claims.prefix, 'turn', this.getNode().id);
	try {
		for (let i = 0; i < items.length; i++) {
			const lead = items[i].json;
			try {
				const rows = crm ? rowsWithCrm.call(this, i, crm, tableRows) : tableRows(i);
				const team = managersOf.call(this, i, rows ?? []);
				lastTeam = team;

				if (this.getNodeParameter('guard', i, true) as boolean) {
					const ownership = crm
						? (crm.ownership.get(i) ?? { owned: false as const })
						: ownershipOf.call(this, i);
					if (ownership.owned) {
						const owner = team.find(
							(m) =>
								personKey(m.id) === personKey(ownership.ownerId) ||
								personKey(m.name) === personKey(ownership.ownerId),
						);
						const name = owner?.name ?? crm?.team.users.get(ownership.ownerId)?.name ?? null;
						const where = {
							...(ownership.dealId ? { dealId: ownership.dealId } : {}),
							...(ownership.taskId ? { taskId: ownership.taskId } : {}),
						};
						outputs[OWNED].push(
							itemFrom(
								{
									...lead,
									owner: {
										userId: ownership.ownerId,
										name,
										rule: ownership.rule,
										reason: ownership.reason,
										...where,
									},
								},
								i,
							),
						);
						continue;
					}
				}

				const settings: DistributionSettings = {
					strategy,
					loadCap: positiveOrNull(this.getNodeParameter('loadCap', i, 0) as number),
					minConversion: positiveOrNull(this.getNodeParameter('minConversion', i, 0) as number),
					received: crm?.balanced ? receivedByKey(team, crm.team.received) : null,
					turn: claims && counter ? (await claims.store.increment(counter, 1)) - 1 : null,
				};
				const pick = pickManager(team, given, rotation, settings);
				if (!pick.ok) {
					throw new NodeOperationError(
						this.getNode(),
						`No manager can take this lead: ${pick.reason}`,
						{
							itemIndex: i,
							description:
								'Check the team: someone must be present (active in the CRM), with a weight above 0 (and a conversion for By Conversion).',
						},
					);
				}
				rotation = pick.rotation;
				const manager = pick.decision.manager;
				given.set(manager.key, (given.get(manager.key) ?? 0) + 1);
				outputs[ASSIGNED].push(
					itemFrom(
						{
							...lead,
							responsibleUserId: manager.id || null,
							assignee: {
								id: manager.id || null,
								name: manager.name,
								strategy: pick.decision.strategy,
								reason: pick.decision.reason,
							},
						},
						i,
					),
				);
			} catch (error) {
				if (!this.continueOnFail())
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
				outputs[ASSIGNED].push(itemFrom({ ...lead, error: (error as Error).message }, i));
			}
		}
	} finally {
		await claims?.store.close();
	}

	if (given.size > 0)
		staticData.rotation = {
			...saved,
			[rotationKey]: pruneRotation(rotation, lastTeam),
		} as unknown as IDataObject;
	if (crm?.unknownUsers.size) {
		this.addExecutionHints({
			message: `${[...crm.unknownUsers].join(', ')} ${crm.unknownUsers.size === 1 ? 'is' : 'are'} not a user of the CRM and got no leads. Check the CRM user IDs in the team.`,
			location: 'outputPane',
		});
	}
	return outputs;
}

/** The team as typed in the table or given as JSON (CRM users are read in crmContext.ts). */
function rowsOf(this: IExecuteFunctions, i: number): ManagerRow[] {
	const source = this.getNodeParameter('managersSource', i, 'table') as string;
	if (source === 'crmUsers') {
		throw new NodeOperationError(
			this.getNode(),
			'The team comes from CRM users, but no CRM is chosen',
			{
				itemIndex: i,
				description:
					'Choose amoCRM or Bitrix24 in the CRM parameter, or take the team from the table.',
			},
		);
	}
	if (source === 'json') {
		const value = this.getNodeParameter('managersJson', i, '[]') as unknown;
		const parsed = typeof value === 'string' ? parseJson(value) : value;
		if (!Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Managers (JSON) is not a list', {
				itemIndex: i,
				description:
					'Give a JSON array such as [{ "name": "Анна", "id": "8512345", "weight": 1 }].',
			});
		}
		return parsed as ManagerRow[];
	}
	return this.getNodeParameter('managers.manager', i, []) as ManagerRow[];
}

function managersOf(this: IExecuteFunctions, i: number, rows: ManagerRow[]): Manager[] {
	const absent = listOf(this.getNodeParameter('absentManagers', i, ''));
	const team = parseManagers(rows, absent);
	if (!team.ok) {
		throw new NodeOperationError(this.getNode(), `The team is not usable: ${team.reason}`, {
			itemIndex: i,
			description:
				'Every manager needs a name or a CRM user ID (each once), a weight of 0 or more and a conversion between 0 and 100.',
		});
	}
	return team.managers;
}

/** The CRM's recent-deal counts (by user id) keyed the way the team is: by manager key. */
function receivedByKey(
	team: readonly Manager[],
	received: ReadonlyMap<string, number> | null,
): Map<string, number> {
	const byKey = new Map<string, number>();
	for (const m of team) byKey.set(m.key, (m.id && received?.get(m.id)) || 0);
	return byKey;
}

function ownershipOf(this: IExecuteFunctions, i: number) {
	const responsible = normalizeName(this.getNodeParameter('clientResponsible', i, ''));
	const stage = stageSemanticsOf(this.getNodeParameter('clientStage', i, ''));
	const taskOwners = listOf(this.getNodeParameter('openTaskOwners', i, ''));
	return checkOwnership(
		{
			responsibleUserId: responsible || null,
			stage,
			tasks: taskOwners.map((id) => ({ responsibleUserId: id, completed: false })),
		},
		{ notOwners: listOf(this.getNodeParameter('notOwners', i, '')) },
	);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function positiveOrNull(n: number): number | null {
	return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}
