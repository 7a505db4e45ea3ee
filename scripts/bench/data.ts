/**
 * Deterministic inputs for the benchmarks, shaped like what ops people feed the nodes: website form submissions,
 * webinar viewer tables, telephony "call ended" webhooks, webinar attendees of whom some are already clients.
 * One seeded generator, so every run measures the same data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { CrmCall } from '../../nodes/shared/crm/types';

/** mulberry32: 32-bit integer steps, so it stays exact (a float LCG loses bits past 2^53 and repeats early). */
export class Prng {
	constructor(private seed = 42) {}

	next(): number {
		this.seed = (this.seed + 0x6d2b79f5) | 0;
		let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.next() * list.length)];
	}

	digits(count: number): string {
		let out = '';
		for (let i = 0; i < count; i++) out += String(this.int(0, 9));
		return out;
	}
}

const NAMES = ['Анна', 'Мария', 'Елена', 'Ольга', 'Иван', 'Алексей', 'Сергей', 'Дмитрий', 'Наталья', 'Павел'];
const LAST_NAMES = ['Иванова', 'Петров', 'Смирнова', 'Кузнецов', 'Попова', 'Соколов', 'Лебедева', 'Волков'];
const DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'];

/** The spellings people type a Russian mobile in (ten digits after the country code). */
export function spellPhone(ten: string, variant: number): string {
	const [a, b, c, d] = [ten.slice(0, 3), ten.slice(3, 6), ten.slice(6, 8), ten.slice(8)];
	return [`+7${ten}`, `8 (${a}) ${b}-${c}-${d}`, `7${ten}`, `+7 ${a} ${b} ${c} ${d}`, `8${ten}`, `8-${a}-${b}-${c}-${d}`][variant % 6];
}

/**
 * Tilda-style form submissions: mixed phone spellings, some upper-case emails, UTM tags, a tranid; about 3% are
 * unusable (no contact, or an internal extension as the phone) and must leave on Lead Normalize's Invalid output.
 */
export function formSubmissions(count: number, random = new Prng(7)): IDataObject[] {
	return Array.from({ length: count }, (_, i) => {
		const name = `${random.pick(NAMES)} ${random.pick(LAST_NAMES)}`;
		const roll = random.next();
		if (roll < 0.015) return { Name: name, Comments: 'Перезвоните мне', tranid: `5512:${i}`, formname: 'Заявка' };
		if (roll < 0.03) return { Name: name, Phone: String(random.int(100, 999)), tranid: `5512:${i}`, formname: 'Заявка' };
		const email = `client${i}@${random.pick(DOMAINS)}`;
		return {
			Name: name,
			Phone: spellPhone(`9${random.digits(9)}`, random.int(0, 5)),
			Email: random.next() < 0.2 ? email.toUpperCase() : email,
			utm_source: random.pick(['yandex', 'vk', 'google', 'telegram']),
			utm_medium: 'cpc',
			utm_campaign: random.pick(['webinar', 'autumn', 'brand']),
			tranid: `5512:${i}`,
			formname: random.pick(['Заявка', 'Консультация', 'Регистрация на вебинар']),
		};
	});
}

export interface Viewer {
	name: string;
	email: string;
	phone: string;
	minutes: number;
	clicked: string;
}

/** A webinar audience: minutes watched spread over 0–120, one in ten clicked «Подарок», some a non-activity button. */
export function webinarAudience(count: number, random = new Prng(42)): Viewer[] {
	return Array.from({ length: count }, (_, i) => ({
		name: `Зритель ${i}`,
		email: `viewer${i}@mail.ru`,
		phone: `8 (9${random.digits(2)}) ${random.digits(3)}-${random.digits(2)}-${random.digits(2)}`,
		minutes: i % 121,
		clicked: i % 10 === 0 ? 'Подарок' : i % 17 === 0 ? 'Чат' : '',
	}));
}

/** The audience as a Google Sheet gives it to n8n: one item per row, Russian headers, "45 мин". */
export function viewerRows(audience: Viewer[]): IDataObject[] {
	return audience.map((v) => ({ Имя: v.name, Почта: v.email, Телефон: v.phone, 'Время просмотра': `${v.minutes} мин`, Кнопки: v.clicked }));
}

const TELEPHONY = path.resolve(__dirname, '../../test/fixtures/telephony');
const CALL_ENDED = ['sipuni-hangup-chanunavail.json', 'sipuni-hangup-answer.json', 'zadarma-notify-out-end.json', 'uis-call-ended.json', 'onlinepbx-call-end.json', 'mango-summary-answered.json'];

/** Where the six PBXs put their call id (Sipuni, Zadarma, UIS, onlinePBX, Mango). */
const CALL_ID_KEYS = ['call_id', 'pbx_call_id', 'call_session_id', 'uuid', 'entry_id'];

export interface CallCase {
	/** The PBX's "call ended" webhook body. */
	payload: IDataObject;
	/** The lead's earlier calls, as the CRM gives them. */
	history: CrmCall[];
	phone: string;
}

/**
 * "Call ended" webhooks of six PBXs (the recorded fixtures, with the client's number and times varied) and each
 * lead's call history of 0–8 earlier calls; one number in twenty is foreign.
 */
export function callCases(count: number, random = new Prng(11)): CallCase[] {
	const templates = CALL_ENDED.map((file) => JSON.stringify(JSON.parse(readFileSync(path.join(TELEPHONY, file), 'utf8'))));
	const outcomes: CrmCall['outcome'][] = ['no_answer', 'busy', 'no_answer', 'unreachable', 'answered'];
	const start = Date.UTC(2024, 2, 11, 7, 0, 0);
	return Array.from({ length: count }, (_, i) => {
		const foreign = i % 20 === 0;
		const phone = foreign ? `49151${random.digits(8)}` : `7916${random.digits(7)}`;
		// The fixtures' client numbers (7/8 + 9xx…): the line and extension numbers stay.
		const payload = JSON.parse(templates[i % templates.length].replace(/\b[78]9\d{9}\b/g, phone)) as IDataObject;
		// Each case is its own call: the PBXs' call ids made unique (a call seen twice in one run is skipped as a repeat).
		for (const key of CALL_ID_KEYS) if (typeof payload[key] === 'string' || typeof payload[key] === 'number') payload[key] = `${String(payload[key])}-${i}`;
		const earlier = random.int(0, 8);
		const history: CrmCall[] = Array.from({ length: earlier }, (_, k) => ({
			id: `${i}-${k}`,
			dealId: String(i),
			direction: 'outbound',
			outcome: random.pick(outcomes),
			durationSeconds: 0,
			at: new Date(start + k * 3 * 3_600_000).toISOString(),
			phone: `+${phone}`,
			responsibleUserId: '1',
			rawStatus: null,
		}));
		return { payload, history, phone: `+${phone}` };
	});
}

export interface KnownPerson {
	name: string;
	phone: string | null;
	email: string | null;
}

/**
 * Webinar attendees to import into a CRM: `repeatShare` of them are people the CRM already has (`known`), written
 * the way a webinar platform exports them (another phone spelling, upper-case email); the rest are new, and one
 * new person in ten registered twice. Every attendee carries minutes watched and the tags the import sets.
 */
export function webinarAttendees(count: number, known: KnownPerson[], repeatShare: number, random = new Prng(5)): IDataObject[] {
	const usable = known.filter((k) => k.phone || k.email);
	const attendees: IDataObject[] = [];
	for (let i = 0; i < count; i++) {
		const minutes = random.int(0, 120);
		const tags = ['вебинар', minutes >= 60 ? 'Был более часа' : 'Был менее часа'];
		if (usable.length > 0 && random.next() < repeatShare) {
			const person = random.pick(usable);
			const ten = person.phone?.replace(/\D/g, '').slice(-10);
			attendees.push({ name: person.name, phone: ten && ten.length === 10 ? spellPhone(ten, random.int(0, 5)) : '', email: person.email ? person.email.toUpperCase() : '', minutes, tags });
		} else if (i > 0 && random.next() < 0.1) {
			attendees.push({ ...attendees[random.int(0, i - 1)], minutes, tags });
		} else {
			attendees.push({ name: `${random.pick(NAMES)} ${random.pick(LAST_NAMES)}`, phone: spellPhone(`9${random.digits(9)}`, random.int(0, 5)), email: `attendee${i}@${random.pick(DOMAINS)}`, minutes, tags });
		}
	}
	return attendees;
}
