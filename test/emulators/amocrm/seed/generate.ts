import type { SeedData } from '../account';
import type { Contact, FieldValues, Lead, Note, Tag, Task } from '../model';
import { Random } from '../random';
import {
	ACCOUNT_ID,
	ADMIN_ID,
	AGENCY_PIPELINE_ID,
	customFields,
	FIELD,
	LEAD_TAGS,
	lossReasons,
	MANAGERS,
	pipelines,
	stageId,
	SUBDOMAIN,
	taskTypes,
	users,
	WEBINAR_PIPELINE_ID,
	WEBINAR_STAGES,
} from './catalog';
import { fixtureClients } from './fixtures';
import { seedProducts, seedStageHistory } from './history';

export interface GenerateOptions {
	/** PRNG seed: the same number gives the same account. */
	prng?: number;
	contacts?: number;
	leads?: number;
	/** Unix seconds the seeded dates are relative to (the emulator's clock at reset). */
	now: number;
}

export const DEMO_CLIENT_ID = 'c0ffee00-0000-4000-8000-00000000a0c1';
export const DEMO_CLIENT_SECRET = 'emulator-client-secret-1f7e2b9c4d';
export const DEMO_REDIRECT_URI = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
export const DEMO_TOKEN_ID = 'llt-demo-admin';

const FIRST_NAMES = [
	'Анна',
	'Мария',
	'Елена',
	'Ольга',
	'Татьяна',
	'Наталья',
	'Ирина',
	'Светлана',
	'Юлия',
	'Екатерина',
	'Алексей',
	'Дмитрий',
	'Сергей',
	'Андрей',
	'Михаил',
	'Иван',
	'Павел',
	'Артем',
	'Виктория',
	'Ксения',
];
const LAST_NAMES = [
	'Иванова',
	'Петрова',
	'Сидорова',
	'Смирнова',
	'Кузнецова',
	'Попова',
	'Васильева',
	'Соколова',
	'Михайлова',
	'Новикова',
	'Федоров',
	'Морозов',
	'Волков',
	'Алексеев',
	'Лебедев',
	'Семенов',
	'Егоров',
	'Павлов',
	'Козлов',
	'Степанов',
];
const TRANSLIT: Record<string, string> = {
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
const DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'];
const LEAD_TITLES = [
	'Заявка с сайта',
	'Вебинар: участник',
	'Звонок',
	'Заявка из чата',
	'Консультация',
	'Запрос КП',
];

function translit(text: string): string {
	return [...text.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
}

/** Phones the way people leave them: mostly Russian mobiles in every spelling, some foreign and Kazakh numbers. */
function phoneOf(random: Random, index: number): string | null {
	const roll = random.next();
	const body = `9${random.int(0, 9)}${random.int(0, 9)}${String(1_000_000 + index * 7919).slice(-7)}`;
	if (roll < 0.1) return null;
	if (roll < 0.45) return `+7${body}`;
	if (roll < 0.6) return `8${body}`;
	if (roll < 0.75)
		return `+7 (${body.slice(0, 3)}) ${body.slice(3, 6)}-${body.slice(6, 8)}-${body.slice(8)}`;
	if (roll < 0.85)
		return `8 ${body.slice(0, 3)} ${body.slice(3, 6)} ${body.slice(6, 8)} ${body.slice(8)}`;
	if (roll < 0.9) return `+7 70${random.int(0, 9)} ${String(1_000_000 + index * 31).slice(-7)}`;
	if (roll < 0.95) return `+49 151 ${String(10_000_000 + index * 13).slice(-8)}`;
	return `+375 29 ${String(1_000_000 + index * 17).slice(-7)}`;
}

function multitext(
	fieldId: number,
	name: string,
	code: string,
	value: string,
	enumId: number,
	enumCode: string,
): FieldValues {
	return {
		field_id: fieldId,
		field_name: name,
		field_code: code,
		field_type: 'multitext',
		values: [{ value, enum_id: enumId, enum_code: enumCode }],
	};
}

export function phoneValue(phone: string): FieldValues {
	return multitext(FIELD.phone, 'Телефон', 'PHONE', phone, 1_300_003, 'MOB');
}

export function emailValue(email: string): FieldValues {
	return multitext(FIELD.email, 'Email', 'EMAIL', email, 1_300_012, 'PRIV');
}

/** Builds the demo account. Deterministic for a given `prng`; dates are relative to `now`. */
export function generateDemoSeed(options: GenerateOptions): SeedData {
	const random = new Random(options.prng ?? 20_210_913);
	const now = options.now;
	const day = 86_400;
	const pipelineList = pipelines();
	const reasons = lossReasons(now - 400 * day);
	let tagId = 81_000;
	const leadTags: Tag[] = LEAD_TAGS.map((name) => ({ id: ++tagId, name, color: null }));
	const contactTags: Tag[] = ['вебинар', 'клиент', 'партнер'].map((name) => ({
		id: ++tagId,
		name,
		color: null,
	}));
	const tagIdOf = (name: string) => leadTags.find((t) => t.name === name)!.id;

	const contacts: Contact[] = [];
	const leads: Lead[] = [];
	const tasks: Task[] = [];
	const notes: Note[] = [];
	let contactId = 41_000_000;
	let leadId = 31_000_000;
	let taskId = 61_000_000;
	let noteId = 71_000_000;

	const fixtures = fixtureClients({ now, pipelines: pipelineList, reasons, tagIdOf });
	for (const fixture of fixtures) {
		contacts.push(fixture.contact);
		leads.push(...fixture.leads);
		tasks.push(...fixture.tasks);
		notes.push(...fixture.notes);
	}
	contactId = Math.max(contactId, ...contacts.map((c) => c.id));
	leadId = Math.max(leadId, ...leads.map((l) => l.id));
	taskId = Math.max(taskId, ...tasks.map((t) => t.id));
	noteId = Math.max(noteId, ...notes.map((n) => n.id));

	const contactCount = options.contacts ?? 300;
	for (let i = 0; i < contactCount; i++) {
		const first = random.pick(FIRST_NAMES);
		const last = random.pick(LAST_NAMES);
		const manager = random.pick(MANAGERS);
		const created = now - random.int(2, 120) * day - random.int(0, day);
		const phone = phoneOf(random, i);
		const values: FieldValues[] = [];
		if (phone) values.push(phoneValue(phone));
		if (!phone || random.chance(0.7))
			values.push(emailValue(`${translit(first)}.${translit(last)}${i}@${random.pick(DOMAINS)}`));
		// Digits of other people's numbers in free text: the loose search finds them, the exact filter must not.
		if (random.chance(0.05)) {
			values.push({
				field_id: FIELD.comment,
				field_name: 'Комментарий',
				field_code: null,
				field_type: 'textarea',
				values: [
					{
						value: `Просила перезвонить с номера 9${String(1_000_000 + (i + 1) * 7919).slice(-9)}`,
					},
				],
			});
		}
		contacts.push({
			id: ++contactId,
			name: `${first} ${last}`,
			first_name: first,
			last_name: last,
			responsible_user_id: manager.id,
			group_id: 0,
			created_by: ADMIN_ID,
			updated_by: ADMIN_ID,
			created_at: created,
			updated_at: created + random.int(0, 5) * day,
			is_deleted: false,
			custom_fields_values: values.length ? values : null,
			tagIds: random.chance(0.3) ? [contactTags[0].id] : [],
			companyIds: [],
		});
	}

	const generated = contacts.slice(fixtures.length);
	const leadCount = options.leads ?? 400;
	for (let i = 0; i < leadCount; i++) {
		const contact = generated.length ? generated[i % generated.length] : undefined;
		const webinar = random.chance(0.6);
		const pipelineId = webinar ? WEBINAR_PIPELINE_ID : AGENCY_PIPELINE_ID;
		const pipeline = pipelineList.find((p) => p.id === pipelineId)!;
		const regular = pipeline.statuses.filter(
			(s) => s.type === 0 && s.id !== 142 && s.id !== 143 && s.name !== 'Получена предоплата',
		);
		const roll = random.next();
		const status = roll < 0.12 ? 142 : roll < 0.3 ? 143 : random.pick(regular).id;
		const manager = random.pick(MANAGERS);
		const created = now - random.int(1, 90) * day - random.int(0, day);
		const updated = Math.min(now - 60, created + random.int(0, 20) * day);
		const tagIds = [tagIdOf(random.pick(['A', 'B', 'C'])), tagIdOf(manager.tag)];
		if (webinar) tagIds.push(tagIdOf('вебинар'));
		if (random.chance(0.05))
			tagIds.push(
				tagIdOf(random.pick(['Дубль', 'Нет денег', 'Мусор', 'КК', 'Партнер', 'От Антона'])),
			);
		const lead: Lead = {
			id: ++leadId,
			name: webinar
				? `Вебинар: ${contact?.name ?? 'участник'}`
				: `${random.pick(LEAD_TITLES)} #${i + 1}`,
			price: webinar ? random.pick([0, 29_900, 49_900]) : random.int(5, 60) * 10_000,
			responsible_user_id: manager.id,
			group_id: 0,
			status_id: status,
			pipeline_id: pipelineId,
			// Some lost leads have no reason: the pipeline audit reports them.
			loss_reason_id: status === 143 && random.chance(0.8) ? random.pick(reasons).id : null,
			source_id: null,
			created_by: ADMIN_ID,
			updated_by: manager.id,
			created_at: created,
			updated_at: updated,
			closed_at: status === 142 || status === 143 ? updated : null,
			is_deleted: false,
			score: null,
			labor_cost: null,
			custom_fields_values: [
				{
					field_id: FIELD.source,
					field_name: 'Источник',
					field_code: null,
					field_type: 'select',
					values: [
						{ value: webinar ? 'Вебинар' : 'Сайт', enum_id: webinar ? 1_300_034 : 1_300_031 },
					],
				},
			],
			tagIds,
			contacts: contact ? [{ id: contact.id, is_main: true }] : [],
			companyIds: [],
		};
		leads.push(lead);
		const open = status !== 142 && status !== 143;
		// A planned next step on most open leads; some overdue; about a fifth have none ("Нет задач").
		if (open && random.chance(0.8)) {
			const overdue = random.chance(0.3);
			tasks.push({
				id: ++taskId,
				created_by: manager.id,
				updated_by: manager.id,
				created_at: updated,
				updated_at: updated,
				responsible_user_id: manager.id,
				group_id: 0,
				entity_id: lead.id,
				entity_type: 'leads',
				is_completed: false,
				task_type_id: random.pick([1, 2_925_001]),
				text: random.pick([
					'Перезвонить',
					'Связаться после вебинара',
					'Отправить КП',
					'Уточнить решение',
				]),
				duration: 0,
				complete_till: overdue ? now - random.int(1, 10) * day : now + random.int(1, 7) * day,
				result: null,
			});
		}
		if (random.chance(0.2)) {
			tasks.push({
				id: ++taskId,
				created_by: manager.id,
				updated_by: manager.id,
				created_at: created,
				updated_at: created + day,
				responsible_user_id: manager.id,
				group_id: 0,
				entity_id: lead.id,
				entity_type: 'leads',
				is_completed: true,
				task_type_id: 1,
				text: 'Первый звонок',
				duration: 0,
				complete_till: created + day,
				result: { text: 'Поговорили' },
			});
		}
		if (webinar) {
			const calls = random.int(0, 4);
			for (let c = 0; c < calls; c++) {
				const status4 = random.pick([4, 6, 6, 7, 1, 5]);
				notes.push({
					id: ++noteId,
					entity_id: lead.id,
					entity_type: 'leads',
					created_by: manager.id,
					updated_by: manager.id,
					created_at: created + (c + 1) * 3600 * 5,
					updated_at: created + (c + 1) * 3600 * 5,
					responsible_user_id: manager.id,
					group_id: 0,
					note_type: 'call_out',
					params: {
						uniq: `seed-call-${lead.id}-${c}`,
						duration: status4 === 4 ? random.int(60, 900) : 0,
						source: 'onlinePBX',
						link: '',
						phone:
							contact?.custom_fields_values?.find((f) => f.field_code === 'PHONE')?.values[0]
								.value ?? '',
						call_status: status4,
						call_result: status4 === 4 ? 'Поговорили' : '',
						call_responsible: manager.id,
					},
				});
			}
		}
	}

	seedProducts(leads);
	return {
		account: {
			id: ACCOUNT_ID,
			name: 'Sales Funnel Demo',
			subdomain: SUBDOMAIN,
			zone: 'amocrm.ru',
			current_user_id: ADMIN_ID,
			currency: 'RUB',
			country: 'RU',
		},
		users: users(),
		pipelines: pipelineList,
		loss_reasons: reasons,
		custom_fields: customFields(pipelineList),
		task_types: taskTypes(),
		tags: { leads: leadTags, contacts: contactTags, companies: [] },
		leads,
		contacts,
		companies: [],
		tasks,
		notes,
		integrations: [
			{
				client_id: DEMO_CLIENT_ID,
				client_secret: DEMO_CLIENT_SECRET,
				redirect_uri: DEMO_REDIRECT_URI,
				name: 'n8n Sales Funnel',
				duplicate_control: false,
			},
		],
		long_lived_tokens: [
			{ id: DEMO_TOKEN_ID, user_id: ADMIN_ID, expires_at: 1_924_992_000, revoked: false },
		],
		events: seedStageHistory(leads, pipelineList),
	};
}

export { stageId, WEBINAR_STAGES };
