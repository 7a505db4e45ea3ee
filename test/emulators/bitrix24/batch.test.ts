import { start, type RunningEmulator } from '.';
import { callJson } from './testClient';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await start({ limits: false });
});
afterAll(() => emu.close());

const batch = (cmd: unknown, halt = 0) => callJson(emu.webhook, 'batch', { halt, cmd });

describe('batch', () => {
	test('runs up to 50 commands; the 51st and later each get ERROR_BATCH_LENGTH_EXCEEDED', async () => {
		const cmd = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`k${i}`, 'profile']));
		const { status, body } = await batch(cmd);
		expect(status).toBe(200);
		expect(Object.keys(body.result.result)).toHaveLength(50);
		expect(body.result.result_error).toEqual({
			k50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
			k51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
		});
	});

	test('decodes commands like PHP parse_str: "+" is a space, %2B a plus, and &, #, % travel encoded', async () => {
		const title = 'Tom & Jerry #1 100% +7';
		const { body } = await batch({
			plain: 'crm.lead.add?fields[TITLE]=a+b&fields[PHONE][0][VALUE]=+79160000000',
			encoded: `crm.lead.add?fields[TITLE]=${encodeURIComponent(title)}&fields[PHONE][0][VALUE]=${encodeURIComponent('+79160000001')}`,
		});
		const plain = (await callJson(emu.webhook, 'crm.lead.get', { id: body.result.result.plain }))
			.body.result;
		const encoded = (
			await callJson(emu.webhook, 'crm.lead.get', { id: body.result.result.encoded })
		).body.result;
		expect(plain.TITLE).toBe('a b');
		expect(plain.PHONE[0].VALUE).toBe('79160000000'); // the unencoded + became a space, trimmed away
		expect(encoded.TITLE).toBe(title);
		expect(encoded.PHONE[0].VALUE).toBe('+79160000001');
	});

	test('substitutes $result references, whole values raw and partial ones as text', async () => {
		const { body } = await batch({
			lead: 'crm.lead.add?fields[TITLE]=Ref&fields[NAME]=Анна',
			got: 'crm.lead.get?id=$result[lead]',
			comment:
				'crm.lead.update?id=$result[lead]&fields[COMMENTS]=Lead $result[got][TITLE] of $result[got][NAME]',
			list: 'crm.lead.list?filter[ID]=$result[lead]&select[]=ID',
			total: 'crm.lead.update?id=$result[lead]&fields[STATUS_DESCRIPTION]=$total[list]',
		});
		expect(body.result.result_error).toEqual([]);
		const lead = (await callJson(emu.webhook, 'crm.lead.get', { id: body.result.result.lead })).body
			.result;
		expect(lead.COMMENTS).toBe('Lead Ref of Анна');
		expect(lead.STATUS_DESCRIPTION).toBe('1');
		expect(body.result.result_total).toEqual({ list: 1 });
	});

	test('a reference past the end of a list stops at the last step it found', async () => {
		const { body } = await batch({
			page: 'crm.contact.list?filter[ID]=1&select[]=ID',
			next: 'crm.contact.list?filter[>ID]=$result[page][49][ID]&select[]=ID&start=-1',
		});
		// The walk stopped at the page itself (an array), which matches no ID: nothing comes back.
		expect(body.result.result.next).toEqual([]);
	});

	test('a reference to a command that failed walks no further: the deal gets no valid contact, its own add still runs', async () => {
		const { body } = await batch({
			c0: 'crm.contact.refused?fields[NAME]=Нет',
			c1: 'crm.contact.add?fields[NAME]=Есть',
			d0: 'crm.deal.add?fields[TITLE]=Без контакта&fields[CONTACT_IDS][0]=$result[c0]',
			d1: 'crm.deal.add?fields[TITLE]=С контактом&fields[CONTACT_IDS][0]=$result[c1]',
		});
		expect(body.result.result_error.c0.error).toBe('ERROR_METHOD_NOT_FOUND');
		const without = (await callJson(emu.webhook, 'crm.deal.get', { id: body.result.result.d0 }))
			.body.result;
		const withContact = (await callJson(emu.webhook, 'crm.deal.get', { id: body.result.result.d1 }))
			.body.result;
		// The walk stopped at $result itself (every result so far), which is no contact ID.
		expect(without.CONTACT_ID).toBeNull();
		expect(withContact.CONTACT_ID).toBe(String(body.result.result.c1));
	});

	test('returns HTTP 200 with failures in result_error, and halt stops at the first one', async () => {
		const open = await batch({ a: 'crm.lead.get?id=999999', b: 'profile' });
		expect(open.status).toBe(200);
		expect(open.body.result.result_error.a).toEqual({ error: '', error_description: 'Not found' });
		expect(open.body.result.result.b).toMatchObject({ ID: '1' });
		const halted = await batch({ a: 'profile', b: 'crm.lead.get?id=999999', c: 'profile' }, 1);
		expect(Object.keys(halted.body.result.result)).toEqual(['a']);
	});

	test('serialises empty members as [] and a command list as a list', async () => {
		const { body } = await batch(['profile', 'profile']);
		expect(Array.isArray(body.result.result)).toBe(true);
		expect(body.result.result_error).toEqual([]);
		expect(body.result.result_next).toEqual([]);
		expect(body.result.result_time).toHaveLength(2);
	});

	test('refuses a batch inside a batch', async () => {
		const { body } = await batch({ inner: 'batch?cmd[x]=profile' });
		expect(body.result.result_error.inner.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
	});

	test('charges each command against its own method in result_time', async () => {
		const { body } = await batch({
			a: 'crm.lead.list?select[]=ID',
			b: 'crm.lead.list?select[]=ID',
		});
		expect(body.result.result_time.b.operating).toBeGreaterThan(
			body.result.result_time.a.operating,
		);
	});
});
