import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { callWebhook, type FakeRequest } from '../../harness/webhooks';
import {
	anyObject,
	anyValue,
	fuzzLead,
	fuzzTally,
	HOSTILE_STRINGS,
	prototypePolluted,
	Random,
	tally,
	withinTime,
} from '../../support/fuzz';

/**
 * The triggers' HTTP bodies, fuzzed: whatever a sender (or an attacker) posts, each request is answered — 200 with
 * leads or Invalid items, 401 without the secret/token, 413 when too big — within bounded time, nothing is dropped,
 * and no error answer repeats what was sent.
 */
const CASES = Number(process.env.FUZZ_TRIGGER_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_901);
const SECRET = 'fuzz-secret-0123456789abcdef';
const TOKEN = 'b24apptoken0123456789abcdef';
const AMO_SECRET = 'a'.repeat(8) + '0123456789abcdef0123456789abcdef0123456789';

const CONTENT_TYPES = [
	'application/json',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'text/plain',
	'text/html',
	'application/xml',
	'',
	'application/json; charset=windows-1251',
];

function single(
	name: string,
	type: string,
	parameters: INodeParameters,
	credentials?: Record<string, { id: string; name: string }>,
	staticData?: IDataObject,
): WorkflowJson {
	return {
		id: `fuzz-${type}`,
		nodes: [
			{
				id: 't',
				name,
				type: `n8n-nodes-sales-funnel.${type}`,
				typeVersion: 1,
				position: [0, 0],
				parameters,
				...(credentials ? { credentials } : {}),
				webhookId: 'fuzz-hook',
			},
		],
		connections: {},
		...(staticData ? { staticData } : {}),
	};
}

/** A request body of any shape, and what n8n's parsers would hand the node for it. */
function fuzzBody(random: Random): { body: unknown; rawBody: Buffer } {
	const kind = random.int(0, 5);
	const body =
		kind === 0
			? fuzzLead(random)
			: kind === 1
				? anyObject(random, 3)
				: kind === 2
					? random.pick(HOSTILE_STRINGS)
					: kind === 3
						? anyValue(random, 2)
						: kind === 4
							? { data: anyObject(random, 2) }
							: { huge: 'x'.repeat(random.int(50, 300) * 1024) };
	let text: string;
	try {
		text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
	} catch {
		text = '';
	}
	return { body, rawBody: Buffer.from(text) };
}

/** Strings from the request long enough to be recognised if an error answer repeated them. */
function echoes(answer: unknown, request: unknown): string[] {
	const text = JSON.stringify(answer ?? '');
	const pieces: string[] = [];
	const visit = (v: unknown) => {
		if (typeof v === 'string' && v.length >= 8 && !/^x+$/.test(v)) pieces.push(v.slice(0, 40));
		else if (v && typeof v === 'object')
			Object.entries(v).forEach(([k, inner]) => (k.length >= 8 && pieces.push(k), visit(inner)));
	};
	visit(request);
	return pieces.filter((p) => text.includes(JSON.stringify(p).slice(1, -1)));
}

afterAll(() => {
	process.stdout.write(
		`fuzz (trigger bodies): ${[...fuzzTally].map(([s, n]) => `${s} ${n}`).join(', ')}\n`,
	);
});

describe('trigger bodies under hostile requests (seeded fuzz)', () => {
	test('Lead Capture: 200 with every request on Lead or Invalid, 401 without the secret, 413 when too big; errors never echo', async () => {
		const harness = new WorkflowHarness().setCredentials(
			'leadCaptureSecretApi',
			{ secret: SECRET },
			'secret',
		);
		const workflow = single(
			'Lead Capture',
			'leadCapture',
			{ authentication: 'sharedSecret', preset: 'auto', options: { maxBodyKb: 64 } },
			{ leadCaptureSecretApi: { id: 'secret', name: 'secret' } },
		);
		const random = new Random(SEED + 11);
		const statuses: Record<number, number> = {};
		for (let k = 0; k < CASES; k++) {
			const { body, rawBody } = fuzzBody(random);
			const auth = random.int(0, 3);
			const headers: Record<string, string> = { 'content-type': random.pick(CONTENT_TYPES) };
			const query: Record<string, string> = random.chance(0.2)
				? (anyObject(random, 0) as Record<string, string>)
				: {};
			if (auth === 0) headers['x-webhook-secret'] = SECRET;
			if (auth === 1) query.secret = SECRET;
			if (auth === 2)
				headers['x-webhook-secret'] = random.pick([
					SECRET.slice(1),
					`${SECRET} `.repeat(2),
					random.pick(HOSTILE_STRINGS),
				]);
			const request: FakeRequest = { headers, query, body, rawBody };
			const where = `Lead Capture, seed ${random.seed}, case ${k}`;
			const call = await withinTime(10_000, where, () =>
				callWebhook(harness, workflow, 'Lead Capture', request),
			);
			const status = call.response.status;
			statuses[status] = (statuses[status] ?? 0) + 1;
			const authorised = auth === 0 || auth === 1;
			if (!authorised) expect({ where, status }).toEqual({ where, status: 401 });
			else if (rawBody.length > 64 * 1024)
				expect({ where, status }).toEqual({ where, status: 413 });
			else {
				expect({ where, status }).toEqual({ where, status: 200 });
				if (call.workflowData) {
					const [leads, invalid] = call.workflowData;
					expect(leads.length + invalid.length).toBeGreaterThan(0);
					expect(call.run?.status).toBe('success');
				}
			}
			if (status !== 200)
				expect({ where, echoed: echoes(call.response.body, body) }).toEqual({ where, echoed: [] });
			expect(prototypePolluted()).toBeNull();
		}
		tally('Lead Capture', CASES);
		process.stdout.write(`Lead Capture answers: ${JSON.stringify(statuses)}\n`);
		expect(Object.keys(statuses).sort()).toEqual(['200', '401', '413']);
	}, 180_000);

	test('Bitrix24 Trigger: without the application token always 401; with it, any body is answered without a crash', async () => {
		const harness = new WorkflowHarness().setCredentials(
			'bitrix24OutgoingWebhookApi',
			{ applicationToken: TOKEN },
			'tok',
		);
		const workflow = single(
			'Bitrix24 Trigger',
			'bitrix24Trigger',
			{ events: ['ONCRMDEALADD', 'ONCRMLEADADD'], fetchRecord: false },
			{ bitrix24OutgoingWebhookApi: { id: 'tok', name: 'tok' } },
		);
		const random = new Random(SEED + 12);
		for (let k = 0; k < CASES; k++) {
			const withToken = random.chance(0.6);
			const fields: IDataObject = {
				event: random.pick([
					'ONCRMDEALADD',
					'ONCRMLEADADD',
					'ONCRMDEALUPDATE',
					random.pick(HOSTILE_STRINGS),
				]),
				'data[FIELDS][ID]': random.chance(0.7)
					? String(random.int(1, 9999))
					: (anyValue(random, 1) as string),
				ts: anyValue(random, 0) as string,
				'auth[application_token]': withToken
					? TOKEN
					: random.pick(['', TOKEN.slice(2), random.pick(HOSTILE_STRINGS)]),
				'auth[domain]': random.pick(HOSTILE_STRINGS),
			};
			if (random.chance(0.3)) Object.assign(fields, anyObject(random, 2));
			if (random.chance(0.1)) fields['__proto__[polluted]'] = 'yes';
			const where = `Bitrix24 Trigger, seed ${random.seed}, case ${k}`;
			const call = await withinTime(10_000, where, () =>
				callWebhook(harness, workflow, 'Bitrix24 Trigger', {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					body: fields,
				}),
			);
			if (!withToken)
				expect({ where, status: call.response.status }).toEqual({ where, status: 401 });
			else expect({ where, status: call.response.status }).toEqual({ where, status: 200 });
			if (call.response.status !== 200)
				expect({ where, echoed: echoes(call.response.body, fields) }).toEqual({
					where,
					echoed: [],
				});
			expect(prototypePolluted()).toBeNull();
		}
		tally('Bitrix24 Trigger', CASES);
	}, 180_000);

	test('amoCRM Trigger: without its URL secret always 401; with it, any delivery gives items or a plain OK', async () => {
		const harness = new WorkflowHarness().setCredentials(
			'amoCrmApi',
			{
				zone: 'sandbox',
				sandboxUrl: 'http://127.0.0.1:1',
				accessToken: 'not-used-here-0000',
				requestsPerSecond: 7,
			},
			'amo',
		);
		const workflow = single(
			'amoCRM Trigger',
			'amoCrmTrigger',
			{ authentication: 'longLivedToken', events: ['add_lead', 'status_lead'] },
			{ amoCrmApi: { id: 'amo', name: 'amo' } },
			{ 'node:amoCRM Trigger': { secret: AMO_SECRET, destination: 'x' } },
		);
		const random = new Random(SEED + 13);
		for (let k = 0; k < CASES; k++) {
			const withSecret = random.chance(0.6);
			const pairs = Object.entries(anyObject(random, 0)).map(([key, v]) => [
				`leads[${random.pick(['add', 'status', 'update', '__proto__', 'constructor'])}][${random.int(0, 2)}][${key}]`,
				typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
			]);
			if (random.chance(0.7))
				pairs.push(
					['leads[add][0][id]', String(random.int(1, 99999))],
					['account[subdomain]', random.pick(HOSTILE_STRINGS).slice(0, 50)],
				);
			const raw = new URLSearchParams(
				pairs.map(
					([a, b]) =>
						[a.replace(/[\uD800-\uDFFF]/g, '?'), b.replace(/[\uD800-\uDFFF]/g, '?')] as [
							string,
							string,
						],
				),
			).toString();
			const query: Record<string, string> = withSecret
				? { n8n_secret: AMO_SECRET }
				: random.chance(0.5)
					? { n8n_secret: AMO_SECRET.slice(1) }
					: {};
			const where = `amoCRM Trigger, seed ${random.seed}, case ${k}`;
			const call = await withinTime(10_000, where, () =>
				callWebhook(harness, workflow, 'amoCRM Trigger', {
					headers: { 'content-type': 'application/x-www-form-urlencoded' },
					query,
					body: Object.fromEntries(new URLSearchParams(raw)),
					rawBody: Buffer.from(raw),
				}),
			);
			expect({ where, status: call.response.status }).toEqual({
				where,
				status: withSecret ? 200 : 401,
			});
			if (call.workflowData) expect(call.run?.status).toBe('success');
			expect(prototypePolluted()).toBeNull();
		}
		tally('amoCRM Trigger', CASES);
	}, 180_000);
});
