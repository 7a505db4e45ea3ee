/**
 * Funnel Metrics against both emulators with their real limits: a day 40 days ahead of the seeded history (the
 * emulators' clocks moved), where the test makes deals and moves them through the CRM's own API — a skip, a
 * revisit, a reopened win, a move to another pipeline — and logs calls; then the node reports that day.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/runWorkflow';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';

const NODE = 'Funnel Metrics';
const AHEAD_MS = 40 * 86_400_000;

function metricsWorkflow(world: CrmWorld, parameters: INodeParameters): WorkflowJson {
	return {
		id: 'funnel-metrics-test',
		name: 'Funnel Metrics test',
		nodes: [
			{
				id: 'm1',
				name: 'Every Monday',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'm2',
				name: NODE,
				type: 'n8n-nodes-sales-funnel.funnelMetrics',
				typeVersion: 1,
				position: [220, 0],
				parameters: { ...world.crmParameters, ...parameters },
				credentials: world.credentials,
			},
			{
				id: 'o1',
				name: 'Metrics',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [440, 0],
				parameters: {},
			},
			{
				id: 'o2',
				name: 'Report',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [440, 100],
				parameters: {},
			},
		],
		connections: {
			'Every Monday': { main: [[{ node: NODE, type: 'main', index: 0 }]] },
			[NODE]: {
				main: [
					[{ node: 'Metrics', type: 'main', index: 0 }],
					[{ node: 'Report', type: 'main', index: 0 }],
				],
			},
		},
	};
}

interface Scenario {
	main: { id: string; stages: string[]; won: string; lost: string };
	other: { id: string; first: string };
	manager: string;
	create(name: string, stage: string, price: number): Promise<string>;
	move(id: string, stage: string, pipelineId?: string): Promise<void>;
	lose(id: string): Promise<void>;
	call(dealId: string, minutes: number): Promise<void>;
}

async function amoScenario(world: CrmWorld): Promise<Scenario> {
	const api = async (method: string, path: string, body?: unknown) => {
		const res = await fetch(`${world.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${world.api.token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
		return text ? JSON.parse(text) : undefined;
	};
	const main = '7100001';
	return {
		main: {
			id: main,
			stages: ['58100002', '58100003', '58100004', '58100005'],
			won: '142',
			lost: '143',
		},
		other: { id: '7100002', first: '58200002' },
		manager: '1000002',
		async create(name, stage, price) {
			const body = await api('POST', '/api/v4/leads', [
				{
					name,
					price,
					pipeline_id: Number(main),
					status_id: Number(stage),
					responsible_user_id: 1000002,
				},
			]);
			return String(body._embedded.leads[0].id);
		},
		async move(id, stage, pipelineId = main) {
			await api('PATCH', '/api/v4/leads', [
				{ id: Number(id), status_id: Number(stage), pipeline_id: Number(pipelineId) },
			]);
		},
		async lose(id) {
			await api('PATCH', '/api/v4/leads', [
				{ id: Number(id), status_id: 143, pipeline_id: Number(main), loss_reason_id: 21400001 },
			]);
		},
		async call(dealId, minutes) {
			await api('POST', '/api/v4/leads/notes', [
				{
					entity_id: Number(dealId),
					note_type: 'call_out',
					params: {
						uniq: `t-${dealId}-${minutes}`,
						duration: minutes * 60,
						source: 'test',
						link: '',
						phone: '+79160000000',
						call_status: 4,
						call_responsible: 1000002,
					},
				},
			]);
		},
	};
}

async function bitrixScenario(world: CrmWorld): Promise<Scenario> {
	const call = async (method: string, params: unknown) => {
		const res = await fetch(`${world.api.webhook}${method}.json`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(params),
		});
		const body = (await res.json()) as {
			result?: unknown;
			error?: string;
			error_description?: string;
		};
		if (!res.ok || body.error)
			throw new Error(`${method} → ${res.status} ${body.error_description ?? body.error}`);
		return body.result as Record<string, unknown>;
	};
	return {
		main: {
			id: '0',
			stages: ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING'],
			won: 'WON',
			lost: 'LOSE',
		},
		other: { id: '1', first: 'C1:NEW' },
		manager: '2',
		async create(name, stage, price) {
			const result = await call('crm.item.add', {
				entityTypeId: 2,
				fields: { title: name, categoryId: 0, stageId: stage, opportunity: price, assignedById: 2 },
			});
			return String((result.item as { id: number }).id);
		},
		async move(id, stage, pipelineId = '0') {
			await call('crm.item.update', {
				entityTypeId: 2,
				id: Number(id),
				fields: { categoryId: Number(pipelineId), stageId: stage },
			});
		},
		async lose(id) {
			await call('crm.item.update', {
				entityTypeId: 2,
				id: Number(id),
				fields: { stageId: 'LOSE' },
			});
		},
		async call(dealId, minutes) {
			const start = Date.now() + AHEAD_MS;
			await call('crm.activity.add', {
				fields: {
					OWNER_TYPE_ID: 2,
					OWNER_ID: Number(dealId),
					TYPE_ID: 2,
					COMMUNICATIONS: [{ VALUE: '+79160000000' }],
					SUBJECT: 'Звонок',
					START_TIME: new Date(start).toISOString(),
					END_TIME: new Date(start + minutes * 60_000).toISOString(),
					COMPLETED: 'Y',
					RESPONSIBLE_ID: 2,
					DIRECTION: 2,
				},
			});
		},
	};
}

describe.each(CRMS)('Funnel Metrics on %s', (crmKind) => {
	let world: CrmWorld;
	let scenario: Scenario;
	let day: string;
	const deals: Record<string, string> = {};

	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		await world.control('POST', 'clock', { offsetMs: AHEAD_MS });
		// The scenario's own API calls are not under test: the limits are back on for the node.
		if (crmKind === 'amocrm') await world.control('POST', 'limits', { enabled: false });
		day = new Date(Date.now() + AHEAD_MS).toISOString().slice(0, 10);
		scenario = crmKind === 'amocrm' ? await amoScenario(world) : await bitrixScenario(world);
		const [s0, s1, s2] = scenario.main.stages;
		deals.skip = await scenario.create('Пропускает этап', s0, 100_000);
		await scenario.move(deals.skip, s2);
		await scenario.move(deals.skip, scenario.main.won);
		deals.revisit = await scenario.create('Возвращается', s0, 20_000);
		await scenario.move(deals.revisit, s1);
		await scenario.move(deals.revisit, s0);
		await scenario.move(deals.revisit, s1);
		await scenario.lose(deals.revisit);
		deals.reopened = await scenario.create('Выиграна дважды', s0, 50_000);
		await scenario.move(deals.reopened, scenario.main.won);
		await scenario.move(deals.reopened, s1);
		await scenario.move(deals.reopened, scenario.main.won);
		deals.crossed = await scenario.create('В другую воронку', s0, 0);
		await scenario.move(deals.crossed, scenario.other.first, scenario.other.id);
		await scenario.call(deals.skip, 100);
		await scenario.call(deals.skip, 90);
		if (crmKind === 'amocrm') {
			// Chats: answered in 3 minutes after a robot's auto-reply; two messages answered in 15; one unanswered;
			// a manager's own first message (no wait).
			const base = Math.floor((Date.now() + AHEAD_MS) / 1000);
			const chat = (lead: string, direction: 'in' | 'out', at: number, user?: number) => ({
				lead_id: Number(lead),
				direction,
				user_id: user,
				created_at: base + at,
			});
			await world.control('POST', 'chats', {
				messages: [
					chat(deals.skip, 'in', 0),
					chat(deals.skip, 'out', 10),
					chat(deals.skip, 'out', 180, 1000002),
					chat(deals.revisit, 'in', 0),
					chat(deals.revisit, 'in', 60),
					chat(deals.revisit, 'out', 900, 1000002),
					chat(deals.reopened, 'in', 30),
					chat(deals.crossed, 'out', 0, 1000002),
				],
			});
		}
		if (crmKind === 'amocrm') await world.control('POST', 'limits', { enabled: true });
	}, 120_000);
	afterAll(() => world.close());

	const run = async (parameters: INodeParameters = {}) => {
		const result = await world.harness.run(
			metricsWorkflow(world, {
				period: 'custom',
				from: day,
				to: day,
				options: { timeZone: 'UTC' },
				...parameters,
			}),
		);
		expect(result.status).toBe('success');
		return { metrics: result.items(NODE, 0), report: result.items(NODE, 1) };
	};

	test('the day in numbers: new, won once though reopened, lost, revenue, cycle, conversions', async () => {
		const { metrics } = await run();
		const total = metrics.find((r) => r.row === 'total')!;
		expect(total).toMatchObject({
			created: 4,
			won: 2,
			lost: 1,
			closed: 3,
			wonOfClosedPercent: 66.67,
			wonOfCreatedPercent: 50,
			revenue: 150_000,
			averageCheck: 75_000,
		});
		const manager = metrics.find((r) => r.row === 'manager' && r.managerId === scenario.manager)!;
		expect(manager).toMatchObject({ created: 4, won: 2, lost: 1, revenue: 150_000 });
		expect(manager.managerName).toMatch(/Наталья/);
	});

	test('stage funnel from the history: the skip passes, the revisit counts once, the move counts in both pipelines', async () => {
		const { metrics } = await run();
		const total = metrics.find((r) => r.row === 'total')!;
		const funnels = total.funnels as IDataObject[];
		const main = funnels.find((f) => f.pipelineId === scenario.main.id)!;
		const reached = (main.stages as IDataObject[]).map((s) => s.reached);
		expect(reached.slice(0, 3)).toEqual([4, 3, 2]);
		expect(main).toMatchObject({ entered: 4, won: 2, lost: 1, movedOut: 1, stillOpen: 0 });
		const other = funnels.find((f) => f.pipelineId === scenario.other.id)!;
		expect(other).toMatchObject({ entered: 1, stillOpen: 1 });
		expect((other.stages as IDataObject[])[0].reached).toBe(1);
	});

	test('talk time per manager: 190 minutes in a day is flagged; first response of the new deals', async () => {
		const { metrics } = await run();
		const manager = metrics.find((r) => r.row === 'manager' && r.managerId === scenario.manager)!;
		expect(manager.talk).toMatchObject({
			calls: 2,
			minutes: 190,
			activeDays: 1,
			daysOverLimit: [{ date: day, minutes: 190 }],
		});
		expect((manager.firstResponse as IDataObject).newDeals).toBe(4);
		expect((manager.firstResponse as IDataObject).notYet).toBe(3);
	});

	test('chat replies within 5 minutes per manager (amoCRM tells chat messages; Bitrix24 has none)', async () => {
		const { metrics, report } = await run();
		const manager = metrics.find((r) => r.row === 'manager' && r.managerId === scenario.manager)!;
		const total = metrics.find((r) => r.row === 'total')!;
		if (crmKind === 'bitrix24') {
			expect(manager.chats).toBeNull();
			expect(report[0].html).not.toContain('Чаты');
			return;
		}
		const chats = { waits: 3, answered: 2, withinLimit: 1, medianMinutes: 9 };
		expect(manager.chats).toMatchObject(chats);
		expect(total.chats).toMatchObject(chats);
		expect((manager.chats as IDataObject).withinLimitPercent).toBeCloseTo(33.3, 0);
		expect(report[0].html).toContain('Чаты ≤ 5 мин');
		expect(report[0].html).toMatch(/Чаты: ответили за 5 минут 1 из 3/);
		expect(report[0].markdown).toMatch(/чаты ≤ 5 мин 33/);
	});

	test('the report item: subject, HTML with the funnel chart, Telegram Markdown; English on request', async () => {
		const { report } = await run();
		expect(report).toHaveLength(1);
		expect(report[0].subject).toMatch(/^Воронка продаж за /);
		expect(report[0].html).toContain('Наталья');
		expect(report[0].markdown).toContain('```');
		const english = await run({ options: { timeZone: 'UTC', language: 'en' } });
		expect(english.report[0].subject).toMatch(/^Sales funnel, /);
	});

	test('the seeded account over 90 days: every pipeline and manager reported, products where listed', async () => {
		const { metrics, report } = await run({
			from: new Date(Date.now() + AHEAD_MS - 130 * 86_400_000).toISOString().slice(0, 10),
		});
		const total = metrics.find((r) => r.row === 'total')!;
		expect(total.created as number).toBeGreaterThan(100);
		expect(total.won as number).toBeGreaterThan(5);
		expect(total.unitsPerCheck as number).toBeGreaterThan(0);
		expect((total.lossReasons as IDataObject[]).length).toBeGreaterThan(0);
		expect(metrics.filter((r) => r.row === 'pipeline').length).toBeGreaterThanOrEqual(2);
		for (const funnel of total.funnels as IDataObject[]) {
			const reached = (funnel.stages as IDataObject[]).map((s) => s.reached as number);
			for (let i = 1; i < reached.length; i++)
				expect(reached[i]).toBeLessThanOrEqual(reached[i - 1]);
		}
		expect(report[0].html).toContain('<table');
	}, 120_000);

	test('an unknown pipeline name stops the node with the names it knows', async () => {
		const result = await world.harness.run(
			metricsWorkflow(world, { period: 'lastWeek', pipelines: ['Нет такой'] }),
		);
		expect(result.status).toBe('error');
		expect(result.nodeError(NODE)?.message).toMatch(/Pipelines: /);
	});
});
