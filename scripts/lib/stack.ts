/**
 * The whole local sales-funnel stack: amoCRM and Bitrix24 emulators with their seeded demo accounts, a real n8n with
 * this package installed the Community-Nodes way, an owner, an API key, and credentials pointing at the emulators.
 * Used by `npm run demo`, the end-to-end template tests and the queue-mode test.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	start as startAmoCrm,
	type RunningEmulator as AmoEmulator,
} from '../../test/emulators/amocrm';
import {
	start as startBitrix24,
	type RunningEmulator as BitrixEmulator,
} from '../../test/emulators/bitrix24';
import { N8nPublicApi } from './n8nPublicApi';
import { TELEPHONY_LOGIN } from './templates/crm';
import {
	ensureN8n,
	freePort,
	type InstallProgress,
	installPackageLikeCommunityNodes,
	N8nSession,
	N8N_VERSION,
	packPackage,
	startN8n,
	type RunningN8n,
	type StartOptions,
} from './realN8n';

export interface StackCredential {
	id: string;
	name: string;
	type: string;
}

export interface Stack {
	amocrm: AmoEmulator;
	bitrix24: BitrixEmulator;
	n8n: RunningN8n;
	session: N8nSession;
	api: N8nPublicApi;
	apiKey: string;
	/** The shared secret the Lead Capture credential holds (senders put it in `?secret=` or a header). */
	leadCaptureSecret: string;
	/** The application token of the Bitrix24 outgoing-webhook credential (register it with the emulator's outgoing webhook). */
	bitrix24ApplicationToken: string;
	/** The X-Token the "Bizon365 token" credential sends (a Bizon365 stand-in checks it). */
	bizonToken: string;
	/** The Basic Auth login of the webinar import's two forms (credential "Webinar forms login"). */
	webinarForms: { user: string; password: string };
	/** The Basic Auth login of the call-results webhooks (credential "Telephony webhook login"). */
	telephonyLogin: { user: string; password: string };
	/** Each Basic Auth credential's login, by credential id (to write a printed URL or a form's login). */
	basicAuthLogins: Record<string, { user: string; password: string }>;
	/** Credential per type (or `type:name`), created in n8n and pointing at the emulators. */
	credentials: Record<string, StackCredential>;
	/** Credential ids per type (or `type:name`), as the template installer takes them. */
	credentialIds(): Record<string, { id: string; name: string }>;
	stop(): Promise<void>;
}

export interface StackOptions {
	n8nVersion?: string;
	/** Fixed ports for the demo; tests take free ones. */
	ports?: { n8n?: number; amocrm?: number; bitrix24?: number };
	/** Real rate limits in the emulators (default on). */
	limits?: boolean;
	n8nEnv?: NodeJS.ProcessEnv;
	/** Start n8n yourself (queue mode): receives the user folder and the environment. */
	startN8n?: (userFolder: string, options: StartOptions) => Promise<RunningN8n>;
	userFolder?: string;
	/**
	 * What is being done, for a progress display: `task` names a line of work that runs beside the others (`n8n`: the
	 * n8n install, `package`: building and installing this package, `start`: n8n starting and being set up);
	 * `finished` ends it.
	 */
	onProgress?: (progress: StackProgress) => void;
}

export interface StackProgress extends Partial<InstallProgress> {
	task: 'n8n' | 'package' | 'start';
	finished?: boolean;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const limits = options.limits ?? true;
	const progress = (p: StackProgress) => options.onProgress?.(p);
	const amocrm = await startAmoCrm({ port: options.ports?.amocrm ?? 0, limits });
	const bitrix24 = await startBitrix24({ port: options.ports?.bitrix24 ?? 0, limits });
	const userFolder = options.userFolder ?? mkdtempSync(path.join(tmpdir(), 'sales-funnel-stack-'));
	// n8n's install (minutes the first time) and this package's build run at the same time.
	const [install] = await Promise.all([
		ensureN8n(options.n8nVersion ?? N8N_VERSION, {
			onProgress: (p) => progress({ task: 'n8n', ...p }),
		}).finally(() => progress({ task: 'n8n', finished: true })),
		(async () => {
			progress({ task: 'package', step: 'building n8n-nodes-sales-funnel' });
			const tarball = await packPackage();
			progress({ task: 'package', step: 'installing it into n8n the Community Nodes way' });
			await installPackageLikeCommunityNodes(userFolder, tarball);
		})().finally(() => progress({ task: 'package', finished: true })),
	]);
	const port = options.ports?.n8n ?? (await freePort());
	const startOptions: StartOptions = { userFolder, port, env: options.n8nEnv };
	progress({ task: 'start', step: 'starting n8n' });
	const n8n = options.startN8n
		? await options.startN8n(userFolder, startOptions)
		: await startN8n(install, startOptions);
	progress({ task: 'start', step: 'creating the owner, an API key and the credentials' });
	const session = await N8nSession.owner(n8n.url);
	const apiKey = await session.createApiKey('stack');
	const api = new N8nPublicApi(n8n.url, apiKey);
	const leadCaptureSecret = randomBytes(24).toString('base64url');
	const bitrix24ApplicationToken = randomBytes(16).toString('hex');
	const bizonToken = randomBytes(16).toString('hex');

	const credentials: Record<string, StackCredential> = {};
	/** Keyed by type, or by `type:name` for a second credential of a type (see the installer). */
	const create = async (
		type: string,
		name: string,
		data: Record<string, unknown>,
		key: string = type,
	) => {
		const created = await api.createCredential(name, type, data);
		credentials[key] = { id: created.id, name, type };
		return created.id;
	};
	await create('amoCrmApi', 'amoCRM sandbox (emulator)', {
		zone: 'sandbox',
		subdomain: '',
		sandboxUrl: amocrm.url,
		accessToken: String(amocrm.info.token),
		requestsPerSecond: 7,
	});
	await create('bitrix24WebhookApi', 'Bitrix24 sandbox (emulator)', {
		environment: 'sandbox',
		webhookUrl: bitrix24.webhook,
	});
	await create('leadCaptureSecretApi', 'Lead Capture secret', { secret: leadCaptureSecret });
	// The templates' other credentials, so that every template can be published: Bitrix24's outgoing webhook (the
	// quality-control trigger), the Bizon365 token (the webinar import's report request) and n8n's API key.
	await create('bitrix24OutgoingWebhookApi', 'Bitrix24 outgoing webhook (emulator)', {
		applicationToken: bitrix24ApplicationToken,
	});
	await create('httpHeaderAuth', 'Bizon365 token', { name: 'X-Token', value: bizonToken });
	// The recovery template retries failed executions through this n8n's own public API.
	await create('n8nApi', 'n8n API of this instance', { apiKey, baseUrl: `${n8n.url}/api/v1` });
	// The webinar import's forms log in with Basic Auth; its Zoom and MTS Link fetches need a credential each to be
	// published (no Zoom or MTS Link stands behind them here).
	const webinarForms = { user: 'webinar', password: randomBytes(12).toString('base64url') };
	const basicAuthLogins: Stack['basicAuthLogins'] = {};
	basicAuthLogins[await create('httpBasicAuth', 'Webinar forms login', webinarForms)] =
		webinarForms;
	// The telephony webhooks' own login: letters and digits only, so that it can stand in a URL as it is.
	const telephonyLogin = { user: 'telephony', password: randomBytes(18).toString('hex') };
	basicAuthLogins[
		await create(
			'httpBasicAuth',
			TELEPHONY_LOGIN,
			telephonyLogin,
			`httpBasicAuth:${TELEPHONY_LOGIN}`,
		)
	] = telephonyLogin;
	await create('httpCustomAuth', 'MTS Link token', {
		json: JSON.stringify({ headers: { 'x-auth-token': randomBytes(16).toString('hex') } }),
	});
	await create('zoomOAuth2Api', 'Zoom account', { clientId: 'demo', clientSecret: 'demo' });
	progress({ task: 'start', finished: true });

	return {
		amocrm,
		bitrix24,
		n8n,
		session,
		api,
		apiKey,
		leadCaptureSecret,
		bitrix24ApplicationToken,
		bizonToken,
		webinarForms,
		telephonyLogin,
		basicAuthLogins,
		credentials,
		credentialIds: () =>
			Object.fromEntries(
				Object.entries(credentials).map(([key, c]) => [key, { id: c.id, name: c.name }]),
			),
		stop: async () => {
			await n8n.stop();
			await amocrm.close();
			await bitrix24.close();
			if (!options.userFolder) rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
