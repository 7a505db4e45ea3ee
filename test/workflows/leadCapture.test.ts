import { parse as parseQueryString } from 'node:querystring';

import { callWebhook, type FakeRequest } from '../harness/webhooks';
import * as payloads from '../fixtures/capture/payloads';
import { seededAccount, type SeededAccount } from '../support/crmFacts';
import { CRMS, startCrmWorld, type CrmWorld } from '../support/crmWorlds';
import { funnelState, newSince } from '../support/funnelState';
import { CAPTURE_SECRET, preparedTemplate, TEST_CREDENTIALS } from '../support/templates';

const CAPTURE = 'Website form or chat';

/** A Tilda POST as n8n's webhook server hands it over: urlencoded, parsed flat, the secret in the URL. */
function tildaPost(fields: Record<string, string>): FakeRequest {
	const text = new URLSearchParams(fields).toString();
	return {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		query: { secret: CAPTURE_SECRET },
		body: { ...parseQueryString(text) },
		rawBody: Buffer.from(text),
	};
}

const SETUP: Record<string, Record<string, string>> = {
	amocrm: { Managers: '1000002, 1000003, 1000004' },
	bitrix24: { Managers: '2, 3, 4' },
};

describe.each(CRMS)('template 1 «Lead capture → deal and first call» on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	let seeded: SeededAccount;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
		world.harness.setCredentials('leadCaptureSecretApi', { secret: CAPTURE_SECRET }, TEST_CREDENTIALS.leadCaptureSecretApi.id);
		seeded = await seededAccount(world);
	});
	afterAll(() => world.close());

	test('a Tilda request becomes a deal with its contact in the first stage, tagged, with a first call due in 20 minutes', async () => {
		const workflow = preparedTemplate(world, '1-lead-capture', SETUP[crm]);
		const before = await funnelState(world);
		const call = await callWebhook(world.harness, workflow, CAPTURE, tildaPost({ ...payloads.tildaForm, Phone: '8 (916) 700-11-22', Email: 'Olga.New@Example.RU', tranid: '900001:1' }));
		expect(call.response.status).toBe(200);
		expect(call.run?.status).toBe('success');
		const created = newSince(before, await funnelState(world));
		expect(created.deals).toHaveLength(1);
		const deal = created.deals[0];
		expect(deal).toMatchObject({
			pipeline: crm === 'amocrm' ? 'Воронка агентства' : 'Общая',
			stage: crm === 'amocrm' ? 'Пришел новый лид' : 'Новая',
			semantics: 'open',
		});
		expect(SETUP[crm].Managers.split(', ')).toContain(deal.responsibleUserId);
		const contact = created.contacts.find((c) => deal.contactIds.includes(c.id))!;
		expect(contact.phones).toEqual(['+79167001122']);
		const [task] = created.tasks;
		expect(task).toMatchObject({ dealId: deal.id, responsibleUserId: deal.responsibleUserId, completed: false });
		expect(task.dueAt - task.createdAt).toBeGreaterThan(19 * 60_000);
		expect(task.dueAt - task.createdAt).toBeLessThanOrEqual(21 * 60_000);
		console.log(JSON.stringify(deal), JSON.stringify(task), seeded.adminId);
	});
});
