/**
 * Template 4 on both emulators: the Monday audit writes a report per manager; by default it is a dry run that
 * changes nothing; with «Dry run» off the seed-001 close runs (a week in «Отправлен на повтор вебинара» → lost
 * «Без причины»); the sending nodes stay switched off until the user chooses a credential.
 */
import type { IDataObject } from 'n8n-workflow';

import { crmState, type CrmState } from '../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { preparedTemplate } from '../support/templates';

const AUDIT = 'Audit the pipelines and clean up';
const REPORT = 'Write the weekly report';
const REPEAT_STAGE = 'Отправлен на повтор вебинара';
const DAY = 86_400_000;

/** CRM writes the emulator logged since its request log was cleared (reads and searches left out). */
async function writes(world: CrmWorld): Promise<string[]> {
	const { requests } = await world.control<{ requests: Array<{ method: string; path: string }> }>('GET', 'requests');
	return requests.filter((r) => r.method !== 'GET' && !/batch|\.list|\.get|fields|filter/.test(r.path)).map((r) => `${r.method} ${r.path}`);
}

describe.each(CRMS)('template 4 «Weekly pipeline cleanup and report» on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	let state: CrmState;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
		state = await crmState(world);
	});
	afterAll(() => world.close());

	const run = (set: Record<string, string> = {}, trigger = 'Run now') =>
		world.harness.run(preparedTemplate(world, '4-weekly-cleanup', set), { trigger: { node: trigger } });

	test('"Run now" audits every pipeline and writes a report with one line per manager who has something to fix; the dry run changes nothing', async () => {
		await world.control('DELETE', 'requests');
		const result = await run();
		expect(result.status).toBe('success');
		const [auditRow] = result.items(AUDIT, 1).filter((r) => r.summary === 'audit');
		expect(auditRow).toMatchObject({ deals: state.deals.length, cleanup: expect.objectContaining({ dryRun: true, stage: REPEAT_STAGE }) });
		const [{ report }] = result.items(REPORT) as Array<IDataObject & { report: string }>;
		const lines = report.split('\n');
		expect(lines[0]).toBe(`Аудит воронки ${String(auditRow.auditedAt).slice(0, 10)}: ${state.deals.length} сделок, ${auditRow.findings} замечаний.`);
		expect(lines[1]).toMatch(/^Чистка «Отправлен на повтор вебинара» \(проверка, без изменений\): закрыто \d+, возвращено 0, оставлено \d+\.$/);
		const managers = result.items(AUDIT, 1).filter((r) => r.summary === 'manager' && (r.findings as number) > 0);
		expect(managers.length).toBeGreaterThan(0);
		expect(lines.slice(2)).toHaveLength(managers.length);
		const natalia = managers.find((m) => /^Наталья/.test(String(m.responsibleName)))!;
		expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^• ${natalia.responsibleName}: ${natalia.findings} \\(без задачи \\d+, просрочено \\d+, зависли \\d+, болото \\d+, без причины отказа \\d+, медленный первый звонок \\d+\\)$`)));
		// The findings leave one item each, for whoever wants to act on them.
		expect(result.items('Each finding: the deal, its manager, what to do')).toHaveLength(auditRow.findings as number);
		// Sending is off until the user switches it on: the disabled nodes only pass the report through.
		expect(result.items('Send the report by email')).toEqual([expect.objectContaining({ report })]);
		expect(await writes(world)).toEqual([]);
		expect((await crmState(world)).deals.filter((d) => d.stageName === REPEAT_STAGE && d.semantics === 'open')).toHaveLength(
			state.deals.filter((d) => d.stageName === REPEAT_STAGE && d.semantics === 'open').length,
		);
	});

	test('only the pipelines named in Setup are audited', async () => {
		const webinar = state.pipelines.find((p) => /Вебинар/.test(p.name))!;
		const result = await run({ Pipelines: webinar.name });
		expect(result.status).toBe('success');
		const [auditRow] = result.items(AUDIT, 1).filter((r) => r.summary === 'audit');
		expect(auditRow).toMatchObject({ pipelines: [webinar.name], deals: state.deals.filter((d) => d.pipelineId === webinar.id).length });
		expect(result.items(AUDIT, 1).filter((r) => r.summary === 'pipeline').map((r) => r.pipelineName)).toEqual([webinar.name]);
	});

	test('the Monday schedule with «Dry run» off closes a week-old «Отправлен на повтор вебинара» as lost «Без причины» and reports it', async () => {
		const now = Date.now();
		const inStage = (await crmState(world)).deals.filter((d) => d.stageName === REPEAT_STAGE && d.semantics === 'open');
		const old = inStage.filter((d) => Math.floor((now - d.inStageSinceMs) / DAY) >= 7);
		expect(old.length).toBeGreaterThan(0);
		const result = await run({ 'Dry run (report only)': 'false' }, 'Every Monday at 09:00');
		expect(result.status).toBe('success');
		expect(result.items('Each cleanup action').filter((a) => a.action === 'closeLost').map((a) => a.dealId).sort()).toEqual(old.map((d) => d.id).sort());
		const [{ report }] = result.items(REPORT) as Array<IDataObject & { report: string }>;
		expect(report.split('\n')[1]).toBe(`Чистка «${REPEAT_STAGE}»: закрыто ${old.length}, возвращено 0, оставлено ${inStage.length - old.length}.`);
		const after = new Map((await crmState(world)).deals.map((d) => [d.id, d]));
		for (const deal of old) expect(after.get(deal.id)).toMatchObject({ semantics: 'lost', lossReason: 'Без причины' });
		for (const deal of inStage.filter((d) => !old.includes(d))) expect(after.get(deal.id)).toMatchObject({ semantics: 'open', stageName: REPEAT_STAGE });

		// Next Monday nothing is left to close.
		const again = await run({ 'Dry run (report only)': 'false' }, 'Every Monday at 09:00');
		expect(again.items('Each cleanup action').filter((a) => a.action === 'closeLost')).toEqual([]);
	});

	test('an unknown pipeline in Setup stops the run with the audit\'s own message and changes nothing', async () => {
		await world.control('DELETE', 'requests');
		const result = await run({ Pipelines: 'Нет такой воронки', 'Dry run (report only)': 'false' });
		expect(result.status).toBe('error');
		expect(result.nodeError(AUDIT)?.message).toContain('no pipeline "Нет такой воронки"');
		expect(await writes(world)).toEqual([]);
	});
});
