import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getFunnelCrm } from '../shared/crm';
import type { CrmPipeline, FunnelCrm } from '../shared/crm/types';
import { attemptsFromHistory } from '../shared/funnel/calls/attemptHistory';
import { decideNextCall } from '../shared/funnel/calls/cadence';
import { callKey } from '../shared/funnel/calls/callKey';
import { unknownDirectionReason } from '../shared/funnel/calls/direction';
import { phoneFactsOf } from '../shared/funnel/calls/phoneKind';
import { crmCallError } from '../shared/n8n/crmErrors';
import { planFollowUp } from '../shared/funnel/calls/followUp';
import { callReader } from './callInput';
import { findDeals } from './dealLookup';
import { recordCalls } from './callLog';
import { applyFollowUps, type Acted } from './followUpActions';
import { readHistory } from './history';
import { itemParameter } from './itemParameter';
import { attemptJson, OUTPUT, skippedJson, type Output } from './output';
import { forgetCalls, repeatedCalls } from './repeats';
import { readSettings, zoneForClient } from './settings';
import type { CallWork, ItemFailure } from './work';
import { claimCalls } from './claims';
import { openClaimStore } from '../shared/n8n/claimOptions';

/**
 * Call Attempts: read every call result (pure), find the deals and their call history in a few batched requests
 * for all items, decide each call (the pure cadence), then act on the CRM in batches — call-back tasks, closes,
 * stage moves — and send each item to exactly one output. A repeated delivery of a call goes to Skipped, and its
 * task is never made twice.
 */
export async function executeCallAttempts(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], [], [], [], []];
	if (items.length === 0) return outputs;
	const settings = readSettings.call(this);
	const readCall = callReader(this, settings);
	const now = new Date().toISOString();
	const send = (output: Output, index: number, json: IDataObject) =>
		outputs[output].push({ json, pairedItem: { item: index } });
	const failures: ItemFailure[] = [];

	// 1. Read each call (pure). Events that are not a finished call, internal calls, calls whose direction cannot be
	// told and in-run repeats are skipped.
	const work: CallWork[] = [];
	const seenKeys = new Set<string>();
	const leadTimeZone = itemParameter(this, 'leadTimeZone', '');
	const companyZone: CallWork['zone'] = { zone: settings.companyZone, from: 'company' };
	for (let i = 0; i < items.length; i++) {
		let parsed: ReturnType<typeof readCall>;
		let zone: CallWork['zone'];
		try {
			parsed = readCall(i, items[i].json);
			const clientZone = leadTimeZone(i);
			zone = clientZone ? zoneForClient(clientZone, settings.companyZone) : companyZone;
		} catch (error) {
			// An expression of this item that cannot be evaluated fails this item only.
			failures.push({
				index: i,
				error: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i }),
			});
			continue;
		}
		if (!parsed.ok) {
			if (parsed.notFinal) send(OUTPUT.skipped, i, skippedJson(parsed.reason, null, null));
			else
				failures.push({
					index: i,
					error: new NodeOperationError(this.getNode(), `Not a call result: ${parsed.reason}`, {
						itemIndex: i,
						description:
							'Choose the telephony in "Call Result From", or map the fields with Custom Mapping.',
					}),
				});
			continue;
		}
		const { call } = parsed;
		const key = callKey(call);
		if (call.direction === 'internal') {
			send(OUTPUT.skipped, i, skippedJson('an internal call between operators', call, key));
			continue;
		}
		if (call.direction === null) {
			send(OUTPUT.skipped, i, skippedJson(unknownDirectionReason(call.source), call, key));
			continue;
		}
		if (key && seenKeys.has(key) && !settings.handleRepeats) {
			send(OUTPUT.skipped, i, skippedJson('the same call is twice in this run', call, key));
			continue;
		}
		if (key) seenKeys.add(key);
		work.push({
			index: i,
			call,
			key,
			// Read now, while the reader's parse of the number is at hand (phoneKind.ts).
			phoneFacts: phoneFactsOf(call.clientPhone),
			deal: null,
			zone,
			earlierCalls: [],
			earlierCount: 0,
		});
	}

	// With a claim store, a call another execution is handling at this moment waits for it (then it is a repeat).
	const claims = await openClaimStore(this);
	const calls = claims ? await claimCalls(this, claims, work, failures) : null;
	try {
		await decideAndAct(this, calls?.work ?? work, settings, failures, outputs, send, now);
	} catch (error) {
		// A whole request failed (the CRM kept refusing a read, or a batch). Without "continue on fail" the node stops;
		// with it, every item not yet routed leaves on the error output with the CRM's words — none is lost.
		const failure = crmCallError(this.getNode(), error);
		if (!this.continueOnFail()) throw failure;
		const routed = new Set([
			...outputs.flatMap((items) =>
				items.map((item) => (item.pairedItem as { item: number }).item),
			),
			...failures.map((f) => f.index),
		]);
		for (let i = 0; i < items.length; i++)
			if (!routed.has(i)) failures.push({ index: i, error: failure });
		reportFailures(this, failures, outputs);
	} finally {
		if (calls) await claims!.store.release(calls.held);
		await claims?.store.close();
	}
	return outputs;
}

/** Steps 2–4 for the calls read: deals and history from the CRM, the decisions, the writes, the routing. */
async function decideAndAct(
	ctx: IExecuteFunctions,
	work: CallWork[],
	settings: ReturnType<typeof readSettings>,
	failures: ItemFailure[],
	outputs: INodeExecutionData[][],
	send: (output: Output, index: number, json: IDataObject) => void,
	now: string,
): Promise<void> {
	// 2. The deals and their earlier calls: a few batched requests for all items. Nothing is written yet, so a bad
	// item stops the node here (unless it continues on fail) before any change in the CRM.
	const crm = settings.crm === 'none' ? null : getFunnelCrm(ctx);
	const pipelines = crm ? await pipelinesOf(ctx, crm) : [];
	if (crm) work = await findDeals(ctx, crm, work, settings, failures);
	work = await readHistory(ctx, crm, work, settings, failures);
	reportFailures(ctx, failures, outputs);

	// 3. Decide (pure). Calls handled by an earlier execution go to Skipped.
	const repeated = settings.handleRepeats
		? new Set<string>()
		: await repeatedCalls(
				ctx,
				work.flatMap((w) => (w.key ? [w.key] : [])),
			);
	const deciding: CallWork[] = [];
	for (const w of work) {
		if (w.key && repeated.has(w.key)) {
			send(
				OUTPUT.skipped,
				w.index,
				skippedJson('this call was already handled (a repeated delivery)', w.call, w.key),
			);
			continue;
		}
		w.decision = decideNextCall(
			{
				attempts: attemptsFromHistory(w.earlierCalls, w.call, now, w.key),
				phone: w.call.clientPhone,
				...w.phoneFacts,
				now,
				zone: w.zone.zone,
			},
			settings.cadence,
		);
		w.followUp = planFollowUp(w.decision, settings.followUp, {
			deal: w.deal,
			maxAttempts: settings.cadence.maxAttempts,
			callKey: w.key,
			phone: w.call.clientPhone,
		});
		// Counted: only the call's record still needs the history (a bulk run holds it for every item otherwise).
		if (!settings.logCalls) w.earlierCalls = [];
		deciding.push(w);
	}

	// 4. Act on the CRM in batches, then route: first each call into its deal's history where it is missing, then the
	// follow-ups of the calls that are there. A call whose write failed is forgotten, so a retry redoes it.
	let acted: Acted[];
	try {
		const records = await recordCalls(ctx, crm, deciding, settings.logCalls, now);
		const recorded: CallWork[] = [];
		for (const w of deciding) {
			const record = records.get(w);
			if (record instanceof Error) failures.push({ index: w.index, error: record });
			else recorded.push(Object.assign(w, { record }));
		}
		acted = await applyFollowUps(ctx, crm, recorded, pipelines);
	} catch (error) {
		await forgetCalls(
			ctx,
			deciding.flatMap((w) => (w.key ? [w.key] : [])),
		);
		throw crmCallError(ctx.getNode(), error);
	}
	const keyOf = new Map(deciding.map((w) => [w.index, w.key]));
	const failedKeys = [
		...acted.flatMap((a) => (a.error && a.work.key ? [a.work.key] : [])),
		...failures.flatMap((f) => {
			const key = keyOf.get(f.index);
			return key ? [key] : [];
		}),
	];
	await forgetCalls(ctx, failedKeys);
	for (const { work: w, outcome, error } of acted) {
		if (error) {
			failures.push({ index: w.index, error });
			continue;
		}
		if (outcome!.action === 'alreadyPlanned' && !settings.handleRepeats) {
			send(
				OUTPUT.skipped,
				w.index,
				skippedJson(
					`this call was already handled: its task ${outcome!.taskId} exists`,
					w.call,
					w.key,
				),
			);
			continue;
		}
		send(OUTPUT[w.decision!.decision], w.index, attemptJson(w, settings, outcome!, pipelines));
	}
	reportFailures(ctx, failures, outputs);
}

/**
 * Without "continue on fail" the first failed item stops the node; with it, each failed item leaves as n8n's
 * `{ error, details }` — on the error output (where n8n adds the input item's fields) when the node has one, else
 * on Skipped.
 */
function reportFailures(
	ctx: IExecuteFunctions,
	failures: ItemFailure[],
	outputs: INodeExecutionData[][],
) {
	if (failures.length === 0) return;
	failures.sort((a, b) => a.index - b.index);
	if (!ctx.continueOnFail()) throw failures[0].error;
	for (const { index, error } of failures.splice(0)) {
		const details = (error as { description?: string | null }).description;
		outputs[OUTPUT.skipped].push({
			json: { error: error.message, ...(details ? { details } : {}) },
			pairedItem: { item: index },
		});
	}
}

async function pipelinesOf(ctx: IExecuteFunctions, crm: FunnelCrm): Promise<CrmPipeline[]> {
	try {
		return await crm.listPipelines();
	} catch (error) {
		throw crmCallError(ctx.getNode(), error);
	}
}
