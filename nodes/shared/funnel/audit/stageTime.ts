import type { CrmDeal } from '../../crm/types';

/**
 * Since when the deal has been in its stage, and how that is known: the stage change itself; or no stage change
 * since a moment (the deal is older there than its last change or that moment says); or only its last change.
 */
export function stageSince(deal: CrmDeal): { ms: number; basis: string } {
	if (deal.stageChangedAt)
		return { ms: Date.parse(deal.stageChangedAt), basis: 'since it entered the stage' };
	const updated = Date.parse(deal.updatedAt);
	if (deal.stageEnteredBy) {
		const by = Date.parse(deal.stageEnteredBy);
		return {
			ms: Number.isNaN(updated) ? by : Math.min(by, updated),
			basis: `or more (no stage change in the CRM's history since ${deal.stageEnteredBy.slice(0, 10)})`,
		};
	}
	return { ms: updated, basis: 'since its last change' };
}
