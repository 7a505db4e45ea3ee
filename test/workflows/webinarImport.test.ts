import { normalizePhone } from '../../nodes/shared/funnel/phone';
import type { FakeRequest } from '../harness/webhooks';
import { callWebhook } from '../harness/webhooks';
import { WorkflowHarness } from '../harness/runWorkflow';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { crmState, newSince, type CrmState, type StateDeal } from '../support/crmState';
import { preparedTemplate, TEST_CREDENTIALS } from '../support/templates';
import { bizonReport, startWebinarSource, windows1251, type BizonViewer, type WebinarSourceServer } from '../support/webinarSource';

const TOKEN = 'bizon-api-token-for-tests';
const WEBHOOK = 'Bizon365: webinar ended';
const PIPELINE = { amocrm: 'Вебинар', bitrix24: 'Вебинар «Больше чем игрушка»' };

/** A client the CRM finds by one phone, whose only deal matches: the deal the template will see. */
function clientWith(state: CrmState, wanted: (deal: StateDeal) => boolean): { deal: StateDeal; name: string; phone: string } {
	const e164 = (p: string) => {
		const parsed = normalizePhone(p, { defaultCountry: 'RU' });
		return parsed.ok ? parsed.e164 : null;
	};
	for (const deal of state.deals.filter(wanted)) {
		if (deal.contactIds.length !== 1) continue;
		const contact = state.contacts.find((c) => c.id === deal.contactIds[0]);
		const phone = contact?.phones.length === 1 ? contact.phones[0] : undefined;
		if (!contact || !phone || !/^\+79\d{9}$/.test(e164(phone) ?? '')) continue;
		if (state.deals.filter((d) => d.contactIds.includes(contact.id)).length !== 1) continue;
		if (state.contacts.filter((c) => c.phones.some((p) => e164(p) === e164(phone))).length !== 1) continue;
		return { deal, name: contact.name, phone };
	}
	throw new Error('No such client in the seeded account');
}

describe.each(CRMS)('template 2 «Webinar viewers → three funnels» on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	let source: WebinarSourceServer;
	const reports: Record<string, unknown> = {};
	beforeAll(async () => {
		world = await startCrmWorld(crm, { harness: new WorkflowHarness() });
		world.harness.setCredentials('httpHeaderAuth', { name: 'X-Token', value: TOKEN }, TEST_CREDENTIALS.httpHeaderAuth.id);
		const csv = windows1251(
			['Имя;Почта;Телефон;Время просмотра;Кнопки;Менеджер', 'Вера;vera.csv@example.ru;8 (916) 800-10-01;1 ч 20 мин;;Наталья', 'Глеб;gleb.csv@example.ru;+7 916 800-10-02;25 мин;Подарок;', 'Яна;yana.csv@example.ru;;40 мин;;'].join('\r\n'),
		);
		source = await startWebinarSource({ token: TOKEN, reports, csv });
	});
	afterAll(async () => {
		await source.close();
		await world.close();
	});

	const setup = () => ({ 'Bizon365 API': `${source.url}/api/v1`, 'CSV or Google Sheet address': `${source.url}/export.csv` });

	test('Bizon365 "webinar ended": the report is fetched with the token, newcomers get deals in their funnel, a re-attendee waiting for a repeat is moved, a client in work is only noted, a former client gets a new deal', async () => {
		const before = await crmState(world);
		const repeat = clientWith(before, (d) => d.stageName === 'Отправлен на повтор вебинара' && d.semantics === 'open');
		const inWork = clientWith(before, (d) => d.pipelineName === PIPELINE[crm] && ['Думает(поговорили)', 'Перенос звонка'].includes(d.stageName));
		const former = clientWith(before, (d) => d.semantics === 'lost');
		const viewers: BizonViewer[] = [
			{ username: 'Дарья', email: 'darya.new@example.ru', phone: '+7 916 800-20-01', minutes: 110, clickBanner: 'Подарок' },
			{ username: 'Фёдор', email: 'fedor.new@example.ru', phone: '8 916 800 20 02', minutes: 75 },
			{ username: 'Лиза', email: 'liza.new@example.ru', minutes: 20 },
			{ username: repeat.name, phone: repeat.phone, minutes: 90 },
			{ username: inWork.name, phone: inWork.phone, minutes: 30 },
			{ username: former.name, phone: former.phone, minutes: 65 },
		];
		const webinarId = `27379:toys-${crm}*2026-11-20T19:00:00`;
		reports[webinarId] = bizonReport(webinarId, viewers);
		const request: FakeRequest = { headers: { 'content-type': 'application/json' }, body: { event: 'webinarEnd', webinarId } };
		const call = await callWebhook(world.harness, preparedTemplate(world, '2-webinar-import', setup()), WEBHOOK, request);
		expect(call.run?.status).toBe('success');
		expect(source.requests.filter((r) => r.path === '/api/v1/webinars/reports/get')).toEqual([{ path: '/api/v1/webinars/reports/get', query: { webinarId }, token: TOKEN }]);

		const after = await crmState(world);
		const changes = newSince(before, after);
		const dealOf = (email: string) => changes.deals.find((d) => d.name.startsWith(email));
		expect(dealOf('darya.new@example.ru')).toMatchObject({ pipelineName: PIPELINE[crm], stageName: 'Проявил активность на вебинаре', name: 'darya.new@example.ru, Дарья' });
		expect(dealOf('fedor.new@example.ru')).toMatchObject({ pipelineName: PIPELINE[crm], stageName: 'Был на вебинаре более часа' });
		expect(dealOf('liza.new@example.ru')).toMatchObject({ pipelineName: PIPELINE[crm], stageName: 'Был на вебинаре менее часа' });
		const fedor = changes.contacts.find((c) => c.emails.includes('fedor.new@example.ru'))!;
		expect(fedor.phones).toEqual(['+79168002002']);

		// The re-attendee's own deal moved; the client in work kept their stage; both have the webinar in a note.
		expect(after.deals.find((d) => d.id === repeat.deal.id)).toMatchObject({ stageName: 'Был на вебинаре более часа', semantics: 'open' });
		expect(after.deals.find((d) => d.id === inWork.deal.id)!.stageName).toBe(inWork.deal.stageName);
		expect(changes.notes.find((n) => n.dealId === inWork.deal.id)?.text).toContain('Время на вебинаре: 30 мин');
		expect(changes.notes.find((n) => n.dealId === repeat.deal.id)?.text).toContain('Время на вебинаре: 1 ч 30 мин');
		// The former client: a new deal on their own contact, in the funnel of what they did.
		const comeback = changes.deals.filter((d) => d.contactIds.includes(former.deal.contactIds[0]));
		expect(comeback).toEqual([expect.objectContaining({ pipelineName: PIPELINE[crm], stageName: 'Был на вебинаре более часа', semantics: 'open' })]);
		expect(changes.deals).toHaveLength(4);
		expect(changes.contacts).toHaveLength(3);
	});

	test('a manual run over a CSV file (Windows-1251, Russian headers) puts each viewer in their funnel with the manager tag', async () => {
		const before = await crmState(world);
		const run = await world.harness.run(preparedTemplate(world, '2-webinar-import', setup()), { trigger: { node: 'Import a CSV or Google Sheet now' } });
		expect(run.status).toBe('success');
		const changes = newSince(before, await crmState(world));
		const byEmail = (email: string) => changes.deals.find((d) => d.name.startsWith(email));
		expect(byEmail('vera.csv@example.ru')).toMatchObject({ stageName: 'Был на вебинаре более часа', tags: ['Наталья'] });
		expect(byEmail('gleb.csv@example.ru')).toMatchObject({ stageName: 'Проявил активность на вебинаре', tags: [] });
		expect(byEmail('yana.csv@example.ru')).toMatchObject({ stageName: 'Был на вебинаре менее часа' });
		expect(changes.notes.filter((n) => changes.deals.some((d) => d.id === n.dealId))).toHaveLength(crm === 'amocrm' ? 3 : 0);
		expect(changes.deals).toHaveLength(3);
	});

	test('a wrong Bizon365 token stops the run with Bizon365\'s answer, and nothing is written', async () => {
		world.harness.setCredentials('httpHeaderAuth', { name: 'X-Token', value: 'wrong' }, 'wrong-token');
		const workflow = preparedTemplate(world, '2-webinar-import', setup());
		workflow.nodes.find((n) => n.name === 'Fetch the Bizon365 report')!.credentials = { httpHeaderAuth: { id: 'wrong-token', name: 'wrong' } };
		workflow.nodes.find((n) => n.name === 'Fetch the Bizon365 report')!.retryOnFail = false;
		const before = await crmState(world);
		const call = await callWebhook(world.harness, workflow, WEBHOOK, { headers: { 'content-type': 'application/json' }, body: { webinarId: 'x' } });
		expect(call.run?.status).toBe('error');
		expect(String(call.run?.nodeError('Fetch the Bizon365 report')?.message)).toMatch(/401|Authorization|Токен/);
		expect(newSince(before, await crmState(world)).deals).toEqual([]);
	});

	test.each<[string, unknown]>([
		['an empty body', {}],
		['a body without a webinar id', { event: 'webinarEnd', roomid: '27379:toys' }],
		['a JSON null', null],
	])('%s posted to the Bizon365 URL (it has no secret) fetches nothing, writes nothing and does not fail', async (_what, body) => {
		const before = await crmState(world);
		const fetched = source.requests.length;
		const call = await callWebhook(world.harness, preparedTemplate(world, '2-webinar-import', setup()), WEBHOOK, { headers: { 'content-type': 'application/json' }, body });
		expect(call.run?.status).toBe('success');
		expect(call.run?.outputs('Started by Bizon365?').map((items) => items.length)).toEqual([0, 0, 1]);
		expect(source.requests.length).toBe(fetched);
		expect(newSince(before, await crmState(world)).deals).toEqual([]);
	});
});
