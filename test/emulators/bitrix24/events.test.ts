import http from 'node:http';
import { parse } from 'node:querystring';

import { start, type RunningEmulator } from '.';
import { callJson, controlCall } from './testClient';

describe('outgoing events', () => {
	let emu: RunningEmulator;
	let receiver: http.Server;
	let handler: string;
	const received: Array<{ contentType?: string; body: Record<string, unknown> }> = [];

	beforeAll(async () => {
		emu = await start({ limits: false });
		receiver = http.createServer((req, res) => {
			let text = '';
			req.on('data', (c) => (text += c));
			req.on('end', () => {
				// Node's querystring, like n8n's body parser: keys stay flat.
				received.push({
					contentType: req.headers['content-type'],
					body: parse(text) as Record<string, unknown>,
				});
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		handler = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
	});
	afterAll(async () => {
		await emu.close();
		await new Promise((resolve) => receiver.close(resolve));
	});

	test('posts ONCRMLEADADD form-encoded with flat bracket keys, only the ID, and the application token', async () => {
		const hook = (
			await controlCall(emu.url, 'POST', 'outgoing-webhooks', {
				handler,
				events: ['ONCRMLEADADD', 'ONCRMDEALUPDATE'],
				applicationToken: 'tok123',
			})
		).body;
		const id = (await callJson(emu.webhook, 'crm.lead.add', { fields: { TITLE: 'Evented' } })).body
			.result;
		await controlCall(emu.url, 'POST', 'events/flush');
		expect(received).toHaveLength(1);
		expect(received[0].contentType).toBe('application/x-www-form-urlencoded');
		expect(received[0].body).toMatchObject({
			event: 'ONCRMLEADADD',
			event_handler_id: String(hook.id),
			'data[FIELDS][ID]': String(id),
			'auth[application_token]': 'tok123',
			'auth[domain]': 'sales-funnel.bitrix24.ru',
		});
		expect(Object.keys(received[0].body).filter((k) => k.startsWith('data'))).toEqual([
			'data[FIELDS][ID]',
		]);
	});

	test('a funnel move fires ONCRMDEALMOVETOCATEGORY, which outgoing webhooks cannot receive', async () => {
		received.length = 0;
		const deal = (
			await callJson(emu.webhook, 'crm.deal.add', { fields: { TITLE: 'Evented deal' } })
		).body.result;
		await callJson(emu.webhook, 'crm.item.update', {
			entityTypeId: 2,
			id: deal,
			fields: { categoryId: 1, stageId: 'C1:NEW' },
		});
		await callJson(emu.webhook, 'crm.deal.update', {
			id: deal,
			fields: { STAGE_ID: 'C1:EXECUTING' },
		});
		await controlCall(emu.url, 'POST', 'events/flush');
		expect(received.map((r) => r.body.event)).toEqual(['ONCRMDEALUPDATE']);
		expect(
			(
				await controlCall(emu.url, 'POST', 'outgoing-webhooks', {
					handler,
					events: ['ONCRMDEALMOVETOCATEGORY'],
				})
			).status,
		).toBe(400);
	});

	test('does not retry a failed delivery', async () => {
		await controlCall(emu.url, 'DELETE', 'outgoing-webhooks');
		await controlCall(emu.url, 'DELETE', 'events');
		await controlCall(emu.url, 'POST', 'outgoing-webhooks', {
			handler: 'http://127.0.0.1:9/closed',
			events: ['ONCRMLEADADD'],
		});
		await callJson(emu.webhook, 'crm.lead.add', { fields: { TITLE: 'Lost event' } });
		await controlCall(emu.url, 'POST', 'events/flush');
		const { deliveries } = (await controlCall(emu.url, 'GET', 'events')).body;
		expect(deliveries).toEqual([
			expect.objectContaining({ event: 'ONCRMLEADADD', status: null, error: expect.any(String) }),
		]);
	});
});
