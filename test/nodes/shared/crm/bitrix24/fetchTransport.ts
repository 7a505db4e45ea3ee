/** The transport over plain fetch, for tests of the client without n8n (the node tests use n8n's HTTP helper). */
import {
	Bitrix24Client,
	pacingFor,
	type HttpSend,
} from '../../../../../nodes/shared/crm/bitrix24/client';
import { CommandRunner } from '../../../../../nodes/shared/crm/bitrix24/commands';
import { Bitrix24Error } from '../../../../../nodes/shared/crm/bitrix24/errors';
import type { PacingLimits } from '../../../../../nodes/shared/crm/bitrix24/pacing';

export function fetchSend(webhook: string): HttpSend {
	return async (method, body, timeoutMs) => {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), timeoutMs);
		try {
			const response = await fetch(`${webhook}${method}.json`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
				signal: controller.signal,
			});
			const text = await response.text();
			let parsed: unknown = text;
			try {
				parsed = JSON.parse(text);
			} catch {
				// HTML error page
			}
			return { status: response.status, body: parsed };
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause;
			if (controller.signal.aborted)
				throw new Bitrix24Error('TIMEOUT', 'timed out', undefined, method);
			if (cause?.code === 'ECONNREFUSED')
				throw new Bitrix24Error('NOT_SENT', 'refused', undefined, method);
			throw new Bitrix24Error('NETWORK', String((error as Error).message), undefined, method);
		} finally {
			clearTimeout(timer);
		}
	};
}

let portals = 0;

/** A client + runner with its own pacing state (a fresh "portal" key), like one n8n process. */
export function testTransport(
	webhook: string,
	options: {
		pacing?: Partial<PacingLimits>;
		timeoutMs?: number;
		maxWaitMs?: number;
		batchSize?: number;
		maxInFlight?: number;
		clock?: { now: () => number; sleep: (ms: number) => Promise<void> };
	} = {},
) {
	const client = new Bitrix24Client({
		send: fetchSend(webhook),
		sleep: options.clock?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
		now: options.clock?.now,
		pacing: pacingFor(`test-portal-${++portals}`, options.pacing),
		timeoutMs: options.timeoutMs ?? 10_000,
		maxWaitMs: options.maxWaitMs,
		maxInFlight: options.maxInFlight,
		random: () => 0,
	});
	return { client, runner: new CommandRunner(client, { batchSize: options.batchSize }) };
}
