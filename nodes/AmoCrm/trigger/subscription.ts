import { randomBytes } from 'node:crypto';

import type { IHookFunctions } from 'n8n-workflow';

import { AmoTransport } from '../../shared/crm/amocrm';

/**
 * The trigger subscribes itself through `/api/v4/webhooks`. amoCRM signs nothing, so the URL it calls carries a
 * random secret (kept in the node's static data) that every delivery must present. A subscription left by an
 * earlier activation of this node (same URL, older secret) is removed, so amoCRM never keeps calling with a
 * secret that no longer opens the door.
 */
export const SECRET_PARAMETER = 'n8n_secret';

interface WebhookRecord {
	destination: string;
	settings: string[];
}

interface Subscription {
	secret?: string;
	destination?: string;
}

function stateOf(ctx: IHookFunctions): Subscription {
	return ctx.getWorkflowStaticData('node') as Subscription;
}

function eventsOf(ctx: IHookFunctions): string[] {
	return [...new Set(ctx.getNodeParameter('events', []) as string[])].sort();
}

async function subscriptions(transport: AmoTransport): Promise<WebhookRecord[]> {
	const body = await transport.get<{ _embedded?: { webhooks?: WebhookRecord[] } }>(
		'/api/v4/webhooks',
	);
	return body?._embedded?.webhooks ?? [];
}

function ours(ctx: IHookFunctions, destination: string): boolean {
	const base = String(ctx.getNodeWebhookUrl('default') ?? '');
	return destination === base || destination.startsWith(`${base}?`);
}

export async function subscriptionExists(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	if (!state.secret || !state.destination) return false;
	const transport = new AmoTransport(this);
	const found = (await subscriptions(transport)).find((w) => w.destination === state.destination);
	return Boolean(found && [...found.settings].sort().join(',') === eventsOf(this).join(','));
}

export async function subscribe(this: IHookFunctions): Promise<boolean> {
	const transport = new AmoTransport(this);
	const state = stateOf(this);
	const secret = state.secret ?? randomBytes(24).toString('hex');
	const url = new URL(String(this.getNodeWebhookUrl('default')));
	url.searchParams.set(SECRET_PARAMETER, secret);
	const destination = url.toString();
	for (const stale of (await subscriptions(transport)).filter(
		(w) => ours(this, w.destination) && w.destination !== destination,
	)) {
		await transport.request('DELETE', '/api/v4/webhooks', {
			body: { destination: stale.destination },
		});
	}
	// Posting an existing destination again updates its events in place.
	await transport.request('POST', '/api/v4/webhooks', {
		body: { destination, settings: eventsOf(this), sort: 10 },
		kind: 'idempotent',
	});
	state.secret = secret;
	state.destination = destination;
	return true;
}

export async function unsubscribe(this: IHookFunctions): Promise<boolean> {
	const state = stateOf(this);
	if (state.destination) {
		await new AmoTransport(this).request('DELETE', '/api/v4/webhooks', {
			body: { destination: state.destination },
		});
	}
	delete state.secret;
	delete state.destination;
	return true;
}
