import type { SeedData } from './account';
import { longLivedTokenString } from './auth';
import { chatMessageEvents, type ChatMessageInput } from './entities/events';
import { json, type ApiResponse } from './http';
import { grantTokens, oauthOptions } from './oauth';
import type { AmoCrmServer, SeedFactory } from './server';
import { generateDemoSeed, type GenerateOptions } from './seed/generate';

/** A seed given to `start`, `--seed` or `POST /__emulator/reset`: full account data, or options for the generator. */
export type SeedInput =
	SeedData | { generate: Partial<GenerateOptions> & { subdomain?: string; accountId?: number } };

export function seedFactory(input?: SeedInput): SeedFactory {
	if (input && 'account' in input) return () => input;
	const options = input && 'generate' in input ? input.generate : {};
	return (now) => {
		const seed = generateDemoSeed({ ...options, now });
		if (options.subdomain) seed.account.subdomain = options.subdomain;
		if (options.accountId) seed.account.id = options.accountId;
		return seed;
	};
}

/** The control API of test/emulators/README.md under `/__emulator`, outside the real API's paths. */
export async function handleControl(
	server: AmoCrmServer,
	method: string,
	url: URL,
	rawBody: string,
): Promise<ApiResponse> {
	let body: Record<string, unknown> = {};
	try {
		body = rawBody.trim() ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
	} catch {
		return json({ error: 'body must be JSON' }, 400);
	}
	const route = `${method} ${url.pathname.replace(/\/$/, '')}`;
	const account = () =>
		server.accounts.get(url.searchParams.get('account') ?? server.defaultSubdomain) ??
		server.defaultAccount();
	switch (route) {
		case 'GET /__emulator/health':
			return json({ ok: true, crm: 'amocrm' });
		case 'POST /__emulator/reset':
			server.reset(body.seed ? seedFactory(body.seed as SeedInput) : undefined);
			return json({ ok: true });
		case 'GET /__emulator/state':
			return json(account().snapshot());
		case 'GET /__emulator/requests':
			return json({ count: server.log.length, requests: server.log });
		case 'DELETE /__emulator/requests':
			server.log = [];
			return json({ ok: true });
		case 'GET /__emulator/stats':
			return json({
				...server.stats,
				faultsInjected: server.stats.faultsInjected,
				bannedKeys: [...server.limiter.banned],
			});
		case 'POST /__emulator/chats': {
			// The chats service's part: clients' and managers' messages on leads, into the events feed.
			const target = account();
			const messages = Array.isArray(body.messages) ? (body.messages as ChatMessageInput[]) : [];
			const events = chatMessageEvents(messages, server.clock.now(), target.events.length);
			target.events.push(...events);
			target.events.sort((a, b) => a.created_at - b.created_at);
			return json({ ok: true, events: events.map((e) => e.id) });
		}
		case 'POST /__emulator/faults':
			server.faults.configure(body);
			return json({ ok: true, faults: server.faults.settings });
		case 'DELETE /__emulator/faults':
			server.faults.clear();
			return json({ ok: true });
		case 'POST /__emulator/limits': {
			const { apiFilter, paymentRequired, unban, ...limits } = body;
			Object.assign(server.limiter.settings, limits);
			if (unban) server.limiter.banned.clear();
			if (typeof apiFilter === 'boolean') account().isApiFilterEnabled = apiFilter;
			if (typeof paymentRequired === 'boolean') account().paymentRequired = paymentRequired;
			return json({ ok: true, limits: server.limiter.settings });
		}
		case 'POST /__emulator/clock':
			server.clock.offsetMs = Number(body.offsetMs ?? 0);
			return json({ ok: true, offsetMs: server.clock.offsetMs, now: server.clock.now() });
		case 'GET /__emulator/clock':
			return json({ offsetMs: server.clock.offsetMs, now: server.clock.now() });
		case 'GET /__emulator/webhooks':
			await server.emitter.idle();
			return json({ deliveries: server.emitter.deliveries });
		case 'POST /__emulator/webhooks':
			Object.assign(server.emitter.settings, body);
			return json({ ok: true, settings: server.emitter.settings });
		case 'DELETE /__emulator/webhooks':
			server.emitter.deliveries.length = 0;
			return json({ ok: true });
		case 'POST /__emulator/accounts': {
			const subdomain = String(body.subdomain ?? '');
			if (!/^[a-z0-9][a-z0-9-]*$/.test(subdomain) || server.accounts.has(subdomain))
				return json({ error: 'subdomain taken or invalid' }, 400);
			const created = server.addAccount(
				body.seed
					? seedFactory(body.seed as SeedInput)
					: seedFactory({ generate: { subdomain, accountId: 31_234_567 + server.accounts.size } }),
			);
			return json({
				subdomain: created.subdomain,
				token: longLivedTokenString(created, created.longLivedTokens[0]?.id ?? ''),
			});
		}
		case 'POST /__emulator/oauth/grant': {
			const target = account();
			const clientId = String(body.client_id ?? target.integrations[0]?.client_id ?? '');
			return json({
				...grantTokens(target, clientId),
				client_id: clientId,
				client_secret: target.integrations.find((i) => i.client_id === clientId)?.client_secret,
			});
		}
		case 'GET /__emulator/oauth':
			return json({
				options: oauthOptions,
				refreshLog: account().oauth.refreshLog,
				integrations: account().integrations,
			});
		case 'POST /__emulator/oauth':
			Object.assign(oauthOptions, body);
			return json({ ok: true, options: oauthOptions });
		default:
			return json({ error: `unknown control route ${route}` }, 404);
	}
}
