import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { unflattenBrackets } from '../../../nodes/shared/n8n/brackets';
import type { RunningEmulator } from './index';
import { EmulatorClient, startEmulator } from './testClient';

interface Received {
	contentType: string;
	body: string;
}

/** A receiver that answers with a status chosen per request, or never answers. */
async function receiver(answer: (n: number) => number | 'hang') {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			received.push({ contentType: String(req.headers['content-type']), body });
			const status = answer(received.length);
			if (status !== 'hang') res.writeHead(status).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?secret=s3cret`;
	return {
		received,
		url,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

describe('amoCRM emulator: outgoing webhooks', () => {
	let emulator: RunningEmulator;
	let api: EmulatorClient;

	beforeAll(async () => {
		({ emulator, client: api } = await startEmulator({ limits: false }));
	});
	afterAll(() => emulator.close());
	beforeEach(() => api.control('POST', '/reset'));

	test('posts a stage change as bracket-encoded form data with the legacy v2 field names', async () => {
		const hook = await receiver(() => 200);
		try {
			await api.post('/api/v4/webhooks', { destination: hook.url, settings: ['status_lead'] });
			await api.patch('/api/v4/leads/30000001', { status_id: 58_200_005 });
			await api.control('GET', '/webhooks');
			expect(hook.received).toHaveLength(1);
			const [delivery] = hook.received;
			expect(delivery.contentType).toBe('application/x-www-form-urlencoded');
			expect(delivery.body).toContain('leads%5Bstatus%5D%5B0%5D%5Bid%5D=30000001');
			const payload = unflattenBrackets(Object.fromEntries(new URLSearchParams(delivery.body))) as {
				leads: { status: Array<Record<string, unknown>> };
				account: Record<string, unknown>;
			};
			const row = payload.leads.status[0];
			expect(row).toMatchObject({
				id: '30000001',
				status_id: '58200005',
				old_status_id: '58200004',
				pipeline_id: '7100002',
				old_pipeline_id: '7100002',
				responsible_user_id: '1000002',
				date_create: expect.stringMatching(/^\d+$/),
				last_modified: expect.stringMatching(/^\d+$/),
				modified_user_id: '1000001',
			});
			expect(row).not.toHaveProperty('updated_at');
			expect(row).not.toHaveProperty('custom_fields_values');
			expect(payload.account).toMatchObject({ subdomain: 'salesfunnel', id: '31234567' });
		} finally {
			await hook.close();
		}
	});

	test('batches a bulk edit of many leads into one delivery, and sends contacts with type=contact', async () => {
		const hook = await receiver(() => 200);
		try {
			await api.post('/api/v4/webhooks', {
				destination: hook.url,
				settings: ['update_lead', 'add_contact'],
			});
			await api.patch(
				'/api/v4/leads',
				[30_000_001, 30_000_002, 30_000_003].map((id) => ({ id, price: 1000 })),
			);
			await api.post('/api/v4/contacts', [
				{
					name: 'Новый',
					custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79990001122' }] }],
				},
			]);
			await api.control('GET', '/webhooks');
			expect(hook.received).toHaveLength(2);
			const leads = unflattenBrackets(
				Object.fromEntries(new URLSearchParams(hook.received[0].body)),
			) as { leads: { update: unknown[] } };
			expect(leads.leads.update).toHaveLength(3);
			const contact = unflattenBrackets(
				Object.fromEntries(new URLSearchParams(hook.received[1].body)),
			) as {
				contacts: {
					add: Array<{
						type: string;
						custom_fields: Array<{ values: Array<{ value: string; enum: string }> }>;
					}>;
				};
			};
			expect(contact.contacts.add[0].type).toBe('contact');
			expect(contact.contacts.add[0].custom_fields[0].values[0]).toEqual({
				value: '+79990001122',
				enum: '1300001',
			});
		} finally {
			await hook.close();
		}
	});

	test('retries a failed delivery and records every attempt', async () => {
		const hook = await receiver((n) => (n === 1 ? 500 : 200));
		try {
			await api.control('POST', '/webhooks', { retryDelaysMs: [50, 50] });
			await api.post('/api/v4/webhooks', { destination: hook.url, settings: ['add_lead'] });
			await api.post('/api/v4/leads', [{ name: 'Retry me' }]);
			const { deliveries } = await api.control('GET', '/webhooks');
			expect(
				deliveries.map((d: { attempt: number; status: number }) => [d.attempt, d.status]),
			).toEqual([
				[1, 500],
				[2, 200],
			]);
			expect(hook.received[0].body).toBe(hook.received[1].body);
		} finally {
			await hook.close();
		}
	});

	test('counts a receiver slower than the timeout as undelivered and disables a webhook that keeps failing', async () => {
		const hook = await receiver(() => 'hang');
		try {
			await api.control('POST', '/webhooks', {
				timeoutMs: 100,
				retryDelaysMs: [],
				disableAfterFailures: 3,
			});
			await api.post('/api/v4/webhooks', { destination: hook.url, settings: ['add_lead'] });
			for (let i = 0; i < 4; i++) {
				await api.post('/api/v4/leads', [{ name: `Slow ${i}` }]);
				await api.control('GET', '/webhooks');
			}
			const { deliveries } = await api.control('GET', '/webhooks');
			expect(
				deliveries.every((d: { ok: boolean; error: string }) => !d.ok && d.error === 'timeout'),
			).toBe(true);
			const listed = await api.get('/api/v4/webhooks');
			expect(listed.body._embedded.webhooks[0].disabled).toBe(true);
			await api.post('/api/v4/leads', [{ name: 'After disable' }]);
			expect((await api.control('GET', '/webhooks')).deliveries).toHaveLength(deliveries.length);
		} finally {
			await hook.close();
		}
	});

	test('wraps notes in an extra note object with v2 numeric types', async () => {
		const hook = await receiver(() => 200);
		try {
			await api.post('/api/v4/webhooks', { destination: hook.url, settings: ['note_lead'] });
			await api.post('/api/v4/leads/30000002/notes', [
				{
					note_type: 'call_out',
					params: {
						uniq: 'u1',
						duration: 35,
						source: 'onlinePBX',
						phone: '+79161110001',
						call_status: 4,
					},
				},
			]);
			await api.control('GET', '/webhooks');
			const payload = unflattenBrackets(
				Object.fromEntries(new URLSearchParams(hook.received[0].body)),
			) as {
				leads: { note: Array<{ note: Record<string, string> }> };
			};
			expect(payload.leads.note[0].note).toMatchObject({
				note_type: '11',
				element_type: '2',
				element_id: '30000002',
			});
			expect(JSON.parse(payload.leads.note[0].note.text)).toMatchObject({
				UNIQ: 'u1',
				DURATION: 35,
				call_status: 4,
			});
		} finally {
			await hook.close();
		}
	});
});
