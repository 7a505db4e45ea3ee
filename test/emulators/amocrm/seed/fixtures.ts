import type { Contact, FieldValues, Lead, LossReason, Note, Pipeline, Task } from '../model';
import {
	ADMIN_ID,
	AGENCY_PIPELINE_ID,
	FIELD,
	MANAGERS,
	stageId,
	WEBINAR_PIPELINE_ID,
} from './catalog';

/**
 * Named clients with known ids for tests of the funnel nodes (ownership guard, dedup, foreign numbers, the
 * weekly cleanup). Listed in README.md; ids sit below the generated ranges so they never move.
 */
export interface FixtureClient {
	key: string;
	contact: Contact;
	leads: Lead[];
	tasks: Task[];
	notes: Note[];
}

interface Context {
	now: number;
	pipelines: Pipeline[];
	reasons: LossReason[];
	tagIdOf: (name: string) => number;
}

const [NATALIA, IRINA, OLGA, DMITRY, ANNA] = MANAGERS;
const DAY = 86_400;

function values(phone?: string, email?: string, extra: FieldValues[] = []): FieldValues[] | null {
	const list: FieldValues[] = [];
	if (phone)
		list.push({
			field_id: FIELD.phone,
			field_name: 'Телефон',
			field_code: 'PHONE',
			field_type: 'multitext',
			values: [{ value: phone, enum_id: 1_300_003, enum_code: 'MOB' }],
		});
	if (email)
		list.push({
			field_id: FIELD.email,
			field_name: 'Email',
			field_code: 'EMAIL',
			field_type: 'multitext',
			values: [{ value: email, enum_id: 1_300_012, enum_code: 'PRIV' }],
		});
	list.push(...extra);
	return list.length ? list : null;
}

export function fixtureClients(ctx: Context): FixtureClient[] {
	const { now, pipelines, reasons, tagIdOf } = ctx;
	const webinar = (name: string) => stageId(pipelines, WEBINAR_PIPELINE_ID, name);
	let contactId = 40_000_000;
	let leadId = 30_000_000;
	let taskId = 60_000_000;

	const client = (
		key: string,
		person: {
			name: string;
			responsible: number;
			phone?: string;
			email?: string;
			extra?: FieldValues[];
			createdDaysAgo?: number;
		},
		leadSpecs: Array<{
			name: string;
			pipeline: number;
			status: number;
			responsible: number;
			tags: string[];
			lossReason?: string;
			updatedDaysAgo?: number;
		}>,
		taskSpecs: Array<{
			responsible: number;
			dueInDays: number;
			text: string;
			completed?: boolean;
		}> = [],
	): FixtureClient => {
		const created = now - (person.createdDaysAgo ?? 30) * DAY;
		const [first, ...rest] = person.name.split(' ');
		const contact: Contact = {
			id: ++contactId,
			name: person.name,
			first_name: first,
			last_name: rest.join(' '),
			responsible_user_id: person.responsible,
			group_id: 0,
			created_by: ADMIN_ID,
			updated_by: ADMIN_ID,
			created_at: created,
			updated_at: created,
			is_deleted: false,
			custom_fields_values: values(person.phone, person.email, person.extra),
			tagIds: [],
			companyIds: [],
		};
		const leads = leadSpecs.map((spec): Lead => {
			const updated = now - (spec.updatedDaysAgo ?? 2) * DAY;
			return {
				id: ++leadId,
				name: spec.name,
				price: 29_900,
				responsible_user_id: spec.responsible,
				group_id: 0,
				status_id: spec.status,
				pipeline_id: spec.pipeline,
				loss_reason_id: spec.lossReason
					? reasons.find((r) => r.name === spec.lossReason)!.id
					: null,
				source_id: null,
				created_by: ADMIN_ID,
				updated_by: spec.responsible,
				created_at: created,
				updated_at: updated,
				closed_at: spec.status === 142 || spec.status === 143 ? updated : null,
				is_deleted: false,
				score: null,
				labor_cost: null,
				custom_fields_values: null,
				tagIds: spec.tags.map(tagIdOf),
				contacts: [{ id: contact.id, is_main: true }],
				companyIds: [],
			};
		});
		const tasks = taskSpecs.map((spec): Task => ({
			id: ++taskId,
			created_by: spec.responsible,
			updated_by: spec.responsible,
			created_at: now - 3 * DAY,
			updated_at: now - 3 * DAY,
			responsible_user_id: spec.responsible,
			group_id: 0,
			entity_id: leads[0].id,
			entity_type: 'leads',
			is_completed: spec.completed ?? false,
			task_type_id: 1,
			text: spec.text,
			duration: 0,
			complete_till: now + spec.dueInDays * DAY,
			result: null,
		}));
		return { key, contact, leads, tasks, notes: [] };
	};

	return [
		// The card of seed 001: "ang5350@yandex.ru, Анжелика", 13.09.2021, 30 мин, tag "Наталья", no tasks.
		client(
			'angelika',
			{
				name: 'Анжелика',
				responsible: NATALIA.id,
				email: 'ang5350@yandex.ru',
				extra: [
					{
						field_id: FIELD.lastWebinar,
						field_name: 'Дата последнего вебинара',
						field_code: null,
						field_type: 'date',
						values: [{ value: 1_631_491_200 }],
					},
					{
						field_id: FIELD.webinarMinutes,
						field_name: 'Время на вебинаре, мин',
						field_code: null,
						field_type: 'numeric',
						values: [{ value: '30' }],
					},
				],
			},
			[
				{
					name: 'Вебинар: Анжелика',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Был на вебинаре менее часа'),
					responsible: NATALIA.id,
					tags: ['Наталья', 'вебинар'],
				},
			],
		),
		// Owned: another manager's open task is on the client.
		client(
			'owned-by-task',
			{
				name: 'Марина Ковалева',
				responsible: IRINA.id,
				phone: '+79161110001',
				email: 'marina.kovaleva@mail.ru',
			},
			[
				{
					name: 'Вебинар: Марина Ковалева',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Думает(поговорили)'),
					responsible: IRINA.id,
					tags: ['Ирина', 'вебинар'],
				},
			],
			[{ responsible: IRINA.id, dueInDays: 1, text: 'Перезвонить: думает до завтра' }],
		),
		// Owned: another manager is responsible and the lead is open (not "closed – not realised").
		client(
			'owned-by-responsible',
			{
				name: 'Олег Зайцев',
				responsible: OLGA.id,
				phone: '8 903 111 00 02',
				email: 'oleg.zaitsev@yandex.ru',
			},
			[
				{
					name: 'Вебинар: Олег Зайцев',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Перенос звонка'),
					responsible: OLGA.id,
					tags: ['Ольга', 'вебинар'],
				},
			],
		),
		// Free to take: the responsible manager's lead is closed as lost.
		client(
			'former-client',
			{
				name: 'Галина Орлова',
				responsible: DMITRY.id,
				phone: '+7 (905) 111-00-03',
				email: 'galina.orlova@bk.ru',
			},
			[
				{
					name: 'Вебинар: Галина Орлова',
					pipeline: WEBINAR_PIPELINE_ID,
					status: 143,
					responsible: DMITRY.id,
					tags: ['Дмитрий'],
					lossReason: 'Пропала потребность',
					updatedDaysAgo: 20,
				},
			],
		),
		// +7 7xx is Kazakhstan: contact by email or messenger.
		client(
			'kazakhstan',
			{
				name: 'Айгерим Сапарова',
				responsible: ADMIN_ID,
				phone: '+7 701 111 0004',
				email: 'aigerim.saparova@mail.kz',
			},
			[
				{
					name: 'Вебинар: Айгерим Сапарова',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Был на вебинаре более часа'),
					responsible: ADMIN_ID,
					tags: ['вебинар'],
				},
			],
		),
		client(
			'europe',
			{
				name: 'Hans Müller',
				responsible: ADMIN_ID,
				phone: '+49 151 11100005',
				email: 'hans.mueller@web.de',
			},
			[
				{
					name: 'Вебинар: Hans Müller',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Проявил активность на вебинаре'),
					responsible: ADMIN_ID,
					tags: ['вебинар'],
				},
			],
		),
		// "Дубль": one person, two numbers, two contacts sharing an email.
		client(
			'duplicate-a',
			{
				name: 'Светлана Крылова',
				responsible: ANNA.id,
				phone: '+79161110007',
				email: 'svetlana.krylova@yandex.ru',
			},
			[
				{
					name: 'Заявка с сайта: Светлана Крылова',
					pipeline: AGENCY_PIPELINE_ID,
					status: stageId(pipelines, AGENCY_PIPELINE_ID, 'Пришел новый лид'),
					responsible: ANNA.id,
					tags: ['Анна', 'B'],
				},
			],
		),
		client(
			'duplicate-b',
			{
				name: 'Светлана Крылова',
				responsible: NATALIA.id,
				phone: '+79161110008',
				email: 'Svetlana.Krylova@yandex.ru',
			},
			[
				{
					name: 'Звонок: Светлана Крылова',
					pipeline: AGENCY_PIPELINE_ID,
					status: stageId(pipelines, AGENCY_PIPELINE_ID, 'Недоступен/перезвонить'),
					responsible: NATALIA.id,
					tags: ['Наталья'],
				},
			],
		),
		// Stored with a leading 8: `query=+79161110009` does not find it, the last ten digits do.
		client(
			'eight-prefix',
			{
				name: 'Виктор Лебедев',
				responsible: DMITRY.id,
				phone: '89161110009',
				email: 'viktor.lebedev@gmail.com',
			},
			[
				{
					name: 'Запрос КП: Виктор Лебедев',
					pipeline: AGENCY_PIPELINE_ID,
					status: stageId(pipelines, AGENCY_PIPELINE_ID, 'Отправлено КП'),
					responsible: DMITRY.id,
					tags: ['Дмитрий', 'A'],
				},
			],
			[{ responsible: DMITRY.id, dueInDays: 2, text: 'Уточнить решение по КП' }],
		),
		// The weekly cleanup of seed 001: in "Отправлен на повтор вебинара" for 10 days.
		client(
			'repeat-webinar',
			{
				name: 'Елена Волкова',
				responsible: IRINA.id,
				phone: '+79161110010',
				email: 'elena.volkova@inbox.ru',
			},
			[
				{
					name: 'Вебинар: Елена Волкова',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Отправлен на повтор вебинара'),
					responsible: IRINA.id,
					tags: ['Ирина', 'вебинар'],
					updatedDaysAgo: 10,
				},
			],
		),
		// An overdue task of another manager than the responsible one.
		client(
			'foreign-overdue-task',
			{
				name: 'Николай Белов',
				responsible: NATALIA.id,
				phone: '+79161110011',
				email: 'nikolay.belov@mail.ru',
			},
			[
				{
					name: 'Вебинар: Николай Белов',
					pipeline: WEBINAR_PIPELINE_ID,
					status: webinar('Недозвонились до клиента'),
					responsible: NATALIA.id,
					tags: ['Наталья', 'вебинар'],
				},
			],
			[{ responsible: ANNA.id, dueInDays: -2, text: 'Позвонить ещё раз' }],
		),
	];
}
