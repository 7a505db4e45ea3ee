import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DateTime } from 'luxon';

import { normalizePhone } from '../../nodes/shared/funnel/phone';
import type { FakeRequest } from '../harness/webhooks';
import { callWebhook } from '../harness/webhooks';
import { WorkflowHarness, type RunResult, type WorkflowJson } from '../harness/runWorkflow';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { crmState, newSince, type CrmState, type StateDeal } from '../support/crmState';
import { preparedTemplate, TEST_CREDENTIALS } from '../support/templates';
import {
	bizonReport,
	startWebinarSource,
	windows1251,
	zoomAttendeeCsv,
	zoomParticipants,
	type BizonViewer,
	type WebinarSourceServer,
} from '../support/webinarSource';

const TOKEN = 'bizon-api-token-for-tests';
const ZOOM_TOKEN = 'zoom-access-token-for-tests';
const MTS_TOKEN = 'mts-link-key-for-tests';
const FORM_LOGIN = { user: 'team', password: 'webinar-forms-password' };
const WEBHOOK = 'Webinar ended (webhook)';
const UPLOAD = 'Form: upload the viewers file';
const FETCH = 'Form: fetch a report from the platform';
const PIPELINE = { amocrm: 'Вебинар', bitrix24: 'Вебинар «Больше чем игрушка»' };
const STAGE = {
	activity: 'Проявил активность на вебинаре',
	long: 'Был на вебинаре более часа',
	short: 'Был на вебинаре менее часа',
};
/** The seeded accounts keep the card differently: amoCRM's on the contact, Bitrix24's on the deal. */
const CARD_FIELDS = {
	amocrm: { date: 'Дата последнего вебинара', minutes: 'Время на вебинаре, мин' },
	bitrix24: { date: 'Дата последнего вебинара', minutes: 'Минут на вебинаре' },
};

const e164 = (p: string) => {
	const parsed = normalizePhone(p, { defaultCountry: 'RU' });
	return parsed.ok ? parsed.e164 : null;
};

/** A client the CRM finds by one phone, whose only deal matches: the deal the template will see. */
function clientWith(
	state: CrmState,
	wanted: (deal: StateDeal) => boolean,
	skip: string[] = [],
): { deal: StateDeal; name: string; phone: string } {
	for (const deal of state.deals.filter(wanted)) {
		if (deal.contactIds.length !== 1 || skip.includes(deal.id)) continue;
		const contact = state.contacts.find((c) => c.id === deal.contactIds[0]);
		const phone = contact?.phones.length === 1 ? contact.phones[0] : undefined;
		if (!contact || !phone || !/^\+79\d{9}$/.test(e164(phone) ?? '')) continue;
		if (state.deals.filter((d) => d.contactIds.includes(contact.id)).length !== 1) continue;
		if (state.contacts.filter((c) => c.phones.some((p) => e164(p) === e164(phone))).length !== 1)
			continue;
		return { deal, name: contact.name, phone };
	}
	throw new Error('No such client in the seeded account');
}

/** A multipart form post as n8n's body parser hands it to the Form Trigger: fields, and files on disk. */
function formPost(
	fields: Record<string, string>,
	file?: { bytes: Buffer; name: string; mimetype: string },
): FakeRequest {
	const files: Record<string, unknown> = {};
	if (file) {
		const dir = mkdtempSync(path.join(tmpdir(), 'webinar-form-'));
		const filepath = path.join(dir, file.name);
		writeFileSync(filepath, file.bytes);
		files['field-0'] = {
			filepath,
			originalFilename: file.name,
			newFilename: file.name,
			mimetype: file.mimetype,
			size: file.bytes.length,
		};
	}
	return {
		method: 'POST',
		headers: {
			'content-type': 'multipart/form-data; boundary=x',
			authorization: `Basic ${Buffer.from(`${FORM_LOGIN.user}:${FORM_LOGIN.password}`).toString('base64')}`,
		},
		body: { data: fields, files },
	};
}

describe.each(CRMS)(
	'template 2 «Webinar viewers → three funnels» on %s (emulator with its real limits)',
	(crm) => {
		let world: CrmWorld;
		let source: WebinarSourceServer;
		const reports: Record<string, unknown> = {};
		const bizonViewers: Record<string, BizonViewer[]> = {};
		const zoom: Record<string, BizonViewer[]> = {};
		const mtsEvents: Record<string, BizonViewer[]> = {};
		beforeAll(async () => {
			world = await startCrmWorld(crm, { harness: new WorkflowHarness() });
			const { harness } = world;
			harness.setCredentials(
				'httpHeaderAuth',
				{ name: 'X-Token', value: TOKEN },
				TEST_CREDENTIALS.httpHeaderAuth.id,
			);
			harness.setCredentials(
				'zoomOAuth2Api',
				{ oauthTokenData: { access_token: ZOOM_TOKEN, token_type: 'Bearer' } },
				TEST_CREDENTIALS.zoomOAuth2Api.id,
			);
			harness.setCredentials(
				'httpCustomAuth',
				{ json: JSON.stringify({ headers: { 'x-auth-token': MTS_TOKEN } }) },
				TEST_CREDENTIALS.httpCustomAuth.id,
			);
			harness.setCredentials('httpBasicAuth', FORM_LOGIN, TEST_CREDENTIALS.httpBasicAuth.id);
			const csv = windows1251(
				[
					'Имя;Почта;Телефон;Время просмотра;Кнопки;Менеджер',
					'Вера;vera.csv@example.ru;8 (916) 800-10-01;1 ч 20 мин;;Наталья',
					'Глеб;gleb.csv@example.ru;+7 916 800-10-02;25 мин;Подарок;',
					'Яна;yana.csv@example.ru;;40 мин;;',
				].join('\r\n'),
			);
			source = await startWebinarSource({
				token: TOKEN,
				reports,
				csv,
				bizonViewers,
				zoom: { token: ZOOM_TOKEN, participants: zoom },
				mtsLink: { token: MTS_TOKEN, events: mtsEvents },
			});
		});
		afterAll(async () => {
			await source.close();
			await world.close();
		});

		const setup = (extra: Record<string, string> = {}) => ({
			'Bizon365 API': `${source.url}/api/v1`,
			'Zoom API': `${source.url}/v2`,
			'MTS Link API': `${source.url}/v3`,
			'CSV or Google Sheet address': `${source.url}/export.csv`,
			'Card field: minutes watched': CARD_FIELDS[crm].minutes,
			...extra,
		});
		const template = (extra: Record<string, string> = {}) =>
			preparedTemplate(world, '2-webinar-import', setup(extra));
		const bizonEnded = (webinarId: string, workflow = template()) =>
			callWebhook(world.harness, workflow, WEBHOOK, {
				headers: { 'content-type': 'application/json' },
				body: { event: 'webinarEnd', webinarId },
			});
		const upload = (bytes: Buffer, name: string, mimetype: string, date = '') =>
			callWebhook(
				world.harness,
				template(),
				UPLOAD,
				formPost(date ? { 'field-1': date } : {}, { bytes, name, mimetype }),
			);
		const fetchFrom = (platform: string, id: string, workflow = template()) =>
			callWebhook(
				world.harness,
				workflow,
				FETCH,
				formPost({ 'field-0': platform, 'field-1': id, 'field-2': '' }),
			);
		const ran = (call: { run?: RunResult }) => {
			expect(call.run?.status).toBe('success');
			return call.run!;
		};
		/** Runs an import, then the same import again: the second must write nothing at all. */
		async function twice(importOnce: () => Promise<{ run?: RunResult }>) {
			const before = await crmState(world);
			const first = ran(await importOnce());
			const middle = await crmState(world);
			const second = ran(await importOnce());
			const after = await crmState(world);
			const again = newSince(middle, after);
			expect({ deals: again.deals, notes: again.notes, contacts: again.contacts }).toEqual({
				deals: [],
				notes: [],
				contacts: [],
			});
			expect(after.deals.map((d) => [d.id, d.stageName, d.responsibleUserId])).toEqual(
				middle.deals.map((d) => [d.id, d.stageName, d.responsibleUserId]),
			);
			return { changes: newSince(before, middle), first, second, state: middle };
		}
		const dealOf = (deals: StateDeal[], email: string) =>
			deals.find((d) => d.name.startsWith(email));
		const sellers = async () => {
			const users = (await crmState(world)).users.map((u) => u.id);
			// The seeded sales managers: neither the admin, the leaver, nor the free / extranet user.
			return crm === 'amocrm'
				? users.filter((id) => ['1000002', '1000003', '1000004', '1000005', '1000006'].includes(id))
				: users.filter((id) => ['2', '3', '4', '5'].includes(id));
		};

		test('Bizon365 "webinar ended": the report is fetched with the token, newcomers get deals in their funnel with a manager, a re-attendee waiting for a repeat is moved, a client in work is only noted, a former client gets a new deal; run again, nothing changes', async () => {
			const before = await crmState(world);
			const repeat = clientWith(
				before,
				(d) => d.stageName === 'Отправлен на повтор вебинара' && d.semantics === 'open',
			);
			const inWork = clientWith(
				before,
				(d) =>
					d.pipelineName === PIPELINE[crm] &&
					['Думает(поговорили)', 'Перенос звонка'].includes(d.stageName),
			);
			const former = clientWith(
				before,
				(d) => d.semantics === 'lost' && d.pipelineName === PIPELINE[crm],
			);
			const viewers: BizonViewer[] = [
				{
					username: 'Дарья',
					email: 'darya.new@example.ru',
					phone: '+7 916 800-20-01',
					minutes: 110,
					clickBanner: 'Подарок',
				},
				{ username: 'Фёдор', email: 'fedor.new@example.ru', phone: '8 916 800 20 02', minutes: 75 },
				{ username: 'Лиза', email: 'liza.new@example.ru', minutes: 20 },
				{ username: repeat.name, phone: repeat.phone, minutes: 90 },
				{ username: inWork.name, phone: inWork.phone, minutes: 30 },
				{ username: former.name, phone: former.phone, minutes: 65 },
			];
			const webinarId = `27379:toys-${crm}*2026-11-20T19:00:00`;
			reports[webinarId] = bizonReport(webinarId, viewers);
			const { changes, state: after } = await twice(() => bizonEnded(webinarId));
			expect(
				source.requests.filter((r) => r.path === '/api/v1/webinars/reports/get'),
			).toEqual([0, 1].map(() => ({
				path: '/api/v1/webinars/reports/get',
				query: { webinarId },
				token: TOKEN,
			})));

			expect(dealOf(changes.deals, 'darya.new@example.ru')).toMatchObject({
				pipelineName: PIPELINE[crm],
				stageName: STAGE.activity,
				name: 'darya.new@example.ru, Дарья',
			});
			expect(dealOf(changes.deals, 'fedor.new@example.ru')).toMatchObject({
				pipelineName: PIPELINE[crm],
				stageName: STAGE.long,
			});
			expect(dealOf(changes.deals, 'liza.new@example.ru')).toMatchObject({
				stageName: STAGE.short,
			});
			const fedor = changes.contacts.find((c) => c.emails.includes('fedor.new@example.ru'))!;
			expect(fedor.phones).toEqual(['+79168002002']);
			// Every new deal has a manager who sells (the Setup's Managers empty): never the administrator.
			const team = await sellers();
			for (const deal of changes.deals) expect(team).toContain(deal.responsibleUserId);

			// The re-attendee's own deal moved; the client in work kept their stage; both have the webinar in a note.
			expect(after.deals.find((d) => d.id === repeat.deal.id)).toMatchObject({
				stageName: STAGE.long,
				semantics: 'open',
			});
			expect(after.deals.find((d) => d.id === inWork.deal.id)!.stageName).toBe(
				inWork.deal.stageName,
			);
			const noteOf = (dealId: string) =>
				changes.notes.filter((n) => n.dealId === dealId).map((n) => n.text);
			expect(noteOf(inWork.deal.id)).toEqual([
				expect.stringMatching(/^Вебинар 20\.11\.2026\nВремя на вебинаре: 30 мин\n/),
			]);
			expect(noteOf(repeat.deal.id)).toEqual([
				expect.stringContaining('Время на вебинаре: 1 ч 30 мин'),
			]);
			// The former client: a new deal on their own contact, in the funnel of what they did, with the card's note.
			const comeback = changes.deals.filter((d) => d.contactIds.includes(former.deal.contactIds[0]));
			expect(comeback).toEqual([
				expect.objectContaining({
					pipelineName: PIPELINE[crm],
					stageName: STAGE.long,
					semantics: 'open',
				}),
			]);
			expect(noteOf(comeback[0].id)).toEqual([expect.stringContaining('Вебинар 20.11.2026')]);
			expect(changes.deals).toHaveLength(4);
			expect(changes.contacts).toHaveLength(3);
		});

		test('one newcomer in two rows of the report (one phone, two emails, two funnels) gets one contact and one deal', async () => {
			const before = await crmState(world);
			const viewers: BizonViewer[] = [
				{ username: 'Оскар', email: 'oskar.twice@example.ru', phone: '+7 916 800-30-01', minutes: 70 },
				{
					username: 'Оскар',
					email: 'oskar.work@example.ru',
					phone: '8 916 800 30 01',
					minutes: 15,
					clickBanner: 'Подарок',
				},
			];
			const webinarId = `27379:twice-${crm}*2026-11-21T19:00:00`;
			reports[webinarId] = bizonReport(webinarId, viewers);
			ran(await bizonEnded(webinarId));
			const changes = newSince(before, await crmState(world));
			expect(changes.contacts.filter((c) => c.phones.includes('+79168003001'))).toHaveLength(1);
			expect(changes.deals).toHaveLength(1);
			// The rows fall in two funnels, which run one after the other: the second finds the first's deal in the CRM,
			// never a deal of its own.
			const notes = changes.notes.filter((n) => n.dealId === changes.deals[0].id).map((n) => n.text);
			expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Вебинар 21\.11\.2026\n/)]));
		});

		test('one newcomer in two rows of the same funnel gets one deal; the second row is noted on it', async () => {
			const before = await crmState(world);
			const viewers: BizonViewer[] = [
				{ username: 'Полина', email: 'polina.twice@example.ru', phone: '+7 916 800-40-01', minutes: 80 },
				{ username: 'Полина', email: 'polina.home@example.ru', phone: '8 916 800 40 01', minutes: 95 },
			];
			const webinarId = `27379:same-${crm}*2026-11-22T19:00:00`;
			reports[webinarId] = bizonReport(webinarId, viewers);
			const run = ran(await bizonEnded(webinarId));
			expect(run.items("Repeat: noted on the first row's deal")).toHaveLength(1);
			const changes = newSince(before, await crmState(world));
			expect(changes.contacts.filter((c) => c.phones.includes('+79168004001'))).toHaveLength(1);
			expect(changes.deals).toHaveLength(1);
		});

		test('Bizon365 API v2 (getviewers, page by page) through the fetch form; run again, nothing changes', async () => {
			const webinarId = `27379:v2-${crm}*2026-11-23T19:00:00`;
			bizonViewers[webinarId] = [
				{ username: 'Карина', email: 'karina.v2@example.ru', phone: '+7 916 800-50-01', minutes: 95 },
				{ username: 'Тимур', email: 'timur.v2@example.ru', minutes: 10, clickBanner: 'Подарок' },
			];
			const workflow = template({ 'Bizon365 API': `${source.url}/api/v2/27379` });
			const { changes } = await twice(() => fetchFrom('Bizon365', webinarId, workflow));
			expect(dealOf(changes.deals, 'karina.v2@example.ru')?.stageName).toBe(STAGE.long);
			expect(dealOf(changes.deals, 'timur.v2@example.ru')?.stageName).toBe(STAGE.activity);
			expect(
				source.requests.filter((r) => r.path === '/api/v2/27379/reports/getviewers')[0],
			).toEqual({
				path: '/api/v2/27379/reports/getviewers',
				query: { webinarId, skip: '0', limit: '1000' },
				token: TOKEN,
			});
		});

		test('Zoom: the participants report through the fetch form (three pages of rows, a re-join summed); run again, nothing changes', async () => {
			const id = `9${crm === 'amocrm' ? 1 : 2}2 3456 7890`;
			const rows: BizonViewer[] = [
				{ username: 'Ирина Зум', email: 'irina.zoom@example.ru', minutes: 40 },
				{ username: 'Ирина Зум', email: 'irina.zoom@example.ru', minutes: 35 },
				{ username: 'Гость', email: `guest.zoom.${crm}@example.ru`, minutes: 5 },
				// Guests who left no email: no card can reach them (they stop at "No email or phone").
				...Array.from({ length: 650 }, (_, i) => ({ username: `Гость ${i}`, minutes: 5 })),
			];
			zoom[id.replace(/\s+/g, '')] = rows;
			const { changes, first } = await twice(() => fetchFrom('Zoom (вебинар)', id));
			expect(
				source.requests.filter((r) => /\/report\/webinars\//.test(r.path) && r.token === ZOOM_TOKEN),
			).toHaveLength(3 * 2);
			const irina = dealOf(changes.deals, 'irina.zoom@example.ru')!;
			expect(irina.stageName).toBe(STAGE.long);
			expect(changes.notes.find((n) => n.dealId === irina.id)?.text).toContain(
				'Время на вебинаре: 1 ч 15 мин',
			);
			expect(dealOf(changes.deals, `guest.zoom.${crm}@example.ru`)?.stageName).toBe(STAGE.short);
			expect(changes.deals).toHaveLength(2);
			expect(first.items('No email or phone: nobody to call')).toHaveLength(650);
		});

		test.each<[string, unknown]>([
			['an empty body', {}],
			['a body without a webinar id', { event: 'webinarEnd', roomid: '27379:toys' }],
			['a JSON null', null],
			[
				'a report posted in place of a webinar id',
				{ participants: zoomParticipants([{ username: 'Чужой', email: 'x@example.ru', minutes: 90 }]) },
			],
		])(
			'%s posted to the webhook URL (it has no secret) fetches nothing, writes nothing and does not fail',
			async (_what, body) => {
				const before = await crmState(world);
				const fetched = source.requests.length;
				const call = await callWebhook(world.harness, template(), WEBHOOK, {
					headers: { 'content-type': 'application/json' },
					body,
				});
				expect(call.run?.status).toBe('success');
				expect(
					call.run?.outputs('Where do the viewers come from?').map((items) => items.length),
				).toEqual([0, 0, 0, 0, 0, 1]);
				expect(source.requests.length).toBe(fetched);
				expect(newSince(before, await crmState(world)).deals).toEqual([]);
			},
		);

		test("Zoom's CSV export uploaded through the form (preamble, host and panelist left out); run again, nothing changes", async () => {
			const csv = zoomAttendeeCsv([
				{ username: 'Лариса', email: `larisa.zoomcsv.${crm}@example.ru`, phone: '+79168006001', minutes: 61 },
				{ username: 'Степан', email: `stepan.zoomcsv.${crm}@example.ru`, minutes: 12 },
			]);
			const { changes, first } = await twice(() =>
				upload(Buffer.from(csv, 'utf8'), 'webinar_attendee.csv', 'text/csv'),
			);
			expect(dealOf(changes.deals, `larisa.zoomcsv.${crm}@example.ru`)?.stageName).toBe(STAGE.long);
			expect(dealOf(changes.deals, `stepan.zoomcsv.${crm}@example.ru`)?.stageName).toBe(
				STAGE.short,
			);
			expect(first.items('Unreadable rows (reason in the item)').map((u) => u.reason)).toEqual([
				'a host or panelist of the webinar, not an attendee',
			]);
		});

		test('MTS Link: the event statistics through the fetch form; a registrant who did not come gets no deal; run again, nothing changes', async () => {
			const eventId = crm === 'amocrm' ? '4101' : '4102';
			mtsEvents[eventId] = [
				{ username: 'Нина', email: `nina.mts.${crm}@example.ru`, phone: '8 916 800-70-01', minutes: 100 },
				{ username: 'Пётр', email: `petr.mts.${crm}@example.ru`, minutes: 0 },
			];
			const { changes, first } = await twice(() => fetchFrom('МТС Линк', eventId));
			expect(dealOf(changes.deals, `nina.mts.${crm}@example.ru`)?.stageName).toBe(STAGE.long);
			expect(dealOf(changes.deals, `petr.mts.${crm}@example.ru`)).toBeUndefined();
			expect(first.items('Registered but did not come').map((c) => c.email)).toEqual([
				`petr.mts.${crm}@example.ru`,
			]);
			expect(
				source.requests.find((r) => r.path === '/v3/stats/users' && r.query.eventId === eventId)
					?.token,
			).toBe(MTS_TOKEN);
		});

		test('a CSV with Russian headers (Windows-1251) uploaded through the form, with the webinar date from the form: cards filled and tagged; run again, nothing changes', async () => {
			const csv = windows1251(
				[
					'Имя;Почта;Телефон;Время просмотра;Кнопки;Менеджер',
					`Ксения;ksenia.${crm}@example.ru;8 (916) 800-80-01;1 ч 05 мин;;Наталья`,
					`Роман;roman.${crm}@example.ru;;15 мин;Баннер;`,
				].join('\r\n'),
			);
			const { changes, state } = await twice(() =>
				upload(csv, 'участники.csv', 'text/csv', '2026-11-25'),
			);
			const ksenia = dealOf(changes.deals, `ksenia.${crm}@example.ru`)!;
			expect(ksenia).toMatchObject({ stageName: STAGE.long, tags: ['Наталья'] });
			const roman = dealOf(changes.deals, `roman.${crm}@example.ru`)!;
			expect(roman.stageName).toBe(STAGE.activity);
			// Without a manager in the file the tag is the first name of the manager the deal went to.
			const manager = state.users.find((u) => u.id === roman.responsibleUserId)!;
			expect(roman.tags).toEqual([manager.name.split(' ')[0]]);
			expect(changes.notes.find((n) => n.dealId === ksenia.id)?.text).toMatch(
				/^Вебинар 25\.11\.2026\n/,
			);
			// The card's fields, where the CRM has them (found by name): amoCRM's on the contact, Bitrix24's on the deal.
			const card =
				crm === 'amocrm'
					? state.contacts.find((c) => c.id === ksenia.contactIds[0])!.fields
					: ksenia.fields;
			const date = card[CARD_FIELDS[crm].date];
			const day =
				crm === 'amocrm'
					? DateTime.fromSeconds(Number(date), { zone: 'Europe/Moscow' })
					: DateTime.fromMillis(Number(date), { zone: 'Europe/Moscow' });
			expect(day.toISODate()).toBe('2026-11-25');
			expect(Number(card[CARD_FIELDS[crm].minutes])).toBe(65);
		});

		test('a manual run over a published CSV puts each viewer in their funnel with the manager tag', async () => {
			const before = await crmState(world);
			const run = await world.harness.run(template({ 'Webinar date': '2026-11-26' }), {
				trigger: { node: 'Import a CSV or Google Sheet now' },
			});
			expect(run.status).toBe('success');
			const changes = newSince(before, await crmState(world));
			expect(dealOf(changes.deals, 'vera.csv@example.ru')).toMatchObject({
				stageName: STAGE.long,
				tags: ['Наталья'],
			});
			expect(dealOf(changes.deals, 'gleb.csv@example.ru')?.stageName).toBe(STAGE.activity);
			expect(dealOf(changes.deals, 'yana.csv@example.ru')?.stageName).toBe(STAGE.short);
			expect(
				changes.notes.filter((n) => changes.deals.some((d) => d.id === n.dealId)),
			).toHaveLength(3);
			expect(changes.deals).toHaveLength(3);
		});

		test("a client in work in another pipeline gets a webinar deal too, kept with the manager who works with them; the other deal is left as it was", async () => {
			const before = await crmState(world);
			const elsewhere = clientWith(
				before,
				(d) => d.pipelineName !== PIPELINE[crm] && d.semantics === 'open' && !d.incoming,
			);
			const webinarId = `27379:elsewhere-${crm}*2026-11-27T19:00:00`;
			reports[webinarId] = bizonReport(webinarId, [
				{ username: elsewhere.name, phone: elsewhere.phone, minutes: 80 },
			]);
			const { changes, state } = await twice(() => bizonEnded(webinarId));
			const contactId = elsewhere.deal.contactIds[0];
			expect(changes.deals).toEqual([
				expect.objectContaining({
					pipelineName: PIPELINE[crm],
					stageName: STAGE.long,
					responsibleUserId: elsewhere.deal.responsibleUserId,
					contactIds: [contactId],
				}),
			]);
			expect(state.deals.find((d) => d.id === elsewhere.deal.id)).toMatchObject({
				stageName: elsewhere.deal.stageName,
				responsibleUserId: elsewhere.deal.responsibleUserId,
			});
			expect(changes.notes.map((n) => n.dealId)).toEqual([changes.deals[0].id]);
		});

		test('Managers in Setup: new viewers go only to them', async () => {
			const team = (await sellers()).slice(0, 2);
			const webinarId = `27379:team-${crm}*2026-11-28T19:00:00`;
			reports[webinarId] = bizonReport(
				webinarId,
				Array.from({ length: 4 }, (_, i) => ({
					username: `Команда ${i}`,
					email: `team${i}.${crm}@example.ru`,
					minutes: 70,
				})),
			);
			const before = await crmState(world);
			ran(await bizonEnded(webinarId, template({ Managers: team.join(', ') })));
			const given = newSince(before, await crmState(world)).deals.map((d) => d.responsibleUserId);
			// Round robin evens out the deals each received lately, so the split depends on earlier tests: only who counts.
			expect(given).toHaveLength(4);
			for (const id of given) expect(team).toContain(id);
		});

		test('with nobody who sells, the run stops naming the setting to fill, and no deal is made', async () => {
			const webinarId = `27379:nobody-${crm}*2026-11-29T19:00:00`;
			reports[webinarId] = bizonReport(webinarId, [
				{ username: 'Никто', email: `nobody.${crm}@example.ru`, minutes: 70 },
			]);
			const workflow = template();
			const distribution = workflow.nodes.find((n) => n.name === 'Choose the manager')!;
			// Every seller is also "never owns clients": nobody is left to take the lead.
			distribution.parameters.notOwners = (await sellers()).join(', ');
			distribution.parameters.guard = true;
			const before = await crmState(world);
			const call = await bizonEnded(webinarId, workflow as WorkflowJson);
			expect(call.run?.status).toBe('error');
			const error = call.run!.nodeError('Choose the manager') as Error & { description?: string };
			expect(error.message).toMatch(/No manager to give leads to/);
			expect(error.description).toContain('the Managers field of the Setup node');
			expect(newSince(before, await crmState(world)).deals).toEqual([]);
		});

		test("a wrong Bizon365 token stops the run with Bizon365's answer, and nothing is written", async () => {
			world.harness.setCredentials(
				'httpHeaderAuth',
				{ name: 'X-Token', value: 'wrong' },
				'wrong-token',
			);
			const workflow = template();
			const fetchNode = workflow.nodes.find((n) => n.name === 'Fetch the Bizon365 report')!;
			fetchNode.credentials = { httpHeaderAuth: { id: 'wrong-token', name: 'wrong' } };
			fetchNode.retryOnFail = false;
			const before = await crmState(world);
			const call = await bizonEnded('x', workflow);
			expect(call.run?.status).toBe('error');
			expect(String(call.run?.nodeError('Fetch the Bizon365 report')?.message)).toMatch(
				/401|Authorization|Токен/,
			);
			expect(newSince(before, await crmState(world)).deals).toEqual([]);
		});

		test('the forms refuse a visitor without the login', async () => {
			const request = formPost({ 'field-0': 'Bizon365', 'field-1': 'x' });
			delete request.headers!.authorization;
			const call = await callWebhook(world.harness, template(), FETCH, request);
			expect(call.run).toBeUndefined();
			expect(call.response.status).toBe(401);
		});
	},
);
