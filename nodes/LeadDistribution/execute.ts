import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { parseManagers, personKey, type Manager, type ManagerRow } from '../shared/funnel/distribution/managers';
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

const ASSIGNED = 0;
const OWNED = 1;

/**
 * Lead Distribution. The turn of round robin (and of the by-conversion rotation) lives in this node's workflow
 * static data, so it survives executions and queue-mode workers. n8n saves static data after each production
 * execution and the last execution to finish wins: two executions running at the same moment both start from
 * the same turn, and one of their advances is lost — a manager may get one lead more than their share; no
 * lead is ever lost or left unassigned. Test runs in the editor do not save static data.
 */
export async function executeLeadDistribution(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const strategy = this.getNodeParameter('strategy', 0) as Strategy;
	const staticData = this.getWorkflowStaticData('node');
	const saved = (staticData.rotation ?? {}) as Record<string, unknown>;
	let rotation: RotationState = rotationFrom(saved[strategy]);
	const given = new Map<string, number>();
	let lastTeam: Manager[] = [];
	const outputs: INodeExecutionData[][] = [[], []];

	for (let i = 0; i < items.length; i++) {
		const lead = items[i].json;
		try {
			const team = managersOf.call(this, i);
			lastTeam = team;

			if (this.getNodeParameter('guard', i, true) as boolean) {
				const ownership = ownershipOf.call(this, i);
				if (ownership.owned) {
					const owner = team.find((m) => personKey(m.id) === personKey(ownership.ownerId) || personKey(m.name) === personKey(ownership.ownerId));
					outputs[OWNED].push(
						itemFrom({ ...lead, owner: { userId: ownership.ownerId, name: owner?.name ?? null, rule: ownership.rule, reason: ownership.reason } }, i),
					);
					continue;
				}
			}

			const settings: DistributionSettings = {
				strategy,
				loadCap: positiveOrNull(this.getNodeParameter('loadCap', i, 0) as number),
				minConversion: positiveOrNull(this.getNodeParameter('minConversion', i, 0) as number),
			};
			const pick = pickManager(team, given, rotation, settings);
			if (!pick.ok) {
				throw new NodeOperationError(this.getNode(), `No manager can take this lead: ${pick.reason}`, {
					itemIndex: i,
					description: 'Check the Managers table: someone must be present, with a weight above 0 (and a conversion for By Conversion).',
				});
			}
			rotation = pick.rotation;
			const manager = pick.decision.manager;
			given.set(manager.key, (given.get(manager.key) ?? 0) + 1);
			outputs[ASSIGNED].push(
				itemFrom(
					{
						...lead,
						responsibleUserId: manager.id || null,
						assignee: { id: manager.id || null, name: manager.name, strategy: pick.decision.strategy, reason: pick.decision.reason },
					},
					i,
				),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			outputs[ASSIGNED].push(itemFrom({ ...lead, error: (error as Error).message }, i));
		}
	}

	if (given.size > 0) staticData.rotation = { ...saved, [strategy]: pruneRotation(rotation, lastTeam) } as unknown as IDataObject;
	return outputs;
}

function managersOf(this: IExecuteFunctions, i: number): Manager[] {
	const source = this.getNodeParameter('managersSource', i, 'table') as string;
	let rows: ManagerRow[];
	if (source === 'json') {
		const value = this.getNodeParameter('managersJson', i, '[]') as unknown;
		const parsed = typeof value === 'string' ? parseJson(value) : value;
		if (!Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Managers (JSON) is not a list', {
				itemIndex: i,
				description: 'Give a JSON array such as [{ "name": "Анна", "id": "8512345", "weight": 1 }].',
			});
		}
		rows = parsed as ManagerRow[];
	} else {
		rows = this.getNodeParameter('managers.manager', i, []) as ManagerRow[];
	}
	const absent = listOf(this.getNodeParameter('absentManagers', i, ''));
	const team = parseManagers(rows, absent);
	if (!team.ok) {
		throw new NodeOperationError(this.getNode(), `The team is not usable: ${team.reason}`, {
			itemIndex: i,
			description: 'Every manager needs a name or a CRM user ID (each once), a weight of 0 or more and a conversion between 0 and 100.',
		});
	}
	return team.managers;
}

function ownershipOf(this: IExecuteFunctions, i: number) {
	const responsible = normalizeName(this.getNodeParameter('clientResponsible', i, ''));
	const stage = stageSemanticsOf(this.getNodeParameter('clientStage', i, ''));
	const taskOwners = listOf(this.getNodeParameter('openTaskOwners', i, ''));
	return checkOwnership(
		{ responsibleUserId: responsible || null, stage, tasks: taskOwners.map((id) => ({ responsibleUserId: id, completed: false })) },
		{ notOwners: listOf(this.getNodeParameter('notOwners', i, '')) },
	);
}

/** "a, b", ["a", "b"], 8512345 → ['a', 'b']. */
function listOf(value: unknown): string[] {
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : String(value).split(/[,;\n]/);
	return list.map((v) => normalizeName(typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : v)).filter(Boolean);
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
