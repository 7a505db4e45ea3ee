import { AmoCrmFunnel, type AmoFunnelOptions } from './adapter';
import { AmoTransport, type AmoContext, type TransportOptions } from './transport';

export { AmoCrmFunnel } from './adapter';
export { AmoTransport, credentialTypeOf } from './transport';
export type { AmoContext, AmoCredentialType } from './transport';
export { AmoApiError } from './errors';

/**
 * The CRM interface over amoCRM for any node: `createAmoCrmFunnel(this)` inside `execute`, a dropdown loader or a
 * trigger's hook. The credential is the node's amoCRM credential (OAuth2 when attached, else the long-lived token).
 */
export function createAmoCrmFunnel(
	context: AmoContext,
	options: AmoFunnelOptions & TransportOptions = {},
): AmoCrmFunnel {
	return new AmoCrmFunnel(new AmoTransport(context, options), options);
}
