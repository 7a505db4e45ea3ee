import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { auditWorkflow, NODE, OUT } from '../../nodes/PipelineAudit/helpers';

/**
 * A ban-trigger attempt: the account's real budget is smaller than the credential says (another integration, or a
 * second n8n worker, uses the rest), and four read-heavy executions of one workflow start together. amoCRM bans an
 * account that keeps going past its limit (here: 20 refusals within a minute → every request 403); the client must
 * back off enough that the ban never comes, and every execution must still finish.
 */
const STRICTER: Record<string, Record<string, unknown>> = {
	amocrm: { rps: 3 },
	bitrix24: { bucketSize: 12, drainPerSecond: 1 },
};

describe.each(CRMS)('ban-trigger attempt on %s', (crm) => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
	});
	afterAll(() => world.close());

	test("four audits at once against a budget below the credential's pace: refused and backed off, never banned, all finish", async () => {
		await world.control('POST', 'limits', STRICTER[crm]);
		const runs = await Promise.all(
			[0, 1, 2, 3].map(() => world.harness.run(auditWorkflow(world, {}))),
		);
		const stats = await world.control<{ requests: number; rateLimited: number; banned: number }>(
			'GET',
			'stats',
		);
		process.stdout.write(
			`ban-trigger attempt (${crm}): ${stats.requests} requests, ${stats.rateLimited} refused by the limiter, banned ${stats.banned}\n`,
		);
		expect(stats.rateLimited).toBeGreaterThan(0);
		expect(stats.banned).toBe(0);
		for (const run of runs) {
			expect(run.status).toBe('success');
			expect(run.items(NODE, OUT.summary).length).toBeGreaterThan(0);
		}
	}, 240_000);
});
