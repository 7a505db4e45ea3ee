/**
 * Outgoing events (reference §4): a form-encoded POST per event to each outgoing webhook subscribed to it, with
 * PHP bracket keys, only IDs in `data[FIELDS]`, `auth[application_token]`, and no retries — a failed delivery is
 * logged and dropped. Events of the emulator's own writes are delivered too (the loop risk is real).
 */
import http from 'node:http';
import https from 'node:https';
import qs from 'qs';

import type { PortalState } from './portal';

/** What outgoing webhooks (made in the UI) can subscribe to; ONCRMDEALMOVETOCATEGORY needs event.bind (an app). */
export const OUTGOING_WEBHOOK_EVENTS = [
	'ONCRMLEADADD',
	'ONCRMLEADUPDATE',
	'ONCRMLEADDELETE',
	'ONCRMDEALADD',
	'ONCRMDEALUPDATE',
	'ONCRMDEALDELETE',
	'ONCRMCONTACTADD',
	'ONCRMCONTACTUPDATE',
	'ONCRMCONTACTDELETE',
	'ONCRMCOMPANYADD',
	'ONCRMCOMPANYUPDATE',
	'ONCRMCOMPANYDELETE',
	'ONCRMACTIVITYADD',
	'ONCRMACTIVITYUPDATE',
	'ONCRMACTIVITYDELETE',
] as const;

export interface Delivery {
	event: string;
	handler: string;
	handlerId: number;
	fields: Record<string, unknown>;
	at: string;
	status: number | null;
	error?: string;
}

export class EventDispatcher {
	readonly deliveries: Delivery[] = [];
	private pending = new Set<Promise<void>>();

	constructor(
		private readonly state: () => PortalState,
		private readonly now: () => number,
	) {}

	emit(event: string, fields: Record<string, unknown>) {
		const state = this.state();
		for (const hook of state.outgoingWebhooks) {
			if (!hook.events.includes(event)) continue;
			const body = qs.stringify({
				event,
				event_handler_id: hook.id,
				data: { FIELDS: fields },
				ts: Math.floor(this.now() / 1000),
				auth: {
					domain: state.domain,
					client_endpoint: `https://${state.domain}/rest/`,
					server_endpoint: 'https://oauth.bitrix.info/rest/',
					member_id: state.memberId,
					application_token: hook.applicationToken,
				},
			});
			const delivery: Delivery = {
				event,
				handler: hook.handler,
				handlerId: hook.id,
				fields,
				at: new Date(this.now()).toISOString(),
				status: null,
			};
			this.deliveries.push(delivery);
			// Delivered from a queue after the API call answers, as Bitrix24 does.
			const sending = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
				post(hook.handler, body, delivery),
			);
			this.pending.add(sending);
			void sending.finally(() => this.pending.delete(sending));
		}
	}

	/** Resolves when every queued delivery has been attempted. */
	async flush(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	clear() {
		this.deliveries.length = 0;
	}
}

function post(handler: string, body: string, delivery: Delivery): Promise<void> {
	return new Promise((resolve) => {
		let url: URL;
		try {
			url = new URL(handler);
		} catch {
			delivery.error = 'invalid handler URL';
			resolve();
			return;
		}
		const client = url.protocol === 'https:' ? https : http;
		const request = client.request(
			url,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(body),
					'user-agent': 'Bitrix24 Webhook Engine',
				},
				timeout: 10_000,
			},
			(response) => {
				delivery.status = response.statusCode ?? null;
				response.resume();
				response.on('end', () => resolve());
			},
		);
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', (error) => {
			delivery.error = error.message;
			resolve();
		});
		request.end(body);
	});
}
