/**
 * One CRM emulator + a harness holding its credential, for testing funnel nodes (which choose their CRM with the
 * shared `crm` parameter) against amoCRM and Bitrix24 alike.
 */
import type { INodeCredentials, INodeParameters } from 'n8n-workflow';

import { start as startAmo } from '../emulators/amocrm';
import { start as startBitrix } from '../emulators/bitrix24';
import { WorkflowHarness } from '../harness/runWorkflow';
import type { CrmKind } from '../../nodes/shared/crm/types';

export interface CrmWorld {
	crm: CrmKind;
	harness: WorkflowHarness;
	/** The emulator's base URL (its control API is under /__emulator). */
	url: string;
	/** Parameters that point a funnel node at this CRM. */
	crmParameters: INodeParameters;
	/** The node's `credentials` entry for this CRM. */
	credentials: INodeCredentials;
	/** How a test reaches the CRM's own API directly (to play a step outside the node, e.g. creating deals). */
	api: { token?: string; webhook?: string };
	/** Calls the emulator's control API (`/__emulator/<path>`). */
	control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
	/** API requests the emulator answered since the last reset of its request log. */
	requestCount(): Promise<number>;
	close(): Promise<void>;
}

export const CRMS: CrmKind[] = ['amocrm', 'bitrix24'];

export async function startCrmWorld(
	crm: CrmKind,
	options: { limits?: boolean; harness?: WorkflowHarness } = {},
): Promise<CrmWorld> {
	const harness = options.harness ?? new WorkflowHarness();
	const limits = options.limits ?? true;
	let url: string;
	let close: () => Promise<void>;
	let crmParameters: INodeParameters;
	let credentials: INodeCredentials;
	let api: CrmWorld['api'];
	if (crm === 'amocrm') {
		const emulator = await startAmo({ port: 0, limits });
		url = emulator.url;
		close = () => emulator.close();
		harness.setCredentials(
			'amoCrmApi',
			{
				zone: 'sandbox',
				sandboxUrl: emulator.url,
				accessToken: String(emulator.info.token),
				requestsPerSecond: 7,
			},
			'amo-cred',
		);
		crmParameters = { crm: 'amocrm', authentication: 'longLivedToken' };
		credentials = { amoCrmApi: { id: 'amo-cred', name: 'amoCRM sandbox' } };
		api = { token: String(emulator.info.token) };
	} else {
		const emulator = await startBitrix({ port: 0, limits });
		url = emulator.url;
		close = () => emulator.close();
		harness.setCredentials(
			'bitrix24WebhookApi',
			{ environment: 'sandbox', webhookUrl: emulator.webhook },
			'b24-cred',
		);
		crmParameters = { crm: 'bitrix24', bitrixEntity: 'deal' };
		credentials = { bitrix24WebhookApi: { id: 'b24-cred', name: 'Bitrix24 sandbox' } };
		api = { webhook: emulator.webhook };
	}
	const control = async <T>(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<T> => {
		const res = await fetch(`${url}/__emulator/${path.replace(/^\//, '')}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /__emulator/${path} → ${res.status}: ${text}`);
		return (text ? JSON.parse(text) : undefined) as T;
	};
	return {
		crm,
		harness,
		url,
		crmParameters,
		credentials,
		api,
		control,
		requestCount: async () => (await control<{ count: number }>('GET', 'requests')).count,
		close,
	};
}
