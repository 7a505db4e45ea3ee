/** How amoCRM's answers to a batched create map back to the items sent: by `request_id`, else by position. */
import type { CreatedLead } from './existing';
import type { RawComplexResult } from './rawTypes';

/** The complex answer is a bare array; `request_id` (a list when duplicate control merged several) maps it back. */
export function complexResults(
	payloads: Array<{ request_id: string }>,
	answer: RawComplexResult[],
): CreatedLead[] {
	const byRequest = new Map<string, RawComplexResult>();
	for (const result of answer)
		for (const id of [result.request_id].flat()) byRequest.set(String(id), result);
	return payloads.map((p, i) => {
		const result = byRequest.get(p.request_id) ?? answer[i];
		return result
			? {
					dealId: String(result.id),
					contactId: result.contact_id ? String(result.contact_id) : null,
					merged: result.merged === true,
				}
			: (undefined as never);
	});
}

export function byRequestId<T, R>(
	batch: Array<{ request_id: string }>,
	answer: Array<{ id: number; request_id?: string } & T>,
	map: (item: { id: number } & T) => R,
): R[] {
	const byRequest = new Map(answer.map((a, i) => [a.request_id ?? batch[i]?.request_id, a]));
	return batch.map((p, i) => {
		const found = byRequest.get(p.request_id) ?? answer[i];
		return found ? map(found) : (undefined as never);
	});
}
