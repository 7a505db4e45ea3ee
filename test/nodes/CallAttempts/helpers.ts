import { DateTime } from 'luxon';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/runWorkflow';
import type { CrmWorld } from '../../support/crmWorlds';
import type { CrmState, StateCall, StateDeal } from '../../support/crmState';

export const NODE = 'Call Attempts';
export const OUT = { reached: 0, retry: 1, exhausted: 2, foreign: 3, skipped: 4 } as const;

/** Manual trigger → Call Attempts → one No-op per output, on the world's CRM. */
export function callAttemptsWorkflow(
	world: CrmWorld | null,
	parameters: INodeParameters,
	id = 'call-attempts-test',
): WorkflowJson {
	const outputs = ['Reached', 'Retry', 'Exhausted', 'Foreign', 'Skipped'];
	return {
		id,
		name: 'Call Attempts test',
		nodes: [
			{
				id: 'c1',
				name: 'Call finished',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'c2',
				name: NODE,
				type: 'n8n-nodes-sales-funnel.callAttempts',
				typeVersion: 1,
				position: [220, 0],
				parameters: { ...(world ? world.crmParameters : { crm: 'none' }), ...parameters },
				...(world ? { credentials: world.credentials } : {}),
			},
			...outputs.map((name, i) => ({
				id: `o${i}`,
				name,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [440, i * 100] as [number, number],
				parameters: {},
			})),
		],
		connections: {
			'Call finished': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: { main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]) },
		},
	};
}

/** A Webhook node's item carrying Zadarma's NOTIFY_OUT_END (our call to the client), as Zadarma posts it. */
export function zadarmaCallEnd(options: {
	callId: string;
	phone: string;
	disposition: 'answered' | 'busy' | 'no answer' | 'cancel';
	minutesAgo?: number;
	duration?: number;
}): IDataObject {
	const start = DateTime.now()
		.minus({ minutes: options.minutesAgo ?? 1 })
		.setZone('Europe/Moscow');
	return {
		headers: { 'content-type': 'application/x-www-form-urlencoded', signature: 'not-checked-here' },
		params: {},
		query: {},
		body: {
			event: 'NOTIFY_OUT_END',
			call_start: start.toFormat('yyyy-MM-dd HH:mm:ss'),
			pbx_call_id: options.callId,
			internal: '100',
			destination: options.phone.replace(/^\+/, ''),
			duration: String(options.duration ?? (options.disposition === 'answered' ? 95 : 0)),
			disposition: options.disposition,
			status_code:
				options.disposition === 'busy' ? '17' : options.disposition === 'answered' ? '16' : '19',
			is_recorded: '0',
			call_id_with_rec: '',
		},
	};
}

/** Calls without a conversation since the last one, as the seed 001 cadence counts them (missed incoming calls aside). */
export function failedSeries(calls: StateCall[]): { failed: number; lastWrongNumber: boolean } {
	const counted = calls
		.filter((c) => c.direction === 'outbound' || c.answered)
		.sort((a, b) => a.atMs - b.atMs);
	let failed = 0;
	for (let i = counted.length - 1; i >= 0 && !counted[i].answered; i--) failed++;
	const last = counted[counted.length - 1];
	return { failed, lastWrongNumber: Boolean(last && !last.answered && last.wrongNumber) };
}

/** Open deals of the webinar funnel with exactly `failed` calls without a conversation since the last one. */
export function dealsWithFailedCalls(
	state: CrmState,
	failed: number,
	exclude: string[] = [],
): StateDeal[] {
	return state.deals.filter((d) => {
		if (
			d.semantics !== 'open' ||
			d.incoming ||
			exclude.includes(d.id) ||
			!/Вебинар/.test(d.pipelineName)
		)
			return false;
		const calls = state.calls.filter((c) => c.dealId === d.id);
		const series = failedSeries(calls);
		return series.failed === failed && !series.lastWrongNumber;
	});
}

/** Moscow local time parts of an ISO moment. */
export function moscow(iso: string): DateTime {
	return DateTime.fromISO(iso, { zone: 'Europe/Moscow' });
}
