import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	ensureN8n,
	installPackageLikeCommunityNodes,
	N8N_V1_VERSION,
	N8N_VERSION,
	N8nSession,
	packPackage,
	ROOT,
	startN8n,
	type RunningN8n,
} from '../../scripts/lib/realN8n';
import { startRedis, type Service } from '../../scripts/lib/services';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/**
 * The source module of a file in the n8n block (dist/nodes/X/X.node.js → nodes/X/X.node.ts). Read from source, not
 * dist: another suite may be rebuilding dist (rimraf + tsc) while this one runs.
 */
function sourceOf(file: string) {
	return require(path.join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')));
}

/** The type names n8n must know: `<package>.<description.name>` for every node file in the n8n block. */
function expectedNodeTypes(): string[] {
	return manifest.n8n.nodes.map((file) => {
		const mod = sourceOf(file);
		const className = path.basename(file, '.node.js');
		return `${manifest.name}.${new mod[className]().description.name}`;
	});
}

describe.each([N8N_VERSION, N8N_V1_VERSION])(
	'real n8n %s: the packed package installed through the community-nodes folder',
	(version) => {
		let n8n: RunningN8n;
		let session: N8nSession;
		let userFolder: string;
		let packageDir: string;

		beforeAll(async () => {
			const install = await ensureN8n(version);
			const tarball = await packPackage();
			userFolder = mkdtempSync(path.join(tmpdir(), 'sales-funnel-smoke-'));
			packageDir = await installPackageLikeCommunityNodes(userFolder, tarball);
			n8n = await startN8n(install, { userFolder });
			session = await N8nSession.owner(n8n.url);
		}, 30 * 60_000);

		afterAll(async () => {
			await n8n?.stop();
			if (userFolder) rmSync(userFolder, { recursive: true, force: true });
		});

		test('nothing is installed beside the package: luxon comes from n8n, libphonenumber-js is bundled', () => {
			expect(existsSync(path.join(packageDir, 'node_modules'))).toBe(false);
			// Outside n8n (which puts its own modules on the resolution path) the package cannot find luxon itself.
			expect(() => require.resolve('luxon', { paths: [packageDir] })).toThrow();
		});

		test('n8n knows every node type and credential type of the package', async () => {
			const known = new Set((await session.nodeTypes()).map((t) => t.name));
			const expected = expectedNodeTypes();
			expect(expected).toContain('n8n-nodes-sales-funnel.leadNormalize');
			for (const type of expected) expect(known).toContain(type);
			const knownCredentials = new Set((await session.credentialTypes()).map((t) => t.name));
			for (const file of manifest.n8n.credentials) {
				const mod = sourceOf(file);
				const className = path.basename(file, '.credentials.js');
				expect(knownCredentials).toContain(new mod[className]().name);
			}
		}, 120_000);

		test('a published workflow runs Lead Normalize inside n8n and answers the webhook with the clean lead', async () => {
			const apiKey = await session.createApiKey('smoke');
			const api = async (method: string, pathname: string, body?: unknown) => {
				const res = await fetch(`${n8n.url}/api/v1${pathname}`, {
					method,
					headers: { 'x-n8n-api-key': apiKey, 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				const text = await res.text();
				if (!res.ok) throw new Error(`${method} ${pathname} → ${res.status}: ${text}`);
				return JSON.parse(text);
			};
			const workflow = await api('POST', '/workflows', {
				name: 'Smoke: Lead Normalize',
				settings: { executionOrder: 'v1' },
				nodes: [
					{
						id: 'a0000000-0000-4000-8000-000000000001',
						name: 'Form webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: 'b0000000-0000-4000-8000-000000000001',
						parameters: {
							httpMethod: 'POST',
							path: `smoke-lead-${version.replace(/\./g, '-')}`,
							responseMode: 'lastNode',
							responseData: 'allEntries',
							options: {},
						},
					},
					{
						id: 'a0000000-0000-4000-8000-000000000002',
						name: 'Normalize lead',
						type: 'n8n-nodes-sales-funnel.leadNormalize',
						typeVersion: 1,
						position: [220, 0],
						parameters: { mappingMode: 'auto', source: 'site form', channel: 'tilda', options: {} },
					},
				],
				connections: {
					'Form webhook': { main: [[{ node: 'Normalize lead', type: 'main', index: 0 }]] },
				},
			});
			await api('POST', `/workflows/${workflow.id}/publish`, {}).catch(() =>
				api('POST', `/workflows/${workflow.id}/activate`),
			);

			const form = new URLSearchParams({
				Name: 'Иван Петров',
				Phone: '8 (916) 123-45-67',
				Email: 'Ivan@Mail.RU',
				tranid: '467251:8442970',
				COOKIES: 'TILDAUTM=utm_source%3Dyandex%7C%7C%7Cutm_campaign%3Dautumn',
			});
			let response: Response | undefined;
			for (let attempt = 0; attempt < 20; attempt++) {
				response = await fetch(`${n8n.url}/webhook/smoke-lead-${version.replace(/\./g, '-')}`, {
					method: 'POST',
					body: form,
				});
				if (response.status !== 404) break;
				await new Promise((r) => setTimeout(r, 500));
			}
			expect(response!.status).toBe(200);
			const leads = (await response!.json()) as Array<Record<string, unknown>>;
			expect(leads).toEqual([
				expect.objectContaining({
					name: 'Иван Петров',
					phone: '+79161234567',
					email: 'ivan@mail.ru',
					externalId: '467251:8442970',
					utm: { source: 'yandex', medium: '', campaign: 'autumn', content: '', term: '' },
				}),
			]);
		});

		test("the Redis claim store works inside n8n through n8n's own ioredis: round robin's turn counted in Redis", async () => {
			const redis: Service = await startRedis();
			try {
				const apiKey = await session.createApiKey('claims');
				const api = async (method: string, pathname: string, body?: unknown) => {
					const res = await fetch(`${n8n.url}/api/v1${pathname}`, {
						method,
						headers: { 'x-n8n-api-key': apiKey, 'content-type': 'application/json' },
						body: body === undefined ? undefined : JSON.stringify(body),
					});
					const text = await res.text();
					if (!res.ok) throw new Error(`${method} ${pathname} → ${res.status}: ${text}`);
					return JSON.parse(text);
				};
				const credential = await api('POST', '/credentials', {
					name: 'Redis claims',
					type: 'redis',
					data: {
						host: redis.host,
						port: redis.port,
						database: 0,
						password: '',
						user: '',
						ssl: false,
					},
				});
				const path = `smoke-claims-${version.replace(/\./g, '-')}`;
				const workflow = await api('POST', '/workflows', {
					name: 'Smoke: round robin in Redis',
					settings: { executionOrder: 'v1' },
					nodes: [
						{
							id: 'c0000000-0000-4000-8000-000000000001',
							name: 'Leads',
							type: 'n8n-nodes-base.webhook',
							typeVersion: 2,
							position: [0, 0],
							webhookId: 'd0000000-0000-4000-8000-000000000001',
							parameters: {
								httpMethod: 'POST',
								path,
								responseMode: 'lastNode',
								responseData: 'allEntries',
								options: {},
							},
						},
						{
							id: 'c0000000-0000-4000-8000-000000000002',
							name: 'Lead Distribution',
							type: 'n8n-nodes-sales-funnel.leadDistribution',
							typeVersion: 1,
							position: [220, 0],
							parameters: {
								crm: 'none',
								strategy: 'roundRobin',
								managersSource: 'table',
								managers: {
									manager: [
										{ name: 'Анна', id: '1' },
										{ name: 'Борис', id: '2' },
										{ name: 'Вера', id: '3' },
									],
								},
								guard: false,
								claimStore: 'redis',
								claimOptions: {},
								options: {},
							},
							credentials: { redis: { id: credential.id, name: credential.name } },
						},
					],
					connections: {
						Leads: { main: [[{ node: 'Lead Distribution', type: 'main', index: 0 }]] },
					},
				});
				await api('POST', `/workflows/${workflow.id}/publish`, {}).catch(() =>
					api('POST', `/workflows/${workflow.id}/activate`),
				);
				const send = async () => {
					for (let attempt = 0; ; attempt++) {
						const res = await fetch(`${n8n.url}/webhook/${path}`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ body: [{ name: 'Клиент' }] }),
						});
						if (res.status !== 404 || attempt > 20) return res;
						await new Promise((r) => setTimeout(r, 500));
					}
				};
				const names: string[] = [];
				for (const res of await Promise.all([send(), send(), send()])) {
					const text = await res.text();
					expect([res.status, text]).toEqual([200, expect.any(String)]);
					for (const item of JSON.parse(text) as Array<{
						assignee: { name: string; reason: string };
					}>) {
						expect(item.assignee.reason).toMatch(/shared counter/);
						names.push(item.assignee.name);
					}
				}
				expect(names.sort()).toEqual(['Анна', 'Борис', 'Вера']);
			} finally {
				await redis.stop();
			}
		});
	},
);
