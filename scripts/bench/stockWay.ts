/**
 * The stock n8n way to do a CRM job: n8n's own HTTP Request node, one request per item, paced with the node's
 * Batching option at the CRM's documented rate (1 item every 1000/7 ms for amoCRM, every 500 ms for Bitrix24)
 * and "On Error: Continue" so a refused item is counted instead of stopping the run. That is the careful user's
 * setup: without Batching the node fires every item at once and amoCRM answers 429 and then bans the token.
 *
 * At 10,000 items this takes 24 minutes (amoCRM) or 83 minutes (Bitrix24) by design, so it is measured on a
 * sample and scaled linearly to the job's size — linear because Batching sets a fixed pace per item. The result
 * says so in `baseline_basis`.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { CrmKind } from '../../nodes/shared/crm/types';
import { measureRun, nodeOf, singleNodeWorkflow, type CrmRun } from './crmRun';
import type { RunningCrm } from './emulatorProcess';
import { round } from './format';

/** Milliseconds between two items: the documented rate, nothing slower. */
export const STOCK_INTERVAL_MS: Record<CrmKind, number> = { amocrm: Math.ceil(1000 / 7), bitrix24: 500 };

export interface StockRequest {
	method: 'GET' | 'PATCH' | 'POST';
	/** An n8n expression or a plain URL. */
	url: string;
	/** The JSON body, with n8n expressions (`={...}`); none for a GET. */
	jsonBody?: string;
	headers?: Record<string, string>;
}

export function httpRequestNode(crm: CrmKind, request: StockRequest) {
	const parameters: INodeParameters = {
		method: request.method,
		url: request.url,
		sendHeaders: Boolean(request.headers),
		headerParameters: { parameters: Object.entries(request.headers ?? {}).map(([name, value]) => ({ name, value })) },
		...(request.jsonBody === undefined ? { sendBody: false } : { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: request.jsonBody }),
		options: { batching: { batch: { batchSize: 1, batchInterval: STOCK_INTERVAL_MS[crm] } } },
	};
	return nodeOf('HTTP Request', 'n8n-nodes-base.httpRequest', parameters, { typeVersion: 4.2, onError: 'continueRegularOutput' });
}

export interface StockMeasurement {
	run: CrmRun;
	sampleItems: number;
	failedItems: number;
	/** Scaled to the job's size. */
	requests: number;
	wallSeconds: number;
	basis: string;
}

export async function measureStockWay(
	emulator: RunningCrm,
	harness: Parameters<typeof measureRun>[1],
	request: StockRequest,
	items: IDataObject[],
	sampleSize: number,
): Promise<StockMeasurement> {
	const crm = emulator.info.crm;
	const sample = items.slice(0, Math.max(1, Math.min(sampleSize, items.length)));
	const run = await measureRun(emulator, harness, singleNodeWorkflow(httpRequestNode(crm, request)), sample);
	const out = run.outputs.flat();
	const failedItems = out.filter((item) => item.error !== undefined).length + (sample.length - out.length);
	const scale = items.length / sample.length;
	const basis =
		sample.length === items.length
			? `measured on all ${items.length} items`
			: `measured on ${sample.length} of ${items.length} items and scaled ×${round(scale, 2)} (HTTP Request, Batching 1 item / ${STOCK_INTERVAL_MS[crm]} ms)`;
	return {
		run,
		sampleItems: sample.length,
		failedItems,
		requests: Math.round(run.requests.length * scale),
		wallSeconds: round(run.wallSeconds * scale, 1),
		basis,
	};
}
