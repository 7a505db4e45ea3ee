import type { IDataObject } from 'n8n-workflow';

import { crmState, type CrmState } from '../../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { countByType, expectedFindings, SEED_RULES } from './expectedFindings';
import { auditRow, auditWorkflow, findingKeys, NODE, OUT } from './helpers';

const REPEAT_STAGE = 'Отправлен на повтор вебинара';

describe.each(CRMS)('Pipeline Audit on %s (emulator with real rate limits)', (crmKind) => {
	let world: CrmWorld;
	let state: CrmState;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		state = await crmState(world);
	});
	afterAll(() => world.close());

	test('finds exactly what the seeded account holds: no next step, overdue tasks, stuck, swamp, lost without reason, slow first response', async () => {
		const result = await world.harness.run(auditWorkflow(world));
		expect(result.status).toBe('success');
		const row = auditRow(result);
		const expected = expectedFindings(state, Date.parse(row.auditedAt as string));
		const counts = countByType(expected);
		// The seeds were made to hold each kind of problem.
		for (const type of [
			'noOpenTask',
			'overdueTask',
			'stuckInStage',
			'swampStage',
			'lostWithoutReason',
			'slowFirstResponse',
		])
			expect(counts[type]).toBeGreaterThan(0);
		expect(findingKeys(result)).toEqual(expected);
		expect(row).toMatchObject({
			deals: state.deals.length,
			findings: expected.length,
			byType: expect.objectContaining(counts),
		});
	});

	test("the summary counts each manager's and each pipeline's deals and findings", async () => {
		const result = await world.harness.run(auditWorkflow(world));
		const rows = result.items(NODE, OUT.summary);
		const findings = result.items(NODE, OUT.findings);
		const managers = rows.filter((r) => r.summary === 'manager');
		const pipelines = rows.filter((r) => r.summary === 'pipeline');
		expect(pipelines.map((p) => p.pipelineId).sort()).toEqual(
			state.pipelines.map((p) => p.id).sort(),
		);
		for (const p of pipelines) {
			expect(p.deals).toBe(state.deals.filter((d) => d.pipelineId === p.pipelineId).length);
			expect(p.findings).toBe(findings.filter((f) => f.pipelineId === p.pipelineId).length);
		}
		expect(managers.reduce((sum, m) => sum + (m.deals as number), 0)).toBe(state.deals.length);
		const natalia = managers.find(
			(m) => m.responsibleUserId === (crmKind === 'amocrm' ? '1000002' : '2'),
		)!;
		expect(natalia.responsibleName).toMatch(/^Наталья/);
		expect(natalia.findings).toBe(
			findings.filter((f) => f.responsibleUserId === natalia.responsibleUserId).length,
		);
	});

	test('audits only the chosen pipelines (by name), with the rules set', async () => {
		const webinar = state.pipelines.find((p) => /Вебинар/.test(p.name))!;
		const rules = {
			...SEED_RULES,
			stuckAfterDays: 5,
			swampStages: ['Перенос звонка'],
			lostWithinDays: null,
			firstResponseMinutes: 600,
		};
		const result = await world.harness.run(
			auditWorkflow(world, {
				pipelines: [webinar.name],
				stuckAfterDays: 5,
				swampStages: 'Перенос звонка',
				lostWithinDays: 0,
				firstResponseMinutes: 600,
				noOpenTask: false,
			}),
		);
		const row = auditRow(result);
		const expected = expectedFindings(state, Date.parse(row.auditedAt as string), rules, [
			webinar.id,
		]).filter((k) => !k.startsWith('noOpenTask'));
		expect(findingKeys(result)).toEqual(expected);
		expect(row.pipelines).toEqual([webinar.name]);
	});

	test('the weekly cleanup: a dry run changes nothing; then re-attendees move back and the rest after 7 days close "Без причины"', async () => {
		const inStage = state.deals.filter(
			(d) => d.stageName === REPEAT_STAGE && d.semantics === 'open',
		);
		const nowMs = Date.now();
		const withEmail = inStage.find(
			(d) =>
				d.id !== '30000010' &&
				nowMs - d.inStageSinceMs >= 7 * 86_400_000 &&
				d.contactIds.some((c) => state.contacts.find((x) => x.id === c)?.emails.length),
		);
		expect(withEmail).toBeDefined();
		const email = state.contacts.find(
			(c) => withEmail!.contactIds.includes(c.id) && c.emails.length,
		)!.emails[0];
		const card = {
			email,
			name: 'Вернулась',
			segment: 'Stayed ≥ 60 min',
			targetStage: 'Был на вебинаре более часа',
			webinarDate: '2026-11-20',
		};
		const others = inStage.filter(
			(d) =>
				d !== withEmail &&
				!d.contactIds.some((c) =>
					state.contacts
						.find((x) => x.id === c)
						?.emails.some((e) => e.toLowerCase() === email.toLowerCase()),
				),
		);
		const old = others.filter((d) => Math.floor((nowMs - d.inStageSinceMs) / 86_400_000) >= 7);
		const parameters = { cleanup: true, dryRun: true, noOpenTask: false, overdueTask: false };

		const dry = await world.harness.run(auditWorkflow(world, parameters), {
			trigger: { items: [card] },
		});
		const planned = dry.items(NODE, OUT.cleanup);
		expect(
			planned
				.filter((a) => a.action === 'closeLost')
				.map((a) => a.dealId)
				.sort(),
		).toEqual(old.map((d) => d.id).sort());
		expect(planned.filter((a) => a.action === 'moveBack')).toEqual([
			expect.objectContaining({
				dealId: withEmail!.id,
				targetStage: 'Был на вебинаре более часа',
				applied: false,
				dryRun: true,
			}),
		]);
		expect(
			(await crmState(world)).deals.filter(
				(d) => d.stageName === REPEAT_STAGE && d.semantics === 'open',
			),
		).toHaveLength(inStage.length);

		const applied = await world.harness.run(
			auditWorkflow(world, { ...parameters, dryRun: false }),
			{ trigger: { items: [card] } },
		);
		expect(applied.items(NODE, OUT.cleanup).every((a) => a.applied === true)).toBe(true);
		expect(auditRow(applied).cleanup).toMatchObject({
			dryRun: false,
			closedLost: old.length,
			movedBack: 1,
			failed: 0,
			kept: inStage.length - old.length - 1,
		});
		const after = await crmState(world);
		const byId = new Map(after.deals.map((d) => [d.id, d]));
		expect(byId.get(withEmail!.id)).toMatchObject({
			stageName: 'Был на вебинаре более часа',
			semantics: 'open',
		});
		for (const deal of old)
			expect(byId.get(deal.id)).toMatchObject({ semantics: 'lost', lossReason: 'Без причины' });
		// The seed-001 fixture: ten days in the stage.
		if (crmKind === 'amocrm')
			expect(byId.get('30000010')).toMatchObject({ semantics: 'lost', lossReason: 'Без причины' });
	});

	test('with "continue (using error output)" an audit that cannot run (no such pipeline) sends the schedule item to the error output with the reason', async () => {
		const workflow = auditWorkflow(world, { pipelines: ['Нет такой воронки'] });
		workflow.nodes.find((n) => n.name === NODE)!.onError = 'continueErrorOutput';
		const result = await world.harness.run(workflow);
		expect(result.status).toBe('success');
		const outputs = result.run.data.resultData.runData[NODE][0].data!.main;
		expect(outputs).toHaveLength(4);
		expect(outputs.slice(0, 3).map((items) => items?.length ?? 0)).toEqual([0, 0, 0]);
		expect(outputs[3]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({
					error: expect.stringContaining('no pipeline "Нет такой воронки"'),
				}),
			}),
		]);
	});

	test('stops before reading deals when a chosen pipeline does not exist', async () => {
		await world.control('DELETE', 'requests');
		const result = await world.harness.run(
			auditWorkflow(world, { pipelines: ['Нет такой воронки'] }),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError(NODE)?.message).toContain('no pipeline "Нет такой воронки"');
		const paths = (
			await world.control<{ requests: IDataObject[] }>('GET', 'requests')
		).requests.map((r) => r.path as string);
		expect(paths.some((p) => /\/api\/v4\/leads$/.test(p) || /crm\.item\.list/.test(p))).toBe(false);
	});
});
