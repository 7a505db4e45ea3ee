import { createAmoCrmFunnel, type AmoCrmFunnel } from '../../../../../nodes/shared/crm/amocrm';
import { resolveLossReason, resolveStage } from '../../../../../nodes/shared/crm/stages';
import type { CrmDeal } from '../../../../../nodes/shared/crm/types';
import { start, type RunningEmulator } from '../../../../emulators/amocrm';
import { EmulatorClient } from '../../../../emulators/amocrm/testClient';
import { probeHarness, runProbe, sandboxCredentials } from './amoProbe';

const WEBINAR = '7100002';

describe('FunnelCrm over amoCRM (adapter against the emulator)', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;
	const harness = probeHarness();

	beforeAll(async () => {
		emulator = await start({ port: 0 });
		api = new EmulatorClient(emulator);
		harness.setCredentials('amoCrmApi', sandboxCredentials(emulator), 'amo-cred');
	});
	afterAll(() => emulator.close());
	beforeEach(() => api.control('POST', '/reset'));

	const withCrm = <T>(fn: (crm: AmoCrmFunnel) => Promise<T>) =>
		runProbe(harness, (ctx) => fn(createAmoCrmFunnel(ctx)));

	test('lists pipelines with stages in funnel order, won and lost last', async () => {
		const pipelines = await withCrm((crm) => crm.listPipelines());
		const webinar = pipelines.find((p) => p.id === WEBINAR)!;
		expect(webinar.name).toBe('Вебинар');
		expect(webinar.stages[0]).toMatchObject({
			name: 'Неразобранное',
			isIncoming: true,
			semantics: 'open',
		});
		expect(webinar.stages.slice(-2).map((s) => [s.id, s.semantics])).toEqual([
			['142', 'won'],
			['143', 'lost'],
		]);
		expect(
			resolveStage(pipelines, { pipeline: 'Вебинар', stage: 'Думает(поговорили)' }),
		).toMatchObject({ ok: true, value: { id: '58200005' } });
	});

	test('lists users and loss reasons; a reason resolves by name', async () => {
		const [users, reasons] = await withCrm((crm) =>
			Promise.all([crm.listUsers(), crm.listLossReasons()]),
		);
		expect(users.map((u) => u.name)).toContain('Наталья Смирнова');
		// Who sells: the admin is also the account's creator and the token's user; a free seat and a leaver are marked.
		expect(users.find((u) => u.id === '1000001')).toMatchObject({
			isAdmin: true,
			isOwner: true,
			isTechnical: true,
		});
		expect(users.find((u) => u.id === '1000002')).toMatchObject({
			active: true,
			isAdmin: false,
			isOwner: false,
			isTechnical: false,
		});
		expect(users.find((u) => u.id === '1000007')).toMatchObject({ active: false });
		expect(users.find((u) => u.id === '1000008')).toMatchObject({ active: true, kind: 'free' });
		expect(resolveLossReason(reasons, 'без причины')).toMatchObject({
			ok: true,
			value: { name: 'Без причины' },
		});
	});

	test('finds a contact by phone in any stored spelling, exactly, with its deals', async () => {
		const matches = await withCrm((crm) =>
			crm.findContacts({ phones: ['+79161110009', '+79051110003', '+79990000000'] }),
		);
		expect(matches.map((m) => [m.key, m.contact.name])).toEqual([
			['+79161110009', 'Виктор Лебедев'],
			['+79051110003', 'Галина Орлова'],
		]);
		expect(matches[1].deals[0]).toMatchObject({ semantics: 'lost', responsibleUserId: '1000005' });
	});

	test('does not take a contact whose unrelated field merely contains the digits', async () => {
		await api.post('/api/v4/contacts', [
			{ name: 'ИП Петров, ИНН 9995550101' },
			{
				name: 'Петров',
				custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '8 (999) 555-01-01' }] }],
			},
		]);
		const matches = await withCrm((crm) => crm.findContacts({ phones: ['89995550101'] }));
		expect(matches.map((m) => m.contact.name)).toEqual(['Петров']);
	});

	test('finds both contacts of a client who left one email twice, case aside', async () => {
		const matches = await withCrm((crm) =>
			crm.findContacts({ emails: ['SVETLANA.KRYLOVA@yandex.ru'] }),
		);
		expect(matches).toHaveLength(2);
		expect(
			matches.every((m) => m.key === 'svetlana.krylova@yandex.ru' && m.keyType === 'email'),
		).toBe(true);
	});

	test('creates deals with contacts in one request, with tags, UTM and a note', async () => {
		await api.control('DELETE', '/requests');
		const results = await withCrm((crm) =>
			crm.createDeals([
				{
					name: 'Заявка: Иван',
					contact: { name: 'Иван', phone: '+79161234567', email: 'ivan@mail.ru' },
					tags: ['A', 'Сайт'],
					utm: { source: 'yandex' },
					note: 'Хочу на курс',
				},
				{
					name: 'Заявка: к существующему',
					contact: { id: '40000001' },
					pipelineId: WEBINAR,
					stageId: '58200002',
					price: 29900,
				},
			]),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		const log = await api.control('GET', '/requests');
		expect(
			log.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`),
		).toEqual(['POST /api/v4/leads/complex', 'POST /api/v4/leads/notes']);
		const state = await api.state();
		const first = state.leads.find(
			(l: { id: number }) =>
				String(l.id) === (results[0] as { value: { dealId: string } }).value.dealId,
		);
		expect(first.custom_fields_values[0]).toMatchObject({
			field_code: 'UTM_SOURCE',
			values: [{ value: 'yandex' }],
		});
		const contact = state.contacts.find((c: { id: number }) => c.id === first.contacts[0].id);
		expect(contact.custom_fields_values.map((f: { field_code: string }) => f.field_code)).toEqual([
			'PHONE',
			'EMAIL',
		]);
		expect(state.notes.at(-1)).toMatchObject({
			entity_id: first.id,
			note_type: 'common',
			params: { text: 'Хочу на курс' },
		});
		const second = state.leads.find(
			(l: { id: number }) =>
				String(l.id) === (results[1] as { value: { dealId: string } }).value.dealId,
		);
		expect(second).toMatchObject({
			pipeline_id: 7_100_002,
			status_id: 58_200_002,
			price: 29900,
			contacts: [{ id: 40_000_001, is_main: true }],
		});
	});

	test('moves, closes lost with a reason and reassigns in one PATCH', async () => {
		await api.control('DELETE', '/requests');
		const results = await withCrm((crm) =>
			crm.updateDeals([
				{ id: '30000001', stageId: '58200005', pipelineId: WEBINAR },
				{ id: '30000002', stageId: '143', pipelineId: WEBINAR, lossReasonId: '21400009' },
				{ id: '30000003', responsibleUserId: '1000006' },
			]),
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect((await api.control('GET', '/requests')).count).toBe(1);
		const deals = await withCrm((crm) => crm.getDeals(['30000001', '30000002', '30000003']));
		expect(deals.get('30000001')).toMatchObject({ stageId: '58200005' });
		expect(deals.get('30000002')).toMatchObject({ semantics: 'lost', lossReasonId: '21400009' });
		expect(deals.get('30000003')).toMatchObject({ responsibleUserId: '1000006' });
	});

	test('adds and removes tags without touching the others', async () => {
		await withCrm((crm) => crm.addTags([{ dealId: '30000001', tags: ['КК', 'Дубль'] }]));
		await withCrm((crm) => crm.removeTags([{ dealId: '30000001', tags: ['Дубль'] }]));
		const deal = (await withCrm((crm) => crm.getDeals(['30000001']))).get('30000001')!;
		expect(deal.tags).toEqual(['Наталья', 'вебинар', 'КК']);
	});

	test('an update naming a missing stage fails for that deal only', async () => {
		const results = await withCrm((crm) =>
			crm.updateDeals([
				{ id: '30000001', stageId: '58200006', pipelineId: WEBINAR },
				{ id: '30000002', stageId: '999', pipelineId: WEBINAR },
			]),
		);
		expect(results[0].ok).toBe(true);
		expect(results[1]).toMatchObject({
			ok: false,
			error: {
				code: 'NotSupportedChoice',
				httpCode: 400,
				message: expect.stringContaining('status_id'),
			},
		});
		expect(
			(await api.state()).leads.find((l: { id: number }) => l.id === 30_000_001).status_id,
		).toBe(58_200_006);
	});

	test('pages through the deals of one stage, open ones only when asked', async () => {
		const pages: CrmDeal[][] = [];
		await withCrm(async (crm) => {
			for await (const page of crm.listDeals({ pipelineIds: [WEBINAR], stageIds: ['143'] }))
				pages.push(page);
		});
		const lost = pages.flat();
		expect(lost.length).toBeGreaterThan(0);
		expect(lost.every((d) => d.pipelineId === WEBINAR && d.semantics === 'lost')).toBe(true);
		const open: CrmDeal[] = [];
		await withCrm(async (crm) => {
			for await (const page of crm.listDeals({ responsibleUserIds: ['1000003'], openOnly: true }))
				open.push(...page);
		});
		expect(open.length).toBeGreaterThan(0);
		expect(open.every((d) => d.semantics === 'open' && d.responsibleUserId === '1000003')).toBe(
			true,
		);
	});

	test('creates call tasks with the account\'s "Звонок" type and lists open tasks of deals', async () => {
		const due = new Date(Date.now() + 20 * 60_000).toISOString();
		const [created] = await withCrm((crm) =>
			crm.createTasks([
				{
					dealId: '30000001',
					text: 'Первый звонок',
					dueAt: due,
					kind: 'call',
					responsibleUserId: '1000002',
				},
			]),
		);
		expect(created.ok).toBe(true);
		const tasks = await withCrm((crm) =>
			crm.listTasks({ dealIds: ['30000001', '30000002'], completed: false }),
		);
		expect(tasks.find((t) => t.text === 'Первый звонок')).toMatchObject({
			dealId: '30000001',
			completed: false,
			responsibleUserId: '1000002',
			dueAt: new Date(Math.floor(Date.parse(due) / 1000) * 1000).toISOString(),
		});
		expect((await api.state()).tasks.at(-1).task_type_id).toBe(2_925_001);
		const owned = await withCrm((crm) => crm.listTasks({ dealIds: ['30000002'] }));
		expect(owned.map((t) => t.responsibleUserId)).toEqual(['1000003']);
	});

	test('reads call history oldest first with unified outcomes', async () => {
		const call = (status: number, at: number) => ({
			note_type: 'call_out',
			created_at: at,
			params: {
				uniq: `u${at}`,
				duration: status === 4 ? 60 : 0,
				source: 'onlinePBX',
				phone: '+79161110011',
				call_status: status,
			},
		});
		await api.post('/api/v4/leads/30000011/notes', [
			call(6, 1_700_000_300),
			call(7, 1_700_000_100),
			call(4, 1_700_000_200),
		]);
		const calls = (await withCrm((crm) => crm.listCalls(['30000011', '30000001']))).get(
			'30000011',
		)!;
		expect(calls.map((c) => [c.outcome, c.rawStatus])).toEqual([
			['busy', '7'],
			['answered', '4'],
			['no_answer', '6'],
		]);
		expect(calls[1]).toMatchObject({
			direction: 'outbound',
			durationSeconds: 60,
			phone: '+79161110011',
		});
	});
});
