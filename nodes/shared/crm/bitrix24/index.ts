/** Bitrix24 behind the FunnelCrm interface, and the transport the Bitrix24 nodes use directly. */
import type { FunnelCrm } from '../types';
import { Bitrix24Funnel, type Bitrix24FunnelOptions } from './adapter';
import type { Bitrix24Context } from './connect';

/**
 * The funnel nodes' Bitrix24: deals through their pipelines by default, or leads (`{ entity: 'lead' }`).
 * Connects on first use; one instance per execution keeps funnels and fields read once.
 */
export function createBitrix24Funnel(
	context: Bitrix24Context,
	options: Bitrix24FunnelOptions = {},
): FunnelCrm & Bitrix24Funnel {
	return new Bitrix24Funnel(context, options);
}

export { Bitrix24Funnel, type Bitrix24FunnelOptions } from './adapter';
export {
	connectBitrix24,
	BITRIX24_CREDENTIAL,
	type Bitrix24Connection,
	type Bitrix24Context,
	type ConnectOptions,
} from './connect';
export { Bitrix24Error } from './errors';
export { parseWebhookUrl } from './webhookUrl';
