/// <reference lib="dom" />
/**
 * The emulators' read-only board page (`GET /__emulator/board`) in a real headless Chromium: a deal written through
 * each CRM's API appears as a card in its stage column with its tags, responsible, contact, task and note. The
 * screenshots stay in test-output/screenshots/.
 */
import { start as startAmoCrm, type RunningEmulator as AmoEmulator } from './amocrm';
import { start as startBitrix24, type RunningEmulator as BitrixEmulator } from './bitrix24';
import { startChromium, type HeadlessChromium } from '../support/chromium';

let amocrm: AmoEmulator;
let bitrix24: BitrixEmulator;
let chromium: HeadlessChromium;

beforeAll(async () => {
	[amocrm, bitrix24, chromium] = await Promise.all([
		startAmoCrm({ port: 0, limits: false }),
		startBitrix24({ port: 0, limits: false }),
		startChromium(),
	]);
}, 120_000);

afterAll(async () => {
	await chromium?.close();
	await amocrm?.close();
	await bitrix24?.close();
});

async function amo(method: string, path: string, body: unknown) {
	const res = await fetch(`${amocrm.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${String(amocrm.info.token)}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	expect(res.status).toBeLessThan(300);
	return (await res.json()) as { _embedded: Record<string, Array<{ id: number }>> };
}

async function b24(method: string, params: unknown) {
	const res = await fetch(`${bitrix24.webhook}${method}.json`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(params),
	});
	expect(res.status).toBe(200);
	return ((await res.json()) as { result: unknown }).result;
}

/** The text of the stage column that holds the card with this title, read from the rendered page. */
async function columnOf(title: string) {
	return await chromium.page.evaluate((t) => {
		const card = Array.from(document.querySelectorAll('.card')).find(
			(c) => c.querySelector('h3')?.textContent === t,
		);
		if (!card) return null;
		const stage = card.closest('.stage')!;
		return {
			stage: stage.querySelector('h2')!.textContent,
			pipeline: stage.closest('.pipeline')!.querySelector('h2')!.textContent,
			card: (card as HTMLElement).innerText,
		};
	}, title);
}

test('amoCRM: a new deal shows in its pipeline and stage with tags, responsible, contact, task and note', async () => {
	const state = (await (await fetch(`${amocrm.url}/__emulator/state`)).json()) as {
		pipelines: Array<{ id: number; name: string; statuses: Array<{ id: number; name: string }> }>;
	};
	const pipeline = state.pipelines[0];
	const stage = pipeline.statuses.find((s) => s.name === 'Пришел новый лид')!;
	const created = await amo('POST', '/api/v4/leads/complex', [
		{
			name: 'Заявка с сайта: Иван Петров',
			price: 45000,
			pipeline_id: pipeline.id,
			status_id: stage.id,
			responsible_user_id: 1000002,
			_embedded: {
				tags: [{ name: 'A' }, { name: 'Сайт' }],
				contacts: [{ first_name: 'Иван', last_name: 'Петров' }],
			},
		},
	]);
	const leadId = (created as unknown as Array<{ id: number }>)[0].id;
	await amo('POST', '/api/v4/tasks', [
		{
			entity_type: 'leads',
			entity_id: leadId,
			text: 'Позвонить в течение 20 минут',
			complete_till: 1999999999,
		},
	]);
	await amo('POST', '/api/v4/leads/notes', [
		{
			entity_id: leadId,
			note_type: 'common',
			params: { text: 'Источник: Tilda, форма «Консультация»' },
		},
	]);

	await chromium.page.goto(`${amocrm.url}/__emulator/board`);
	const found = await columnOf('Заявка с сайта: Иван Петров');
	expect(found).toMatchObject({ pipeline: pipeline.name, stage: 'Пришел новый лид' });
	for (const text of [
		'45 000 ₽',
		'Наталья Смирнова',
		'Иван Петров',
		'A',
		'Сайт',
		'Позвонить в течение 20 минут',
		'Источник: Tilda, форма «Консультация»',
	])
		expect(found!.card).toContain(text);
	await chromium.screenshot('emulator-board-amocrm');
	await chromium.page.goto(
		`${amocrm.url}/__emulator/board?q=${encodeURIComponent('форма «Консультация»')}`,
	);
	expect(await chromium.page.locator('.card h3').allTextContents()).toEqual([
		'Заявка с сайта: Иван Петров',
	]);
}, 60_000);

test('Bitrix24: a new deal shows in its pipeline and stage with tags, responsible, contact, to-do and comment', async () => {
	const state = (await (await fetch(`${bitrix24.url}/__emulator/state`)).json()) as {
		userFields: Array<{
			ENTITY_ID: string;
			FIELD_NAME: string;
			LIST: Array<{ ID: number; VALUE: string }>;
		}>;
	};
	const tagA = state.userFields
		.find((f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS')!
		.LIST.find((v) => v.VALUE === 'A')!.ID;
	const contactId = (await b24('crm.contact.add', {
		fields: { NAME: 'Мария', LAST_NAME: 'Соколова' },
	})) as number;
	const dealId = (await b24('crm.deal.add', {
		fields: {
			TITLE: 'Вебинар: Мария Соколова',
			CATEGORY_ID: 3,
			STAGE_ID: 'C3:UC_MORE60',
			ASSIGNED_BY_ID: 3,
			CONTACT_ID: contactId,
			OPPORTUNITY: 29900,
			UF_CRM_TAGS: [tagA],
		},
	})) as number;
	await b24('crm.activity.todo.add', {
		ownerTypeId: 2,
		ownerId: dealId,
		title: 'Перезвонить после вебинара',
		deadline: '2031-01-01T10:00:00+03:00',
		responsibleId: 3,
	});
	await b24('crm.timeline.comment.add', {
		fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: 'Смотрела 75 минут' },
	});

	await chromium.page.goto(`${bitrix24.url}/__emulator/board?pipeline=3`);
	const found = await columnOf('Вебинар: Мария Соколова');
	expect(found).toMatchObject({
		pipeline: 'Вебинар «Больше чем игрушка»',
		stage: 'Был на вебинаре более часа',
	});
	for (const text of [
		'29 900 ₽',
		'Анна Кузнецова',
		'Мария Соколова',
		'A',
		'Перезвонить после вебинара',
		'Смотрела 75 минут',
	])
		expect(found!.card).toContain(text);
	await chromium.screenshot('emulator-board-bitrix24');
}, 60_000);
