/** Each call's earlier calls: the deals' call history in one batched listCalls, or the field the user names. */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { FunnelCrm } from '../shared/crm/types';
import { callsFromField } from '../shared/funnel/calls/attemptHistory';
import { crmCallError } from '../shared/n8n/funnelCrmErrors';
import { itemParameter } from './itemParameter';
import type { CallAttemptsSettings } from './settings';
import type { CallWork, ItemFailure } from './work';

export async function readHistory(
	ctx: IExecuteFunctions,
	crm: FunnelCrm | null,
	work: CallWork[],
	settings: CallAttemptsSettings,
	failures: ItemFailure[],
): Promise<CallWork[]> {
	if (settings.historySource === 'crm' && crm) {
		const dealIds = [...new Set(work.flatMap((w) => (w.deal ? [w.deal.id] : [])))];
		try {
			const calls = dealIds.length ? await crm.listCalls(dealIds) : new Map();
			for (const w of work) {
				w.earlierCalls = (w.deal && calls.get(w.deal.id)) || [];
				w.earlierCount = w.earlierCalls.length;
			}
			return work;
		} catch (error) {
			throw crmCallError(ctx.getNode(), error);
		}
	}
	const ready: CallWork[] = [];
	const historyField = itemParameter(ctx, 'historyField', 0);
	for (const w of work) {
		let history: ReturnType<typeof callsFromField>;
		try {
			history = callsFromField(historyField(w.index));
		} catch (error) {
			failures.push({
				index: w.index,
				error: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: w.index }),
			});
			continue;
		}
		if (history.ok) {
			w.earlierCalls = history.calls;
			w.earlierCount = history.calls.length;
			ready.push(w);
		} else {
			failures.push({
				index: w.index,
				error: new NodeOperationError(ctx.getNode(), `Earlier Calls: ${history.reason}`, {
					itemIndex: w.index,
					description:
						'Give a number of earlier calls (e.g. 2), or a list such as [{ "at": "2026-03-14T10:00:00Z", "outcome": "no_answer" }].',
				}),
			});
		}
	}
	return ready;
}
