/**
 * The seeded portal, the same for a given seed: fixed funnels, users and user fields (seedData.ts), then a few
 * hundred contacts, leads and deals with phones and e-mails in the mixed formats real portals hold, calls and
 * to-dos (some overdue, some deals with none), and hand-made clients for the ownership guard and for merging.
 */
import type { EntityRecord, MultifieldValue } from './fields';
import { auditDefaults } from './records';
import {
	emptyState,
	nextId,
	statusesOf,
	type ActivityRecord,
	type OutgoingWebhook,
	type PortalState,
} from './portal';
import { Random } from './random';
import { seedDealHistory, seedProductRows } from './stageHistory';
import {
	CATEGORIES,
	LOSS_REASONS,
	MANAGERS,
	SOURCES,
	TAGS,
	USERS,
	WEBINAR_CATEGORY,
	statusRows,
	userFieldRows,
} from './seedData';

export interface PortalSeed {
	/** PRNG seed of the generated records (default 24). */
	random?: number;
	contacts?: number;
	leads?: number;
	deals?: number;
	domain?: string;
	/** The inbound webhook the READY line prints (`/rest/{userId}/{secret}/`). */
	webhook?: { userId?: number; secret?: string; scopes?: string[] };
	/** Outgoing webhooks (handler URL + events + application token) to deliver events to from the start. */
	outgoingWebhooks?: Array<Omit<OutgoingWebhook, 'id'>>;
	/** 1 classic (leads + deals), 2 simple (no leads). */
	crmMode?: 1 | 2;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

const MALE = [
	'Иван',
	'Алексей',
	'Сергей',
	'Андрей',
	'Михаил',
	'Николай',
	'Владимир',
	'Артём',
	'Павел',
	'Егор',
];
const FEMALE = [
	'Анна',
	'Мария',
	'Елена',
	'Ольга',
	'Татьяна',
	'Анжелика',
	'Светлана',
	'Ирина',
	'Юлия',
	'Наталья',
];
const LAST = [
	'Иванов',
	'Смирнов',
	'Кузнецов',
	'Попов',
	'Васильев',
	'Петров',
	'Соколов',
	'Михайлов',
	'Новиков',
	'Фёдоров',
	'Морозов',
	'Волков',
];
const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'];
const OPERATORS = ['916', '903', '926', '985', '915', '905', '967', '999', '977', '921'];
const LATIN: Record<string, string> = {
	а: 'a',
	б: 'b',
	в: 'v',
	г: 'g',
	д: 'd',
	е: 'e',
	ё: 'e',
	ж: 'zh',
	з: 'z',
	и: 'i',
	й: 'y',
	к: 'k',
	л: 'l',
	м: 'm',
	н: 'n',
	о: 'o',
	п: 'p',
	р: 'r',
	с: 's',
	т: 't',
	у: 'u',
	ф: 'f',
	х: 'h',
	ц: 'ts',
	ч: 'ch',
	ш: 'sh',
	щ: 'sch',
	ы: 'y',
	э: 'e',
	ю: 'yu',
	я: 'ya',
	ь: '',
	ъ: '',
};

function latin(text: string): string {
	return [...text.toLowerCase()].map((c) => LATIN[c] ?? c).join('');
}

/** The formats people type a Russian mobile in; the last one (no country code) findbycomm cannot match to +7. */
function formatMobile(digits: string, variant: number): string {
	const [a, b, c, d] = [
		digits.slice(0, 3),
		digits.slice(3, 6),
		digits.slice(6, 8),
		digits.slice(8),
	];
	return [
		`+7 ${a} ${b}-${c}-${d}`,
		`8 (${a}) ${b}-${c}-${d}`,
		`7${digits}`,
		`+7${digits}`,
		`8-${a}-${b}-${c}-${d}`,
		`+7 (${a}) ${b} ${c} ${d}`,
		digits,
	][variant];
}

class SeedBuilder {
	readonly state = emptyState();
	private readonly usedPhones = new Set<string>();

	constructor(
		readonly random: Random,
		readonly now: number,
	) {}

	mobile(): string {
		for (;;) {
			const digits =
				this.random.pick(OPERATORS) + String(this.random.int(0, 9_999_999)).padStart(7, '0');
			if (!this.usedPhones.has(digits)) {
				this.usedPhones.add(digits);
				return digits;
			}
		}
	}

	multifield(
		type: 'PHONE' | 'EMAIL',
		value: string,
		valueType = type === 'PHONE' ? 'MOBILE' : 'WORK',
	): MultifieldValue {
		return {
			ID: nextId(this.state, 'multifield'),
			TYPE_ID: type,
			VALUE_TYPE: valueType,
			VALUE: value,
		};
	}

	base(entity: 'LEAD' | 'DEAL' | 'CONTACT', createdAt: number, responsible: number): EntityRecord {
		return auditDefaults(nextId(this.state, entity), createdAt, responsible);
	}

	tagIds(entity: 'CRM_LEAD' | 'CRM_DEAL', names: string[]): number[] {
		const field = this.state.userFields.find(
			(f) => f.ENTITY_ID === entity && f.FIELD_NAME === 'UF_CRM_TAGS',
		);
		return names
			.map((n) => field?.LIST.find((item) => item.VALUE === n)?.ID)
			.filter((id): id is number => typeof id === 'number');
	}

	lossReasonId(name: string): number | null {
		const field = this.state.userFields.find((f) => f.FIELD_NAME === 'UF_CRM_LOSS_REASON');
		return field?.LIST.find((item) => item.VALUE === name)?.ID ?? null;
	}

	person(): { name: string; last: string } {
		const female = this.random.chance(0.55);
		const last = this.random.pick(LAST);
		return { name: this.random.pick(female ? FEMALE : MALE), last: female ? `${last}а` : last };
	}

	contact(
		person: { name: string; last: string },
		phones: string[],
		emails: string[],
		responsible: number,
		createdAt: number,
	): EntityRecord {
		const record: EntityRecord = {
			...this.base('CONTACT', createdAt, responsible),
			NAME: person.name,
			SECOND_NAME: '',
			LAST_NAME: person.last,
			TYPE_ID: 'CLIENT',
			POST: '',
			ADDRESS: null,
			EXPORT: 'Y',
			COMPANY_ID: null,
			COMPANY_IDS: [],
			LEAD_ID: null,
			WEB: [],
			IM: [],
			PHONE: phones.map((p) => this.multifield('PHONE', p)),
			EMAIL: emails.map((e) => this.multifield('EMAIL', e)),
		};
		record.HAS_PHONE = phones.length ? 'Y' : 'N';
		record.HAS_EMAIL = emails.length ? 'Y' : 'N';
		record.HAS_IMOL = 'N';
		this.state.entities.CONTACT.set(record.ID as number, record);
		return record;
	}

	deal(fields: {
		title: string;
		categoryId: number;
		stageId: string;
		contactId: number | null;
		responsible: number;
		createdAt: number;
		movedAt: number;
		opportunity: number;
		tags?: string[];
		lossReason?: string | null;
		webinarMinutes?: number | null;
	}): EntityRecord {
		const stages = statusesOf(
			this.state,
			fields.categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${fields.categoryId}`,
		);
		const stage = stages.find((s) => s.STATUS_ID === fields.stageId) ?? stages[0];
		const semantic = stage.SEMANTICS ?? 'P';
		const day = Math.floor(fields.createdAt / DAY) * DAY;
		const record: EntityRecord = {
			...this.base('DEAL', fields.createdAt, fields.responsible),
			TITLE: fields.title,
			TYPE_ID: 'SALE',
			CATEGORY_ID: fields.categoryId,
			STAGE_ID: stage.STATUS_ID,
			STAGE_SEMANTIC_ID: semantic,
			IS_NEW: stage === stages[0] ? 'Y' : 'N',
			IS_RECURRING: 'N',
			PROBABILITY: null,
			CURRENCY_ID: 'RUB',
			OPPORTUNITY: fields.opportunity,
			IS_MANUAL_OPPORTUNITY: 'N',
			COMPANY_ID: 0,
			CONTACT_ID: fields.contactId,
			CONTACT_IDS: fields.contactId ? [fields.contactId] : [],
			BEGINDATE: day,
			CLOSEDATE: day + 7 * DAY,
			CLOSED: semantic === 'P' ? 'N' : 'Y',
			MOVED_BY_ID: fields.responsible,
			MOVED_TIME: fields.movedAt,
			LEAD_ID: null,
			ADDITIONAL_INFO: null,
			DATE_MODIFY: fields.movedAt,
			SOURCE_ID:
				fields.categoryId === WEBINAR_CATEGORY ? 'UC_WEBINAR' : this.random.pick(SOURCES)[0],
			UF_CRM_TAGS: this.tagIds('CRM_DEAL', fields.tags ?? []),
			UF_CRM_LOSS_REASON: fields.lossReason ? this.lossReasonId(fields.lossReason) : null,
			UF_CRM_WEBINAR_MINUTES: fields.webinarMinutes ?? null,
			UF_CRM_LAST_WEBINAR:
				fields.categoryId === WEBINAR_CATEGORY ? fields.createdAt - 2 * HOUR : null,
		};
		this.state.entities.DEAL.set(record.ID as number, record);
		return record;
	}

	activity(
		fields: Partial<ActivityRecord> &
			Pick<ActivityRecord, 'OWNER_ID' | 'OWNER_TYPE_ID' | 'TYPE_ID' | 'SUBJECT' | 'RESPONSIBLE_ID'>,
	): ActivityRecord {
		const created = fields.CREATED ?? this.now - DAY;
		const activity: ActivityRecord = {
			ID: nextId(this.state, 'activity'),
			PROVIDER_ID: fields.TYPE_ID === 2 ? 'VOXIMPLANT_CALL' : 'CRM_TODO',
			PROVIDER_TYPE_ID: fields.TYPE_ID === 2 ? 'CALL' : 'TODO',
			START_TIME: created,
			END_TIME: created,
			DEADLINE: created,
			COMPLETED: 'N',
			STATUS: 1,
			PRIORITY: 2,
			DESCRIPTION: '',
			DESCRIPTION_TYPE: 1,
			DIRECTION: 0,
			LOCATION: '',
			CREATED: created,
			LAST_UPDATED: created,
			AUTHOR_ID: fields.RESPONSIBLE_ID,
			EDITOR_ID: fields.RESPONSIBLE_ID,
			ORIGIN_ID: '',
			ORIGINATOR_ID: '',
			SETTINGS: {},
			COMMUNICATIONS: [],
			BINDINGS: [{ OWNER_ID: fields.OWNER_ID, OWNER_TYPE_ID: fields.OWNER_TYPE_ID }],
			...fields,
		};
		this.state.activities.set(activity.ID, activity);
		return activity;
	}

	/** Outgoing calls of a deal (some unanswered: zero duration) and maybe an open to-do, overdue or not. */
	dealActivities(deal: EntityRecord, phone: string | null) {
		const responsible = deal.ASSIGNED_BY_ID as number;
		const open = deal.STAGE_SEMANTIC_ID === 'P';
		if (phone && this.random.chance(0.7)) {
			const calls = this.random.int(1, 4);
			for (let i = 0; i < calls; i++) {
				const at = (deal.DATE_CREATE as number) + (i + 1) * 3 * HOUR;
				const answered = this.random.chance(0.45);
				const duration = answered ? this.random.int(40, 900) : 0;
				this.activity({
					OWNER_ID: deal.ID as number,
					OWNER_TYPE_ID: 2,
					TYPE_ID: 2,
					SUBJECT: `Исходящий звонок ${phone}`,
					RESPONSIBLE_ID: responsible,
					DIRECTION: 2,
					COMPLETED: 'Y',
					STATUS: 2,
					CREATED: at,
					START_TIME: at,
					END_TIME: at + duration * 1000,
					DEADLINE: at,
					ORIGIN_ID: `VI_seed.${deal.ID}.${i}`,
					COMMUNICATIONS: [
						{
							ID: nextId(this.state, 'communication'),
							TYPE: 'PHONE',
							VALUE: phone,
							ENTITY_ID: (deal.CONTACT_ID as number) ?? 0,
							ENTITY_TYPE_ID: 3,
						},
					],
				});
			}
		}
		if (open && this.random.chance(0.6)) {
			const overdue = this.random.chance(0.3);
			const deadline = overdue
				? this.now - this.random.int(1, 10) * DAY
				: this.now + this.random.int(1, 72) * HOUR;
			this.activity({
				OWNER_ID: deal.ID as number,
				OWNER_TYPE_ID: 2,
				TYPE_ID: 6,
				SUBJECT: 'Перезвонить клиенту',
				RESPONSIBLE_ID: responsible,
				DEADLINE: deadline,
				START_TIME: deadline,
				END_TIME: deadline,
				CREATED: (deal.MOVED_TIME as number) ?? this.now,
			});
		}
	}
}

function stageOf(categoryId: number, random: Random, state: PortalState): string {
	const stages = statusesOf(state, categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`);
	const open = stages.filter((s) => s.SEMANTICS === null);
	const closed = stages.filter((s) => s.SEMANTICS !== null);
	return (random.chance(0.75) ? random.pick(open) : random.pick(closed)).STATUS_ID;
}

export function seedPortal(spec: PortalSeed = {}, now: number): PortalState {
	const random = new Random(spec.random ?? 24);
	const b = new SeedBuilder(random, now);
	const { state } = b;
	state.domain = spec.domain ?? 'sales-funnel.bitrix24.ru';
	state.memberId = random.token(32, '0123456789abcdef');
	state.crmMode = spec.crmMode ?? 1;
	state.webhooks = [
		{
			userId: spec.webhook?.userId ?? 1,
			secret: spec.webhook?.secret ?? random.token(16),
			scopes: spec.webhook?.scopes ?? ['crm', 'user'],
		},
	];
	state.users = USERS.map((u, i) => ({
		...u,
		DATE_REGISTER: now - (400 - i * 30) * DAY,
		LAST_LOGIN: u.ACTIVE ? now - (i + 1) * HOUR : now - 90 * DAY,
	}));
	state.statuses = statusRows();
	state.categories = CATEGORIES.map(({ stages: _stages, ...c }) => ({
		...c,
		entityTypeId: 2,
		originId: '',
		originatorId: '',
	}));
	state.userFields = userFieldRows(
		() => nextId(state, 'enum'),
		() => nextId(state, 'userfield'),
	);
	// Stage-dependent required field: «Закрыто и не реализовано» needs a loss reason (checked by crm.item.update).
	state.stageRequiredFields = [
		{ entity: 'DEAL', stageId: `C${WEBINAR_CATEGORY}:LOSE`, field: 'UF_CRM_LOSS_REASON' },
	];
	state.outgoingWebhooks = (spec.outgoingWebhooks ?? []).map((hook) => ({
		...hook,
		id: nextId(state, 'eventHandler'),
	}));

	// Contacts: mixed phone formats, a few foreign and Kazakh numbers, an extension, some without phone.
	const contacts: Array<{ record: EntityRecord; phone: string | null }> = [];
	for (let i = 0; i < (spec.contacts ?? 300); i++) {
		const person = b.person();
		const phones: string[] = [];
		const roll = random.next();
		if (roll < 0.85)
			phones.push(formatMobile(b.mobile(), random.int(0, random.chance(0.05) ? 6 : 5)));
		else if (roll < 0.9)
			phones.push(
				random.pick(['+49 170 ', '+375 29 ', '+7 701 ', '+7 (812) ']) +
					`${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}` +
					(random.chance(0.3) ? '#404' : ''),
			);
		if (phones.length && random.chance(0.1))
			phones.push(formatMobile(b.mobile(), random.int(0, 5)));
		const emails = random.chance(0.6)
			? [
					`${latin(person.name)}.${latin(person.last)}${random.int(1, 999)}@${random.pick(MAIL_DOMAINS)}`,
				].map((e) => (random.chance(0.2) ? e[0].toUpperCase() + e.slice(1) : e))
			: [];
		const record = b.contact(
			person,
			phones,
			emails,
			random.pick(MANAGERS),
			now - random.int(1, 120) * DAY,
		);
		contacts.push({ record, phone: phones[0] ?? null });
	}

	// Leads of the lead funnel (seed 004); a fifth share a phone or e-mail with a contact (duplicates to find).
	const leadStatuses = statusesOf(state, 'STATUS');
	for (let i = 0; i < (spec.leads ?? 200); i++) {
		const createdAt = now - random.int(0, 60 * 24) * HOUR;
		const responsible = random.chance(0.1) ? 1 : random.pick(MANAGERS);
		const twin = random.chance(0.2) ? random.pick(contacts).record : null;
		const person = twin
			? { name: twin.NAME as string, last: twin.LAST_NAME as string }
			: b.person();
		const phone = twin
			? ((twin.PHONE as MultifieldValue[])[0]?.VALUE ?? null)
			: random.chance(0.9)
				? formatMobile(b.mobile(), random.int(0, 5))
				: null;
		const email = twin
			? ((twin.EMAIL as MultifieldValue[])[0]?.VALUE ?? null)
			: random.chance(0.5)
				? `${latin(person.name)}${random.int(1, 9999)}@${random.pick(MAIL_DOMAINS)}`
				: null;
		const status = random.chance(0.55)
			? random.pick(leadStatuses.slice(0, 2))
			: random.pick(leadStatuses);
		const source = random.pick(SOURCES)[0];
		const record: EntityRecord = {
			...b.base('LEAD', createdAt, responsible),
			TITLE:
				random.pick([
					'Заявка с сайта',
					'Звонок',
					'Заявка из чата',
					'Письмо на почту',
					'Регистрация на вебинар',
				]) + ` #${i + 1}`,
			NAME: person.name,
			SECOND_NAME: '',
			LAST_NAME: person.last,
			STATUS_ID: status.STATUS_ID,
			STATUS_SEMANTIC_ID: status.SEMANTICS ?? 'P',
			STATUS_DESCRIPTION: null,
			CURRENCY_ID: 'RUB',
			OPPORTUNITY: 0,
			IS_MANUAL_OPPORTUNITY: 'N',
			MOVED_BY_ID: responsible,
			MOVED_TIME: createdAt + random.int(0, 48) * HOUR,
			COMPANY_ID: null,
			CONTACT_ID: null,
			CONTACT_IDS: [],
			IS_RETURN_CUSTOMER: 'N',
			DATE_CLOSED: status.SEMANTICS ? createdAt + DAY : null,
			POST: '',
			ADDRESS: null,
			COMPANY_TITLE: '',
			SOURCE_ID: source,
			UTM_SOURCE: source === 'ADVERTISING' ? random.pick(['yandex', 'vk', 'google']) : null,
			UTM_MEDIUM: source === 'ADVERTISING' ? 'cpc' : null,
			UTM_CAMPAIGN: source === 'ADVERTISING' ? random.pick(['autumn', 'webinar', 'brand']) : null,
			PHONE: phone ? [b.multifield('PHONE', phone)] : [],
			EMAIL: email ? [b.multifield('EMAIL', email)] : [],
			WEB: [],
			IM: [],
			HAS_PHONE: phone ? 'Y' : 'N',
			HAS_EMAIL: email ? 'Y' : 'N',
			HAS_IMOL: 'N',
			UF_CRM_TAGS: b.tagIds('CRM_LEAD', random.chance(0.3) ? [random.pick(TAGS.slice(0, 3))] : []),
		};
		state.entities.LEAD.set(record.ID as number, record);
	}

	// Deals in the three funnels, bound to contacts; the webinar funnel holds minutes watched and loss reasons.
	const categories = [0, 0, 1, WEBINAR_CATEGORY, WEBINAR_CATEGORY, WEBINAR_CATEGORY];
	for (let i = 0; i < (spec.deals ?? 180); i++) {
		const { record: contact, phone } = random.pick(contacts);
		const categoryId = random.pick(categories);
		const stageId = stageOf(categoryId, random, state);
		const createdAt = now - random.int(1, 45) * DAY - random.int(0, 23) * HOUR;
		const isWebinar = categoryId === WEBINAR_CATEGORY;
		const failed = stageId.endsWith(':LOSE') || /UC_REASON/.test(stageId);
		const deal = b.deal({
			title: isWebinar
				? `${(contact.EMAIL as MultifieldValue[])[0]?.VALUE ?? 'без почты'}, ${contact.NAME as string}`
				: `Сделка с ${contact.NAME as string} ${contact.LAST_NAME as string}`,
			categoryId,
			stageId,
			contactId: contact.ID as number,
			responsible: random.pick(MANAGERS),
			createdAt,
			movedAt: createdAt + random.int(0, 20) * DAY,
			opportunity: isWebinar ? 39_900 : random.int(10, 500) * 1000,
			tags: isWebinar
				? ['Вебинар', ...(random.chance(0.3) ? ['Наталья'] : [])]
				: random.chance(0.2)
					? ['B']
					: [],
			// Some lost deals have no reason: the pipeline audit should find them.
			lossReason: isWebinar && failed && random.chance(0.8) ? random.pick(LOSS_REASONS) : null,
			webinarMinutes: isWebinar ? random.int(5, 120) : null,
		});
		b.dealActivities(deal, phone);
	}

	addHandMadeClients(b);
	seedDealHistory(state, now);
	seedProductRows(state);
	return state;
}

/**
 * Clients the tests name: the ownership guard of seed 001 (another manager's open to-do; another responsible
 * outside «Закрыто и не реализовано»), foreign and Kazakh numbers, and two pairs of duplicate contacts — one that
 * merges, one that conflicts (different last names).
 */
function addHandMadeClients(b: SeedBuilder) {
	const now = b.now;
	const webinarStage = (code: string) => `C${WEBINAR_CATEGORY}:${code}`;
	const make = (
		name: string,
		last: string,
		phone: string,
		email: string | null,
		responsible: number,
		stage: string,
		reason: string | null = null,
	) => {
		const contact = b.contact(
			{ name, last },
			[phone],
			email ? [email] : [],
			responsible,
			now - 20 * DAY,
		);
		const deal = b.deal({
			title: `${email ?? phone}, ${name}`,
			categoryId: WEBINAR_CATEGORY,
			stageId: stage,
			contactId: contact.ID as number,
			responsible,
			createdAt: now - 10 * DAY,
			movedAt: now - 3 * DAY,
			opportunity: 39_900,
			tags: ['Вебинар'],
			lossReason: reason,
			webinarMinutes: 75,
		});
		return { contact, deal };
	};
	const owned = make(
		'Мария',
		'Гусева',
		'+7 903 555-01-01',
		'maria.guseva@mail.ru',
		3,
		webinarStage('UC_THINKS'),
	);
	b.activity({
		OWNER_ID: owned.deal.ID as number,
		OWNER_TYPE_ID: 2,
		TYPE_ID: 6,
		SUBJECT: 'Позвонить: думает',
		RESPONSIBLE_ID: 3,
		DEADLINE: now + DAY,
		START_TIME: now + DAY,
		END_TIME: now + DAY,
	});
	make(
		'Павел',
		'Орлов',
		'8 (903) 555-01-02',
		'pavel.orlov@yandex.ru',
		4,
		webinarStage('LOSE'),
		'Дорого',
	);
	const taskOfOther = make(
		'Елена',
		'Белова',
		'79035550103',
		'elena.belova@gmail.com',
		2,
		webinarStage('UC_CALLBACK'),
	);
	b.activity({
		OWNER_ID: taskOfOther.deal.ID as number,
		OWNER_TYPE_ID: 2,
		TYPE_ID: 6,
		SUBJECT: 'Перезвонить после обеда',
		RESPONSIBLE_ID: 5,
		DEADLINE: now + 3 * HOUR,
		START_TIME: now + 3 * HOUR,
		END_TIME: now + 3 * HOUR,
	});
	make(
		'Sophie',
		'Müller',
		'+49 170 5550104',
		'sophie.mueller@web.de',
		2,
		webinarStage('UC_NOANSWER'),
	);
	make('Асель', 'Нурланова', '+7 701 555 01 05', 'asel.n@mail.kz', 2, webinarStage('UC_MORE60'));
	b.contact(
		{ name: 'Иван', last: 'Петров' },
		['+7 916 555-01-06'],
		['ivan.petrov@mail.ru'],
		2,
		now - 30 * DAY,
	);
	b.contact(
		{ name: 'Иван', last: 'Петров' },
		['8 (916) 555-01-06'],
		['i.petrov@yandex.ru'],
		3,
		now - 5 * DAY,
	);
	b.contact({ name: 'Пётр', last: 'Сидоров' }, ['+7 916 555-01-07'], [], 2, now - 30 * DAY);
	b.contact({ name: 'Пётр', last: 'Смирнов' }, ['89165550107'], [], 4, now - 4 * DAY);
}
