/**
 * Connects the transport to n8n: the credential's webhook URL (checked), n8n's HTTP helper with the credential's
 * authentication, n8n's `sleep`, and the execution's cancel signal.
 */
import {
	sleep,
	type IExecuteFunctions,
	type IHookFunctions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { CrmSetupError } from '../errors';
import { isRedirect, redirectHost } from '../redirect';
import { Bitrix24Client, pacingFor, type HttpSend } from './client';
import { CommandRunner } from './commands';
import { Bitrix24Error } from './errors';
import { ENTERPRISE_PACING, type PacingLimits } from './pacing';
import { parseWebhookUrl, type WebhookUrl } from './webhookUrl';

export const BITRIX24_CREDENTIAL = 'bitrix24WebhookApi';

export type Bitrix24Context =
	IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IHookFunctions;

export interface ConnectOptions {
	/** 'enterprise' paces for the Enterprise plan's bucket of 250 at 5 a second. */
	plan?: 'standard' | 'enterprise';
	timeoutMs?: number;
	pacing?: Partial<PacingLimits>;
	maxAttempts?: number;
	/** Batches in flight at once (default: as many as the portal's bucket lets go at once). */
	inFlight?: number;
}

export interface Bitrix24Connection {
	client: Bitrix24Client;
	runner: CommandRunner;
	webhook: WebhookUrl;
}

const NOT_SENT = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
const TIMED_OUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** n8n wraps network failures in NodeApiError; the socket's code says whether the request left. */
function networkError(error: unknown, method: string): Bitrix24Error {
	const e = error as {
		cause?: { code?: string; message?: string };
		code?: string;
		message?: string;
	};
	const code = String(e?.cause?.code ?? e?.code ?? '');
	const message = String(e?.cause?.message ?? e?.message ?? 'network error');
	if (NOT_SENT.has(code))
		return new Bitrix24Error('NOT_SENT', `Could not reach Bitrix24 (${code})`, undefined, method);
	if (TIMED_OUT.has(code) || /timeout/i.test(message))
		return new Bitrix24Error('TIMEOUT', 'Bitrix24 did not answer in time', undefined, method);
	return new Bitrix24Error(
		'NETWORK',
		`The connection to Bitrix24 failed: ${message}`,
		undefined,
		method,
	);
}

function redirectError(
	response: { statusCode: number; headers?: Record<string, unknown> },
	method: string,
): Bitrix24Error {
	const location = Object.entries(response.headers ?? {}).find(
		([name]) => name.toLowerCase() === 'location',
	)?.[1];
	const host = redirectHost(typeof location === 'string' ? location : undefined);
	return new Bitrix24Error(
		'REDIRECT',
		`Bitrix24 answered with a redirect (HTTP ${response.statusCode}) to ${host}; it was not followed`,
		response.statusCode,
		method,
	);
}

function cancelCheck(ctx: Bitrix24Context): () => void {
	return () => {
		const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
		if (signal?.aborted) throw new Error('The execution was cancelled');
	};
}

export async function connectBitrix24(
	ctx: Bitrix24Context,
	options: ConnectOptions = {},
): Promise<Bitrix24Connection> {
	const credentials = await ctx.getCredentials(BITRIX24_CREDENTIAL);
	const parsed = parseWebhookUrl(String(credentials.webhookUrl ?? ''), {
		sandbox: credentials.environment === 'sandbox',
	});
	if (!parsed.ok) {
		throw new CrmSetupError(
			'The Bitrix24 webhook URL in the credential is not valid',
			parsed.reason,
		);
	}
	const send: HttpSend = async (method, body, timeoutMs) => {
		let response: { statusCode: number; body: unknown; headers?: Record<string, unknown> };
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, BITRIX24_CREDENTIAL, {
				method: 'POST',
				url: `${method}.json`,
				body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: timeoutMs,
				// The webhook's secret is in the URL and the data in the body: a redirect would hand both to its host.
				disableFollowRedirect: true,
			})) as { statusCode: number; body: unknown; headers?: Record<string, unknown> };
		} catch (error) {
			throw networkError(error, method);
		}
		if (isRedirect(response.statusCode)) throw redirectError(response, method);
		return { status: response.statusCode, body: response.body };
	};
	const pacing = pacingFor(parsed.value.portal, {
		...(options.plan === 'enterprise' ? ENTERPRISE_PACING : {}),
		...options.pacing,
	});
	const client = new Bitrix24Client({
		send,
		sleep,
		pacing,
		timeoutMs: options.timeoutMs,
		checkCancelled: cancelCheck(ctx),
		maxInFlight: options.inFlight,
	});
	return {
		client,
		runner: new CommandRunner(client, { maxAttempts: options.maxAttempts }),
		webhook: parsed.value,
	};
}
