import {
	captureLeads,
	type CaptureSettings,
} from '../../../../../nodes/shared/funnel/capture/capture';
import * as payloads from '../../../../fixtures/capture/payloads';

const now = () => new Date('2026-11-23T09:30:00.000Z');
const settings = (overrides: Partial<CaptureSettings> = {}): CaptureSettings => ({
	preset: 'auto',
	lead: { defaultCountry: 'RU', requiredContact: 'any', now },
	...overrides,
});
const json = (body: unknown, overrides: Partial<CaptureSettings> = {}) =>
	captureLeads({ body, contentType: 'application/json', query: {} }, settings(overrides));

describe('Lead Capture: Tilda', () => {
	test('a Tilda submission becomes a canonical lead with UTM from the COOKIES string', () => {
		const outcome = captureLeads(
			{ body: payloads.tildaForm, contentType: 'application/x-www-form-urlencoded', query: {} },
			settings({ preset: 'tilda' }),
		);
		expect(outcome.kind).toBe('leads');
		if (outcome.kind !== 'leads') return;
		expect(outcome.invalid).toEqual([]);
		expect(outcome.leads).toHaveLength(1);
		expect(outcome.leads[0]).toMatchObject({
			name: 'Иван Петров',
			phone: '+79161234567',
			email: 'ivan.petrov@mail.ru',
			emailRaw: 'Ivan.Petrov@Mail.RU',
			message: 'Хочу аудит рекламы',
			externalId: '467251:8442970',
			form: 'Заявка на аудит',
			source: 'site form',
			channel: 'tilda',
			utm: { source: 'yandex', medium: 'cpc', campaign: 'audit_spring', content: '', term: '' },
			receivedAt: '2026-11-23T09:30:00.000Z',
			raw: payloads.tildaForm,
		});
	});

	test('the automatic preset recognises a Tilda submission by its technical fields', () => {
		const outcome = captureLeads(
			{ body: payloads.tildaForm, contentType: 'application/x-www-form-urlencoded', query: {} },
			settings(),
		);
		expect(outcome.kind === 'leads' && outcome.leads[0]).toMatchObject({
			channel: 'tilda',
			source: 'site form',
		});
		const plain = json({ name: 'A', phone: '89161234567' });
		expect(plain.kind === 'leads' && plain.leads[0]).toMatchObject({ channel: '', source: '' });
	});

	test('the test=test ping is a ping, whatever the preset', () => {
		for (const preset of ['auto', 'tilda', 'form', 'custom'] as const) {
			expect(
				captureLeads(
					{ body: payloads.tildaPing, contentType: 'application/x-www-form-urlencoded', query: {} },
					settings({ preset, mapping: [{ field: 'phone', path: 'p' }] }),
				),
			).toEqual({ kind: 'ping', sender: 'Tilda' });
		}
	});

	test("a form date field is the client's data: receivedAt is when the request came", () => {
		const outcome = json({ name: 'A', phone: '89161234567', date: '01.12.2026' });
		expect(outcome.kind === 'leads' && outcome.leads[0].receivedAt).toBe(
			'2026-11-23T09:30:00.000Z',
		);
	});
});

describe('Lead Capture: forms and JSON', () => {
	test('recognises a nested envelope and bracket-keyed form fields', () => {
		const envelope = json({
			action: 'form.submit',
			data: { name: 'Анна', email: 'ANNA@YA.RU', phone: '', fields: { Бюджет: '100 000' } },
		});
		expect(envelope.kind === 'leads' && envelope.leads[0]).toMatchObject({
			name: 'Анна',
			email: 'anna@ya.ru',
			phone: null,
		});
		const form = captureLeads(
			{
				body: { 'lead[name]': 'Пётр', 'lead[phone]': '8 903 111-22-33' },
				contentType: 'application/x-www-form-urlencoded',
				query: {},
			},
			settings({ preset: 'form' }),
		);
		expect(form.kind === 'leads' && form.leads[0]).toMatchObject({
			name: 'Пётр',
			phone: '+79031112233',
			source: 'site form',
		});
	});

	test("the webhook URL's query labels the form and fills UTM tags the body lacks", () => {
		const outcome = captureLeads(
			{
				body: { name: 'A', phone: '89161234567', utm_source: 'vk' },
				contentType: 'application/json',
				query: { form: 'Вакансии', utm_source: 'site2', utm_medium: 'cpc' },
			},
			settings(),
		);
		expect(outcome.kind === 'leads' && outcome.leads[0]).toMatchObject({
			form: 'Вакансии',
			utm: { source: 'vk', medium: 'cpc' },
		});
	});

	test('a request without a usable contact comes out Invalid with the reason and the raw payload', () => {
		const outcome = json({ Name: 'Без телефона', Comments: 'Перезвоните' });
		expect(outcome).toEqual({
			kind: 'leads',
			leads: [],
			invalid: [
				{
					invalidReason: 'no valid phone or email to contact the client',
					problems: [
						{
							field: 'contact',
							value: '',
							reason: 'no valid phone or email to contact the client',
						},
					],
					raw: { Name: 'Без телефона', Comments: 'Перезвоните' },
					query: {},
					contentType: 'application/json',
					receivedAt: '2026-11-23T09:30:00.000Z',
				},
			],
		});
	});

	test('a malformed body comes out Invalid with what was sent', () => {
		const outcome = captureLeads(
			{ body: '{"Name": "Иван", "Phone": ', contentType: 'text/plain', query: {} },
			settings(),
		);
		expect(outcome).toMatchObject({
			kind: 'leads',
			leads: [],
			invalid: [
				{
					invalidReason: 'the body looks like JSON but is not valid JSON',
					raw: '{"Name": "Иван", "Phone": ',
				},
			],
		});
	});

	test('an array of leads gives a lead or an invalid item for each', () => {
		const outcome = json([{ phone: '89161234567' }, { phone: '1' }]);
		expect(outcome.kind === 'leads' && [outcome.leads.length, outcome.invalid.length]).toEqual([
			1, 1,
		]);
	});
});

describe('Lead Capture: custom field mapping', () => {
	const mapping = [
		{ field: 'phone' as const, path: 'client.tel' },
		{ field: 'name' as const, path: 'client["full name"]' },
		{ field: 'utm_source' as const, path: 'query.src' },
		{ field: 'receivedAt' as const, path: 'created' },
	];

	test('reads each field where the user says, the query included', () => {
		const outcome = captureLeads(
			{
				body: {
					client: { tel: '8 916 123 45 67', 'full name': 'Иван' },
					created: 1763889000,
					email: 'i@x.ru',
				},
				contentType: 'application/json',
				query: { src: 'partner' },
			},
			settings({ preset: 'custom', mapping }),
		);
		expect(outcome.kind === 'leads' && outcome.leads[0]).toMatchObject({
			name: 'Иван',
			phone: '+79161234567',
			email: 'i@x.ru',
			utm: { source: 'partner' },
			receivedAt: '2025-11-23T09:10:00.000Z',
		});
	});

	test('without automatic recognition only mapped fields are read', () => {
		const outcome = captureLeads(
			{
				body: { client: { tel: '8 916 123 45 67' }, email: 'i@x.ru' },
				contentType: 'application/json',
				query: {},
			},
			settings({ preset: 'custom', mapping, recogniseUnmapped: false }),
		);
		expect(outcome.kind === 'leads' && outcome.leads[0].email).toBeNull();
	});

	test('a broken mapping sends the request to Invalid with what to fix', () => {
		const outcome = json(
			{ a: 1 },
			{
				preset: 'custom',
				mapping: [
					{ field: 'phone', path: 'a' },
					{ field: 'phone', path: 'b' },
				],
			},
		);
		expect(outcome).toMatchObject({
			kind: 'leads',
			invalid: [
				{ invalidReason: 'the field mapping is wrong: mapping 2: "phone" is mapped twice' },
			],
		});
	});
});

describe('Lead Capture: messengers', () => {
	test('a Telegram shared contact gives the phone, the name and the chat to answer in', () => {
		const outcome = json(payloads.telegramContactUpdate);
		expect(outcome.kind === 'leads' && outcome.leads[0]).toMatchObject({
			name: 'Иван Петров',
			phone: '+79161234567',
			source: 'messenger',
			channel: 'telegram',
			externalId: '1365',
			receivedAt: '2025-11-23T09:10:00.000Z',
			messenger: { platform: 'telegram', chatId: '1111111', userId: '1111111', username: 'ivanp' },
		});
	});

	test('a Telegram text without a contact is Invalid by default (no phone) and a lead when no contact is required', () => {
		expect(json(payloads.telegramTextUpdate)).toMatchObject({
			kind: 'leads',
			leads: [],
			invalid: [{ invalidReason: 'no valid phone or email to contact the client' }],
		});
		const accepted = json(payloads.telegramTextUpdate, { lead: { requiredContact: 'none', now } });
		expect(accepted.kind === 'leads' && accepted.leads[0]).toMatchObject({
			name: 'Анна',
			message: 'Сколько стоит аудит?\nНужно срочно',
			messenger: { chatId: '2222222' },
		});
	});

	test('WhatsApp Cloud API: wa_id without "+" is the international number (here Kazakhstan)', () => {
		const outcome = json(payloads.whatsAppCloudMessage);
		expect(outcome.kind === 'leads' && outcome.leads[0]).toMatchObject({
			name: 'Sheena Nelson',
			phone: '+77011234567',
			phoneCountry: 'KZ',
			channel: 'whatsapp',
			message: 'Здравствуйте! Интересует курс',
			messenger: { platform: 'whatsapp', chatId: '77011234567', channelId: '106540352242922' },
		});
	});

	test('GREEN-API: the chatId without @c.us is the phone', () => {
		const outcome = json(payloads.greenApiIncoming, { preset: 'messenger' });
		expect(outcome.kind === 'leads' && outcome.leads[0]).toMatchObject({
			name: 'Борис Сидоров',
			phone: '+79031112233',
			message: 'Добрый день',
			messenger: { chatId: '79031112233@c.us' },
		});
	});

	test('Wazzup24: an incoming WhatsApp message is a lead, our own echo is not', () => {
		const outcome = json(payloads.wazzupIncoming);
		expect(
			outcome.kind === 'leads' && outcome.leads.map((l) => [l.name, l.phone, l.channel]),
		).toEqual([['Вера', '+79269876543', 'whatsapp']]);
	});

	test('delivery statuses and connection tests start nothing', () => {
		expect(json(payloads.whatsAppCloudStatus)).toEqual({
			kind: 'ignored',
			what: ['a WhatsApp delivery status'],
		});
		expect(json(payloads.greenApiStatus)).toEqual({
			kind: 'ignored',
			what: ['GREEN-API outgoingMessageStatus'],
		});
		expect(json(payloads.wazzupPing)).toEqual({ kind: 'ping', sender: 'Wazzup24' });
	});

	test('the messenger preset refuses a form with the reason', () => {
		expect(json({ name: 'A', phone: '89161234567' }, { preset: 'messenger' })).toMatchObject({
			invalid: [
				{ invalidReason: 'not a Telegram, WhatsApp Cloud API, GREEN-API or Wazzup24 webhook' },
			],
		});
	});

	test('the form preset does not read messenger shapes', () => {
		const outcome = json(payloads.wazzupIncoming, { preset: 'form' });
		expect(outcome.kind === 'leads' && outcome.leads).toEqual([]);
	});
});
