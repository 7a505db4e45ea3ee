/** The control API under `/__emulator/` (test/emulators/README.md), plus Bitrix24's outgoing webhooks and deliveries. */
import { randomBytes } from 'node:crypto';

import type { PortalEmulator } from './core';
import { OUTGOING_WEBHOOK_EVENTS } from './events';
import { nextId, stateToJson } from './portal';
import type { PortalSeed } from './seed';
import { BITRIX24_LATENCY, latencyModel, onOver } from '../timing';

export interface ControlAnswer {
	status: number;
	body: unknown;
}

export async function control(
	emulator: PortalEmulator,
	method: string,
	path: string,
	body: Record<string, unknown>,
): Promise<ControlAnswer> {
	const route = `${method} ${path.replace(/^\/__emulator/, '').replace(/\/$/, '')}`;
	switch (route) {
		case 'GET /health':
			return ok({ ok: true, crm: 'bitrix24' });
		case 'POST /reset':
			emulator.reset(body.seed as PortalSeed | undefined);
			return ok({ ok: true });
		case 'GET /state':
			return ok(stateToJson(emulator.state));
		case 'GET /requests':
			return ok({ count: emulator.requests.length, requests: emulator.requests });
		case 'DELETE /requests':
			emulator.requests.length = 0;
			return ok({ ok: true });
		case 'GET /stats':
			return ok(emulator.stats);
		case 'POST /faults':
			emulator.faults.configure(body);
			return ok({ ok: true, faults: emulator.faults.active });
		case 'DELETE /faults':
			emulator.faults.clear();
			return ok({ ok: true });
		case 'GET /limits':
			return ok(emulator.limits);
		case 'POST /limits':
			emulator.setLimits(body);
			return ok(emulator.limits);
		case 'POST /clock':
			// `offsetMs` sets the offset from the time source; `advanceMs` moves the clock on from where it is.
			if (body.advanceMs !== undefined) emulator.clockOffsetMs += Number(body.advanceMs);
			else emulator.clockOffsetMs = Number(body.offsetMs ?? 0);
			return ok({ ok: true, now: new Date(emulator.now()).toISOString() });
		case 'GET /latency':
			return ok(emulator.latency.model);
		case 'POST /latency':
			try {
				emulator.latency.configure(
					latencyModel(body, onOver(emulator.latency.model, BITRIX24_LATENCY)),
				);
			} catch (error) {
				return { status: 400, body: { error: (error as Error).message } };
			}
			return ok({ ok: true, latency: emulator.latency.model });
		case 'DELETE /latency':
			emulator.latency.configure(latencyModel(false, BITRIX24_LATENCY));
			return ok({ ok: true, latency: emulator.latency.model });
		case 'GET /outgoing-webhooks':
			return ok(emulator.state.outgoingWebhooks);
		case 'POST /outgoing-webhooks': {
			const events = (Array.isArray(body.events) ? body.events : []).map((e) =>
				String(e).toUpperCase(),
			);
			const unknown = events.filter(
				(e) => !(OUTGOING_WEBHOOK_EVENTS as readonly string[]).includes(e),
			);
			if (!body.handler || events.length === 0 || unknown.length) {
				return {
					status: 400,
					body: {
						error: `handler and events are required; outgoing webhooks cannot subscribe to ${unknown.join(', ') || '(none)'}`,
					},
				};
			}
			const hook = {
				id: nextId(emulator.state, 'eventHandler'),
				handler: String(body.handler),
				events,
				applicationToken: String(body.applicationToken ?? randomBytes(16).toString('hex')),
			};
			emulator.state.outgoingWebhooks.push(hook);
			return ok(hook);
		}
		case 'DELETE /outgoing-webhooks':
			emulator.state.outgoingWebhooks = [];
			return ok({ ok: true });
		case 'GET /events':
			return ok({
				count: emulator.events.deliveries.length,
				deliveries: emulator.events.deliveries,
			});
		case 'POST /events/flush':
			await emulator.events.flush();
			return ok({ ok: true, count: emulator.events.deliveries.length });
		case 'DELETE /events':
			emulator.events.clear();
			return ok({ ok: true });
		default:
			return { status: 404, body: { error: `unknown control route ${route}` } };
	}
}

function ok(body: unknown): ControlAnswer {
	return { status: 200, body };
}
