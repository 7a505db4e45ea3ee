/**
 * A CRM emulator in its own process, seeded at start, with its real limits on. Its own process because a real CRM
 * does its work on its own servers: the emulator's CPU time and memory must not be billed to our nodes, and every
 * measured run gets a fresh emulator (empty request log, limiter and operating budget) on a new port — which also
 * gives our transports fresh pacing state, since they key it by account address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { CrmKind } from '../../nodes/shared/crm/types';

const ROOT = path.resolve(__dirname, '../..');

/** Emulators still running, and their seed folders: an interrupted bench must not leave them behind. */
const running = new Map<ChildProcess, string>();
process.on('exit', () => {
	for (const [child, dir] of running) {
		child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
});

export interface EmulatorInfo {
	crm: CrmKind;
	url: string;
	/** amoCRM: the admin's long-lived token. */
	token?: string;
	/** Bitrix24: the inbound webhook URL. */
	webhook?: string;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	status: number;
	/** How long the emulator took to answer (its own CPU, in its own process, and the modelled latency). */
	durationMs: number;
	/** The modelled latency the answer waited (0 without a latency model). */
	latencyMs?: number;
	fault?: string;
	/** Bitrix24: the REST method, and the number of commands of a batch. */
	restMethod?: string;
	batchCommands?: number;
}

export interface EmulatorStats {
	requests: number;
	byStatus: Record<string, number>;
	/** 429/503 answers of the limiter (HTTP level). */
	rateLimited: number;
	banned: number;
	/** Bitrix24: commands refused inside a batch for the operating budget. */
	operatingLimitedCommands?: number;
	byMethod?: Record<string, number>;
}

export interface RunningCrm {
	info: EmulatorInfo;
	/** Seconds from spawn to READY, seeding included (not part of any measurement). */
	startSeconds: number;
	control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T>;
	requests(): Promise<RequestLogEntry[]>;
	stats(): Promise<EmulatorStats>;
	stop(): Promise<void>;
}

/** Starts `scripts/emulator.ts <crm> --seed <file>` and waits for its READY line. */
export async function startEmulator(crm: CrmKind, seed: unknown, options: { heapMb?: number; latency?: boolean } = {}): Promise<RunningCrm> {
	const dir = mkdtempSync(path.join(tmpdir(), 'sales-funnel-bench-'));
	const seedFile = path.join(dir, 'seed.json');
	writeFileSync(seedFile, JSON.stringify(seed));
	const started = performance.now();
	const args = [...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []), ...(process.env.BENCH_EMULATOR_NODE_OPTIONS ?? '').split(' ').filter(Boolean), '--import', 'tsx', path.join(ROOT, 'scripts/emulator.ts'), crm, '--port', '0', '--seed', seedFile, ...(options.latency ? ['--latency'] : [])];
	const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	running.set(child, dir);
	let info: EmulatorInfo;
	try {
		info = await readyLine(child);
	} catch (error) {
		child.kill('SIGKILL');
		running.delete(child);
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const startSeconds = (performance.now() - started) / 1000;
	const control = async <T>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> => {
		const res = await fetch(`${info.url}/__emulator/${route.replace(/^\//, '')}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /__emulator/${route} → ${res.status}: ${text.slice(0, 300)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	};
	return {
		info,
		startSeconds,
		control,
		requests: async () => (await control<{ requests: RequestLogEntry[] }>('GET', 'requests')).requests,
		stats: () => control<EmulatorStats>('GET', 'stats'),
		stop: async () => {
			await stopChild(child);
			running.delete(child);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

function readyLine(child: ChildProcess): Promise<EmulatorInfo> {
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		const timer = setTimeout(() => reject(new Error(`the emulator did not start in 180 s:\n${err.slice(-2000)}`)), 180_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const line = out.split('\n').find((l) => l.startsWith('READY '));
			if (line) {
				clearTimeout(timer);
				resolve(JSON.parse(line.slice('READY '.length)) as EmulatorInfo);
			}
		});
		child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the emulator exited (${code}) before READY:\n${err.slice(-2000)}`));
		});
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
