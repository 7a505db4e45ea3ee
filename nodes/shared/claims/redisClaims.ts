import { ClaimStoreError, type ClaimAnswer, type ClaimStore } from './claimStore';

/**
 * Claims in Redis, through the ioredis client of the n8n that runs this package.
 *
 * How ioredis is found: n8n itself depends on ioredis (its queue mode runs on it; n8n 1.x and 2.x pin 5.3.2), but
 * this package is installed apart from n8n — in `~/.n8n/nodes/node_modules/n8n-nodes-sales-funnel`, where a plain
 * `require('ioredis')` walks up the user folder and finds nothing. `require.main` is the module n8n was started with
 * (its `bin/n8n`, in the main process and in `n8n worker` alike), and its `require` resolves from n8n's own folder,
 * where ioredis is. The package ships no Redis client of its own and has no runtime dependency for it. When ioredis
 * cannot be had that way (an n8n built without it, a test runner), the claim fails with a message naming what is
 * missing; the node then stops, or uses the claim in this process if the user chose that fallback.
 *
 * Redis is used the way n8n's queue uses it: a standalone server (or a primary), not a cluster — a person's keys are
 * claimed together in one script, which a cluster allows only within one hash slot.
 */

/** The options of n8n's built-in Redis credential (`redis`). */
export interface RedisCredential {
	host?: string;
	port?: number;
	user?: string;
	password?: string;
	database?: number;
	ssl?: boolean;
	disableTlsVerification?: boolean;
}

/** The part of ioredis this store uses. */
interface RedisClient {
	on(event: 'error', listener: (error: Error) => void): unknown;
	connect(): Promise<void>;
	pipeline(): RedisPipeline;
	incrby(key: string, increment: number): Promise<number>;
	quit(): Promise<unknown>;
	disconnect(): void;
}

interface RedisPipeline {
	eval(script: string, keyCount: number, ...args: Array<string | number>): RedisPipeline;
	exec(): Promise<Array<[Error | null, unknown]> | null>;
}

type RedisConstructor = new (options: Record<string, unknown>) => RedisClient;

/** Every key of the group free or already the owner's: all become the owner's; else the first other holder. */
const CLAIM_SCRIPT = `
for i = 1, #KEYS do
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[1] then return holder end
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return 1`;

/** Deletes the keys the owner still holds. */
const RELEASE_SCRIPT = `
local released = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released`;

const TIMEOUT_MS = 5000;

function hostIoredis(): RedisConstructor {
	const host = require.main;
	let loaded: unknown;
	let reason = 'n8n was not started as a Node.js program';
	if (host) {
		try {
			loaded = host.require('ioredis');
		} catch (error) {
			reason = (error as Error).message.split('\n')[0];
		}
	}
	const constructor = (loaded as { default?: unknown } | undefined)?.default ?? loaded;
	if (typeof constructor !== 'function') {
		throw new ClaimStoreError(
			`The Redis client library ioredis was not found next to n8n (${host?.filename ?? 'no main module'}): ${reason}`,
			'The Redis claim store uses the ioredis that n8n ships for its queue mode. Install ioredis into the folder n8n runs from (npm install ioredis@5 there), or choose "Memory of This Process" as the claim store (exact in regular mode only).',
		);
	}
	return constructor as RedisConstructor;
}

/** Connects to Redis with the credential's settings; a server that does not answer is a clear error. */
export async function connectRedisClaimStore(credential: RedisCredential): Promise<ClaimStore> {
	const Redis = hostIoredis();
	const where = `${credential.host || 'localhost'}:${credential.port || 6379}`;
	let lastError: Error | null = null;
	const client = new Redis({
		host: credential.host || 'localhost',
		port: credential.port || 6379,
		username: credential.user || undefined,
		password: credential.password || undefined,
		db: credential.database ?? 0,
		tls: credential.ssl
			? { rejectUnauthorized: credential.disableTlsVerification !== true }
			: undefined,
		lazyConnect: true,
		connectTimeout: TIMEOUT_MS,
		commandTimeout: TIMEOUT_MS,
		maxRetriesPerRequest: 0,
		enableOfflineQueue: false,
		// No reconnecting in the background: a claim is asked now, and a dead connection is an error now.
		retryStrategy: () => null,
	});
	// ioredis reports connection trouble as 'error' events; unheard, an event would end the n8n process.
	client.on('error', (error) => {
		lastError = error;
	});
	const unreachable = (error: unknown) =>
		new ClaimStoreError(
			`Redis at ${where} did not answer: ${(lastError ?? (error as Error)).message}`,
			'Check the Redis credential (host, port, password, database, SSL) and that Redis is running. Nothing was claimed, so no lead was passed on as new.',
		);
	try {
		await client.connect();
	} catch (error) {
		client.disconnect();
		throw unreachable(error);
	}
	const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
		try {
			return await call();
		} catch (error) {
			throw unreachable(error);
		}
	};
	return {
		kind: 'redis',
		claim: async (groups, ttlMs) => {
			if (groups.length === 0) return [];
			const pipeline = client.pipeline();
			for (const { keys, owner } of groups)
				pipeline.eval(CLAIM_SCRIPT, keys.length, ...keys, owner, Math.max(1, Math.round(ttlMs)));
			const results = await guarded(async () => (await pipeline.exec()) ?? []);
			return groups.map((_, i): ClaimAnswer => {
				const [error, value] = results[i] ?? [new Error('no answer'), null];
				if (error) throw unreachable(error);
				return value === 1 ? { claimed: true } : { claimed: false, heldBy: String(value) };
			});
		},
		release: async (groups) => {
			const pipeline = client.pipeline();
			for (const { keys, owner } of groups)
				if (keys.length > 0) pipeline.eval(RELEASE_SCRIPT, keys.length, ...keys, owner);
			await guarded(() => pipeline.exec());
		},
		increment: async (key, count) => await guarded(() => client.incrby(key, count)),
		close: async () => {
			try {
				await client.quit();
			} catch {
				client.disconnect();
			}
		},
	};
}
