/**
 * The seeded leads' stage history — `lead_status_changed` events that lead from a first stage to where each lead is
 * now, in time between its creation and its last update (its close, for a closed lead) — and the products of some
 * won leads. Deterministic from the lead ids, so the account's other data is unchanged. Among the paths: stages
 * skipped, stages revisited, won leads reopened and won again, lost leads that were won first, and leads that came
 * from the other pipeline.
 */
import type { CrmEvent, Lead, Pipeline } from '../model';

const WON = 142;
const LOST = 143;
/** Catalog of the seeded products (a list in amoCRM's words). */
export const PRODUCTS_CATALOG_ID = 5_100_001;

function regularStages(pipeline: Pipeline): number[] {
	return pipeline.statuses
		.filter((s) => s.type === 0 && s.id !== WON && s.id !== LOST)
		.sort((a, b) => a.sort - b.sort)
		.map((s) => s.id);
}

/** A small deterministic generator per lead (the account's own PRNG stream stays as it was). */
function rng(seed: number) {
	let x = seed % 2_147_483_647 || 1;
	return () => {
		x = (x * 48_271) % 2_147_483_647;
		return x / 2_147_483_647;
	};
}

/** Stage path of one lead: [pipelineId, statusId] steps, the first being where it was made. */
function pathOf(lead: Lead, pipelines: Pipeline[]): Array<[number, number]> {
	const pipeline = pipelines.find((p) => p.id === lead.pipeline_id)!;
	const other = pipelines.find((p) => p.id !== lead.pipeline_id);
	const stages = regularStages(pipeline);
	const random = rng(lead.id);
	const target =
		lead.status_id === WON || lead.status_id === LOST
			? Math.floor(random() * stages.length)
			: Math.max(0, stages.indexOf(lead.status_id));
	const steps: Array<[number, number]> = [];
	const variant = lead.id % 13;
	// Came from the other pipeline's first stage.
	if (variant === 4 && other) steps.push([other.id, regularStages(other)[0]]);
	steps.push([pipeline.id, stages[0]]);
	for (let i = 1; i <= target; i++) {
		if (variant === 2 && i === target - 1) continue; // jumped over the stage before the last
		if (variant === 7 && i === 2 && target >= 3) {
			// Went on, back one stage, and on again.
			steps.push([pipeline.id, stages[i]], [pipeline.id, stages[i - 1]]);
		}
		steps.push([pipeline.id, stages[i]]);
	}
	if (lead.status_id === WON || lead.status_id === LOST) {
		// Won, reopened, and closed again.
		if (variant === 9) steps.push([pipeline.id, WON], [pipeline.id, stages[target]]);
		steps.push([pipeline.id, lead.status_id]);
	} else if (variant === 9 && stages.length > 1) {
		// A won lead reopened: back in its stage now.
		const last = steps[steps.length - 1][1];
		steps.push([pipeline.id, WON], [pipeline.id, last]);
	}
	if (steps[steps.length - 1][1] !== lead.status_id) steps.push([pipeline.id, lead.status_id]);
	return steps.filter((s, i) => i === 0 || s[0] !== steps[i - 1][0] || s[1] !== steps[i - 1][1]);
}

export function seedStageHistory(leads: Lead[], pipelines: Pipeline[]): CrmEvent[] {
	const events: CrmEvent[] = [];
	for (const lead of leads) {
		const steps = pathOf(lead, pipelines);
		const moves = steps.length - 1;
		if (moves <= 0) continue;
		const end = lead.closed_at ?? lead.updated_at;
		const span = Math.max(moves, end - lead.created_at);
		for (let i = 1; i <= moves; i++) {
			const [pipelineId, statusId] = steps[i];
			const [fromPipeline, fromStatus] = steps[i - 1];
			events.push({
				id: `01seed${lead.id.toString(36)}${i.toString(36).padStart(2, '0')}`,
				type: 'lead_status_changed',
				entity_id: lead.id,
				entity_type: 'lead',
				created_by: lead.responsible_user_id,
				created_at: i === moves ? end : lead.created_at + Math.floor((span * i) / (moves + 1)),
				value_before: [{ lead_status: { id: fromStatus, pipeline_id: fromPipeline } }],
				value_after: [{ lead_status: { id: statusId, pipeline_id: pipelineId } }],
			});
		}
	}
	return events.sort((a, b) => a.created_at - b.created_at);
}

/** Every third won lead lists 1–3 products of 1–4 units each. */
export function seedProducts(leads: Lead[]): void {
	let element = 6_100_000;
	for (const lead of leads) {
		if (lead.status_id !== WON || lead.id % 3 !== 0) continue;
		const random = rng(lead.id * 7);
		const lines = 1 + Math.floor(random() * 3);
		lead.catalog_elements = Array.from({ length: lines }, () => ({
			id: ++element,
			catalog_id: PRODUCTS_CATALOG_ID,
			quantity: 1 + Math.floor(random() * 4),
		}));
	}
}
