/** Dropdowns filled from the CRM chosen on the node: its users (the team) and its pipelines (what counts). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getFunnelCrm } from '../../shared/crm';
import { notASellerBecause } from '../../shared/funnel/distribution/salesTeam';

export async function getCrmUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const crm = getFunnelCrm(this);
	if (!crm) return [];
	const users = await crm.listUsers();
	return users
		.map((u) => {
			// Say why a user takes no leads unless picked (administrator, deactivated…), so the list explains the default.
			const why = notASellerBecause(u);
			return {
				name: why.length ? `${u.name} (${why.join(', ')})` : u.name,
				value: u.id,
				description: [u.email, `ID ${u.id}`].filter(Boolean).join(' · '),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getCrmPipelines(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const crm = getFunnelCrm(this);
	if (!crm) return [];
	const pipelines = await crm.listPipelines();
	return pipelines
		.map((p) => ({
			name: p.name,
			value: p.id,
			description: `${p.stages.length} stages${p.isMain ? ' · main' : ''}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const loadOptions = { getCrmUsers, getCrmPipelines };
