/**
 * Throw-away PostgreSQL and Redis servers on loopback, for n8n in queue mode (end-to-end tests and the demo).
 * Both come from Debian's packages (`.ci/run` installs them); each instance lives in its own temp folder and dies
 * with `stop()`. PostgreSQL refuses to run as root, so it runs as the `postgres` system user when we are root.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort, stopProcess } from './realN8n';

const run = promisify(execFile);

export interface Service {
	host: string;
	port: number;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	database: string;
	user: string;
	password: string;
}

function postgresBin(name: string): string {
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		const candidate = path.join(base, version, 'bin', name);
		if (existsSync(candidate)) return candidate;
	}
	throw new Error(
		`PostgreSQL's ${name} was not found under ${base}: install it with "apt-get install -y postgresql"`,
	);
}

async function waitForPort(
	port: number,
	child: ChildProcess,
	output: () => string,
	timeoutMs = 30_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`process exited (${child.exitCode}):\n${output().slice(-2000)}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = createConnection({ host: '127.0.0.1', port }, () => {
				socket.end();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > deadline)
			throw new Error(`port ${port} did not open in time:\n${output().slice(-2000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Runs a command as the postgres user when we are root (initdb and postgres refuse root). */
function asPostgres(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
}

export async function startPostgres(): Promise<Postgres> {
	const dir = mkdtempSync(path.join(tmpdir(), 'sales-funnel-pg-'));
	const data = path.join(dir, 'data');
	if (process.getuid?.() === 0) {
		chmodSync(dir, 0o755);
		const { stdout } = await run('id', ['-u', 'postgres']);
		const { stdout: gid } = await run('id', ['-g', 'postgres']);
		chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
	}
	const password = 'sales-funnel';
	const [initCmd, initArgs] = asPostgres(postgresBin('initdb'), [
		'-D',
		data,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-locale',
	]);
	await run(initCmd, initArgs);
	const port = await freePort();
	let output = '';
	const [cmd, args] = asPostgres(postgresBin('postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout!.on('data', (c) => (output += c));
	child.stderr!.on('data', (c) => (output += c));
	await waitForPort(port, child, () => output);
	const [psqlCmd, psqlArgs] = asPostgres('psql', [
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-U',
		'n8n',
		'-d',
		'postgres',
		'-c',
		'CREATE DATABASE n8n',
	]);
	for (let attempt = 0; ; attempt++) {
		try {
			await run(psqlCmd, psqlArgs);
			break;
		} catch (error) {
			if (attempt > 20) throw error;
			await new Promise((r) => setTimeout(r, 300));
		}
	}
	return {
		host: '127.0.0.1',
		port,
		database: 'n8n',
		user: 'n8n',
		password,
		stop: async () => {
			await stopProcess(child);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

export async function startRedis(): Promise<Service> {
	const dir = mkdtempSync(path.join(tmpdir(), 'sales-funnel-redis-'));
	const port = await freePort();
	let output = '';
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	child.stdout!.on('data', (c) => (output += c));
	child.stderr!.on('data', (c) => (output += c));
	await waitForPort(port, child, () => output);
	return {
		host: '127.0.0.1',
		port,
		stop: async () => {
			await stopProcess(child);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** The environment that puts an n8n process into queue mode on these services. */
export function queueModeEnv(
	postgres: Postgres,
	redis: Service,
	encryptionKey: string,
): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_ENCRYPTION_KEY: encryptionKey,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
	};
}
