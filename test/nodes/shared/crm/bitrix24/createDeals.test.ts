import {
	Bitrix24Client,
	pacingFor,
	type HttpSend,
} from '../../../../../nodes/shared/crm/bitrix24/client';
import { CommandRunner } from '../../../../../nodes/shared/crm/bitrix24/commands';
import {
	createDealsWithContacts,
	type DealWithContact,
} from '../../../../../nodes/shared/crm/bitrix24/createDeals';
import { Bitrix24Error } from '../../../../../nodes/shared/crm/bitrix24/errors';
import { start, type RunningEmulator } from '../../../../emulators/bitrix24';
import { controlCall } from '../../../../emulators/bitrix24/testClient';
import { fetchSend } from './fetchTransport';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await start();
});
afterAll(() => emu.close());
beforeEach(() => controlCall(emu.url, 'POST', 'reset'));

const state = () => emu.emulator.state;

/** What the test does to the n-th batch request: change a command before it is sent, change the answer, or lose it. */
interface Tamper {
	request?: (cmd: Record<string, string>) => void;
	answer?: (body: {
		result: { result: Record<string, unknown>; result_error: Record<string, unknown> };
	}) => void;
	/** The server ran the batch, but its answer never came back. */
	lose?: boolean;
}

let portals = 0;

function transport(plan: Array<Tamper | undefined> = []) {
	const base = fetchSend(emu.webhook);
	let batches = 0;
	const send: HttpSend = async (method, body, timeoutMs) => {
		const tamper = method === 'batch' ? plan[batches++] : undefined;
		tamper?.request?.(body.cmd as Record<string, string>);
		const answer = await base(method, body, timeoutMs);
		tamper?.answer?.(answer.body as never);
		if (tamper?.lose) throw new Bitrix24Error('NETWORK', 'socket hang up', undefined, method);
		return answer;
	};
	const client = new Bitrix24Client({
		send,
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		pacing: pacingFor(`create-deals-${++portals}`),
		random: () => 0,
	});
	return new CommandRunner(client);
}

function pairs(count: number, prefix = 'Пара'): DealWithContact[] {
	return Array.from({ length: count }, (_, i) => ({
		contact: {
			NAME: `${prefix} ${i}`,
			PHONE: [{ VALUE: `+7917${String(i).padStart(7, '0')}`, VALUE_TYPE: 'WORK' }],
			ORIGINATOR_ID: 'n8n-sales-funnel',
			ORIGIN_ID: `${prefix}-${i}:contact`,
		},
		deal: {
			TITLE: `${prefix}: сделка ${i}`,
			CATEGORY_ID: 3,
			ORIGINATOR_ID: 'n8n-sales-funnel',
			ORIGIN_ID: `${prefix}-${i}`,
		},
	}));
}

const contactsNamed = (name: string) =>
	[...state().entities.CONTACT.values()].filter((c) => c.NAME === name);
const dealsTitled = (title: string) =>
	[...state().entities.DEAL.values()].filter((d) => d.TITLE === title);
const stats = async () =>
	(await controlCall(emu.url, 'GET', 'stats')).body as {
		requests: number;
		byMethod: Record<string, number>;
	};

/** The contact of pair `k` fails inside the batch: Bitrix24 refuses it (as it refuses an unknown method), its deal runs. */
const refuseContact =
	(k: number): Tamper['request'] =>
	(cmd) => {
		cmd[`c${k}`] = cmd[`c${k}`].replace('crm.contact.add?', 'crm.contact.refused?');
	};
const refuseDeal =
	(k: number): Tamper['request'] =>
	(cmd) => {
		cmd[`d${k}`] = cmd[`d${k}`].replace('crm.deal.add?', 'crm.deal.refused?');
	};
/** …and the answer says it was refused for the request limit (it did not run), as b24phpsdk tests show inside result_error. */
const asLimit =
	(key: string): Tamper['answer'] =>
	(body) => {
		body.result.result_error[key] = {
			error: 'QUERY_LIMIT_EXCEEDED',
			error_description: 'Too many requests',
		};
	};

function expectLinkedOnce(prefix: string, i: number, outcome: unknown) {
	const contacts = contactsNamed(`${prefix} ${i}`);
	const deals = dealsTitled(`${prefix}: сделка ${i}`);
	expect(contacts).toHaveLength(1);
	expect(deals).toHaveLength(1);
	expect(deals[0].CONTACT_IDS).toEqual([contacts[0].ID]);
	expect(outcome).toEqual({
		ok: true,
		contactId: String(contacts[0].ID),
		dealId: String(deals[0].ID),
	});
}

describe('Bitrix24 deals with new contacts, each pair in one batch', () => {
	test('60 new people become 60 linked contacts and deals in 3 requests (25 pairs each), both methods in every request', async () => {
		const before = (await stats()).requests;
		const outcomes = await createDealsWithContacts(transport(), pairs(60));
		const after = await stats();
		expect(after.requests - before).toBe(3);
		const log = (await controlCall(emu.url, 'GET', 'requests')).body.requests as Array<{
			restMethod?: string;
			batchCommands?: number;
		}>;
		expect(log.slice(-3).map((r) => [r.restMethod, r.batchCommands])).toEqual([
			['batch', 50],
			['batch', 50],
			['batch', 20],
		]);
		expect(after.byMethod['crm.contact.add']).toBe(60);
		expect(after.byMethod['crm.deal.add']).toBe(60);
		outcomes.forEach((o, i) => expectLinkedOnce('Пара', i, o));
	});

	test("a contact refused for the limit while its deal was made: the contact is made again and set as the deal's only contact", async () => {
		const outcomes = await createDealsWithContacts(
			transport([{ request: refuseContact(3), answer: asLimit('c3') }]),
			pairs(5),
		);
		outcomes.forEach((o, i) => expectLinkedOnce('Пара', i, o));
		const s = await stats();
		expect(s.byMethod['crm.deal.add']).toBe(5);
		expect(s.byMethod['crm.deal.update']).toBe(1);
	});

	test("a contact Bitrix24 refuses: the deal made beside it is deleted and the item fails with the contact's reason", async () => {
		const outcomes = await createDealsWithContacts(
			transport([{ request: refuseContact(1) }]),
			pairs(3),
		);
		expect(outcomes[1]).toMatchObject({
			ok: false,
			error: {
				message: expect.stringMatching(
					/^The contact was refused: crm\.contact\.add: .*Method not found.*; the deal made for it \(\d+\) was deleted$/,
				),
			},
		});
		expect(dealsTitled('Пара: сделка 1')).toHaveLength(0);
		expect(contactsNamed('Пара 1')).toHaveLength(0);
		expectLinkedOnce('Пара', 0, outcomes[0]);
		expectLinkedOnce('Пара', 2, outcomes[2]);
	});

	test('a deal refused for the limit while its contact was made: the deal alone, linked by ID, and no second contact', async () => {
		const outcomes = await createDealsWithContacts(
			transport([{ request: refuseDeal(2), answer: asLimit('d2') }]),
			pairs(4),
		);
		outcomes.forEach((o, i) => expectLinkedOnce('Пара', i, o));
		expect((await stats()).byMethod['crm.contact.add']).toBe(4);
	});

	test('a deal Bitrix24 refuses: the item fails naming the contact that was made', async () => {
		const outcomes = await createDealsWithContacts(
			transport([{ request: refuseDeal(0) }]),
			pairs(2),
		);
		const contact = contactsNamed('Пара 0')[0];
		expect(outcomes[0]).toMatchObject({
			ok: false,
			error: {
				message: `The contact ${contact.ID} was created, but the deal was refused: crm.deal.add: Method not found!`,
			},
		});
		expect(dealsTitled('Пара: сделка 0')).toHaveLength(0);
		expectLinkedOnce('Пара', 1, outcomes[1]);
	});

	test('a batch that ran but whose answer was lost: pairs are found by ORIGIN_ID, nothing is made twice', async () => {
		const outcomes = await createDealsWithContacts(transport([{ lose: true }]), pairs(30));
		outcomes.forEach((o, i) => expectLinkedOnce('Пара', i, o));
		const s = await stats();
		expect(s.byMethod['crm.contact.add']).toBe(30);
		expect(s.byMethod['crm.deal.add']).toBe(30);
	});

	test('a lost answer of a batch in which one contact failed: its deal is found, the contact made once and linked', async () => {
		const outcomes = await createDealsWithContacts(
			transport([{ request: refuseContact(4), answer: asLimit('c4'), lose: true }]),
			pairs(6),
		);
		outcomes.forEach((o, i) => expectLinkedOnce('Пара', i, o));
		expect((await stats()).byMethod['crm.deal.add']).toBe(6);
	});

	test("under the emulator's faults (5xx, resets after the write, commands refused inside batches) each pair is made once and linked", async () => {
		await controlCall(emu.url, 'POST', 'faults', {
			seed: 77,
			error5xxRate: 0.1,
			resetRate: 0.1,
			applyBeforeFailRate: 0.5,
			partialBatchFailureRate: 0.05,
		});
		const outcomes = await createDealsWithContacts(transport(), pairs(150, 'Сбой'));
		outcomes.forEach((o, i) => expectLinkedOnce('Сбой', i, o));
		const s = await stats();
		// Some pairs had to be mended: a contact refused inside a batch beside a deal that was made.
		expect(s.byMethod['crm.deal.update'] ?? 0).toBeGreaterThan(0);
	}, 120_000);
});
