import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { ClaimStoreError, type ClaimStore } from '../../../../nodes/shared/claims/claimStore';
import { processClaimStore } from '../../../../nodes/shared/claims/processClaims';
import { connectRedisClaimStore } from '../../../../nodes/shared/claims/redisClaims';
import { freePort } from '../../../../scripts/lib/realN8n';
import { startRedis, type Service } from '../../../../scripts/lib/services';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../../..');

let redis: Service;
beforeAll(async () => {
	redis = await startRedis();
}, 60_000);
afterAll(async () => {
	await redis?.stop();
});

let unique = 0;
const key = (name: string) => `test-${process.pid}-${++unique}:${name}`;

describe.each([
	['this process', async (): Promise<ClaimStore> => processClaimStore],
	[
		'Redis',
		async (): Promise<ClaimStore> =>
			await connectRedisClaimStore({ host: redis.host, port: redis.port }),
	],
])('claim store: %s', (_name, open) => {
	let store: ClaimStore;
	beforeEach(async () => {
		store = await open();
	});
	afterEach(async () => {
		await store.close();
	});

	test("a person's keys are claimed all or none: a key held by another keeps the whole group unclaimed", async () => {
		const [phone, email, other] = [key('phone'), key('email'), key('other')];
		expect(await store.claim([{ keys: [phone], owner: 'execution-1' }], 60_000)).toEqual([
			{ claimed: true },
		]);
		expect(
			await store.claim(
				[
					{ keys: [email, phone], owner: 'execution-2' },
					{ keys: [other], owner: 'execution-2' },
				],
				60_000,
			),
		).toEqual([{ claimed: false, heldBy: 'execution-1' }, { claimed: true }]);
		// execution-2 got nothing of the first group: execution-1 can still take the email.
		expect(await store.claim([{ keys: [email], owner: 'execution-1' }], 60_000)).toEqual([
			{ claimed: true },
		]);
	});

	test('a claim is the same owner’s to renew, and another owner’s only after release', async () => {
		const phone = key('phone');
		await store.claim([{ keys: [phone], owner: 'a' }], 60_000);
		expect(await store.claim([{ keys: [phone], owner: 'a' }], 60_000)).toEqual([{ claimed: true }]);
		await store.release([{ keys: [phone], owner: 'b' }]);
		expect(await store.claim([{ keys: [phone], owner: 'b' }], 60_000)).toEqual([
			{ claimed: false, heldBy: 'a' },
		]);
		await store.release([{ keys: [phone], owner: 'a' }]);
		expect(await store.claim([{ keys: [phone], owner: 'b' }], 60_000)).toEqual([{ claimed: true }]);
	});

	test('an expired claim is free again', async () => {
		const phone = key('phone');
		await store.claim([{ keys: [phone], owner: 'a' }], 1);
		let answer = await store.claim([{ keys: [phone], owner: 'b' }], 60_000);
		for (let tries = 0; !answer[0].claimed && tries < 200; tries++) {
			await new Promise((r) => setTimeout(r, 5));
			answer = await store.claim([{ keys: [phone], owner: 'b' }], 60_000);
		}
		expect(answer).toEqual([{ claimed: true }]);
	});

	test('100 owners claiming one person at once: exactly one wins', async () => {
		const group = [key('email'), key('phone')];
		const answers = await Promise.all(
			Array.from({ length: 100 }, (_, i) =>
				store.claim([{ keys: group, owner: `owner-${i}` }], 60_000),
			),
		);
		expect(answers.filter(([a]) => a.claimed)).toHaveLength(1);
	});

	test('a counter hands out consecutive turns to increments made at once', async () => {
		const counter = key('turn');
		const ends = await Promise.all(
			Array.from({ length: 50 }, (_, i) => store.increment(counter, 1 + (i % 3))),
		);
		const total = Array.from({ length: 50 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
		expect(Math.max(...ends)).toBe(total);
		expect(new Set(ends).size).toBe(50);
	});
});

describe('Redis claim store errors', () => {
	test('a Redis that does not answer is a clear error naming the address, never a silent claim', async () => {
		const port = await freePort();
		const error = await connectRedisClaimStore({ host: '127.0.0.1', port }).catch((e) => e);
		expect(error).toBeInstanceOf(ClaimStoreError);
		expect(error.message).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${port} did not answer`));
		expect(error.hint).toMatch(/Check the Redis credential/);
	});

	test('without ioredis next to the program that runs it, the error names the missing library and where it looked', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'claims-no-ioredis-'));
		try {
			// A main module outside any node_modules that has ioredis: require.main.require cannot find it.
			const main = path.join(dir, 'main.js');
			writeFileSync(
				main,
				`require(${JSON.stringify(path.join(ROOT, 'node_modules/tsx/dist/cjs/index.cjs'))});
const { connectRedisClaimStore } = require(${JSON.stringify(path.join(ROOT, 'nodes/shared/claims/redisClaims.ts'))});
connectRedisClaimStore({}).then(() => console.log('connected'), (e) => console.log(JSON.stringify({ name: e.name, message: e.message, hint: e.hint })));`,
			);
			const { stdout } = await run(process.execPath, [main], { cwd: dir });
			const error = JSON.parse(stdout.trim());
			expect(error.name).toBe('ClaimStoreError');
			expect(error.message).toContain('The Redis client library ioredis was not found next to n8n');
			expect(error.message).toContain(main);
			expect(error.hint).toMatch(/npm install ioredis@5|"Memory of This Process"/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
