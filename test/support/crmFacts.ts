/**
 * What funnel-node tests ask of either emulator, in the funnel's words: the seeded clients each emulator's README
 * names, and the CRM's end state (deals with tag names, notes, tasks, contacts) read from its control API.
 */
import type { CrmKind } from '../../nodes/shared/crm/types';
import type { CrmWorld } from './crmWorlds';

export interface SeededClient {
	name: string;
	/** As a form would send it (another spelling than the CRM stores). */
	phone: string;
	email?: string;
	contactId: string;
	dealId: string;
	/** The deal's responsible. */
	responsibleUserId: string;
	stageName: string;
}

export interface SeededAccount {
	/** Another manager's open task on the client's deal (seed 001): owned. */
	ownedByTask: SeededClient & { taskOwnerId: string };
	/** Another manager responsible, deal open, no task: owned. */
	ownedByResponsible: SeededClient;
	/** The deal closed «Закрыто и не реализовано»: free to take. */
	formerClient: SeededClient;
	/** Active sales managers (not the admin). */
	managers: Array<{ id: string; name: string }>;
	/** A deactivated user, if the seed has one. */
	inactiveUserId: string | null;
	adminId: string;
}

export const SEEDED: Record<CrmKind, SeededAccount> = {
	amocrm: {
		ownedByTask: {
			name: 'Марина Ковалева',
			phone: '8 (916) 111-00-01',
			contactId: '40000002',
			dealId: '30000002',
			responsibleUserId: '1000003',
			stageName: 'Думает(поговорили)',
			taskOwnerId: '1000003',
		},
		ownedByResponsible: {
			name: 'Олег Зайцев',
			phone: '+7 903 111-00-02',
			contactId: '40000003',
			dealId: '30000003',
			responsibleUserId: '1000004',
			stageName: 'Перенос звонка',
		},
		formerClient: {
			name: 'Галина Орлова',
			phone: '89051110003',
			contactId: '40000004',
			dealId: '30000004',
			responsibleUserId: '1000005',
			stageName: 'Закрыто и не реализовано',
		},
		managers: [
			{ id: '1000002', name: 'Наталья Смирнова' },
			{ id: '1000003', name: 'Ирина Кузнецова' },
			{ id: '1000004', name: 'Ольга Попова' },
			{ id: '1000005', name: 'Дмитрий Соколов' },
			{ id: '1000006', name: 'Анна Лебедева' },
		],
		inactiveUserId: '1000007',
		adminId: '1000001',
	},
	bitrix24: {
		ownedByTask: {
			name: 'Елена Белова',
			phone: '+7 (903) 555-01-03',
			email: 'elena.belova@gmail.com',
			contactId: '',
			dealId: '',
			responsibleUserId: '2',
			stageName: 'Перенос звонка',
			taskOwnerId: '5',
		},
		ownedByResponsible: {
			name: 'Мария Гусева',
			phone: '8 903 555 01 01',
			email: 'maria.guseva@mail.ru',
			contactId: '',
			dealId: '',
			responsibleUserId: '3',
			stageName: 'Думает(поговорили)',
		},
		formerClient: {
			name: 'Павел Орлов',
			phone: '+79035550102',
			email: 'pavel.orlov@yandex.ru',
			contactId: '',
			dealId: '',
			responsibleUserId: '4',
			stageName: 'Закрыто и не реализовано',
		},
		managers: [
			{ id: '2', name: 'Наталья Смирнова' },
			{ id: '3', name: 'Анна Кузнецова' },
			{ id: '4', name: 'Игорь Попов' },
			{ id: '5', name: 'Ольга Васильева' },
		],
		inactiveUserId: '6',
		adminId: '1',
	},
};

export interface CrmFacts {
	/** Times in ms. */
	deals: Array<{
		id: string;
		name: string;
		responsibleUserId: string;
		tags: string[];
		contactIds: string[];
		semantics: 'open' | 'won' | 'lost';
		createdAt: number;
		closedAt: number | null;
	}>;
	notes: Array<{ dealId: string; text: string }>;
	contacts: Array<{ id: string; name: string; phones: string[]; emails: string[] }>;
}

/** The CRM's state as the funnel sees it. */
export async function crmFacts(world: CrmWorld): Promise<CrmFacts> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const state = await world.control<any>('GET', 'state');
	if (world.crm === 'amocrm') {
		const tagName = new Map<number, string>(
			(state.tags.leads as Array<{ id: number; name: string }>).map((t) => [t.id, t.name]),
		);
		return {
			deals: state.leads.map(
				(l: {
					id: number;
					name: string;
					responsible_user_id: number;
					tagIds: number[];
					contacts: Array<{ id: number }>;
					status_id: number;
					created_at: number;
					closed_at: number | null;
					updated_at: number;
				}) => ({
					id: String(l.id),
					name: l.name,
					responsibleUserId: String(l.responsible_user_id),
					tags: l.tagIds.map((id) => tagName.get(id) ?? String(id)),
					contactIds: l.contacts.map((c) => String(c.id)),
					semantics: l.status_id === 142 ? 'won' : l.status_id === 143 ? 'lost' : 'open',
					createdAt: l.created_at * 1000,
					closedAt:
						l.status_id === 142 || l.status_id === 143
							? (l.closed_at ?? l.updated_at) * 1000
							: null,
				}),
			),
			notes: state.notes
				.filter((n: { entity_type: string }) => n.entity_type === 'leads')
				.map((n: { entity_id: number; params: { text?: string } }) => ({
					dealId: String(n.entity_id),
					text: String(n.params.text ?? ''),
				})),
			contacts: state.contacts.map(
				(c: {
					id: number;
					name: string;
					custom_fields_values: Array<{
						field_code: string;
						values: Array<{ value: string }>;
					}> | null;
				}) => ({
					id: String(c.id),
					name: c.name,
					phones: (c.custom_fields_values ?? [])
						.filter((f) => f.field_code === 'PHONE')
						.flatMap((f) => f.values.map((v) => v.value)),
					emails: (c.custom_fields_values ?? [])
						.filter((f) => f.field_code === 'EMAIL')
						.flatMap((f) => f.values.map((v) => v.value)),
				}),
			),
		};
	}
	const tagsField = (
		state.userFields as Array<{
			ENTITY_ID: string;
			FIELD_NAME: string;
			LIST: Array<{ ID: number; VALUE: string }>;
		}>
	).find((f) => f.ENTITY_ID === 'CRM_DEAL' && f.FIELD_NAME === 'UF_CRM_TAGS');
	const tagName = new Map((tagsField?.LIST ?? []).map((i) => [i.ID, i.VALUE]));
	const name = (r: { NAME?: string; LAST_NAME?: string }) =>
		[r.NAME, r.LAST_NAME].filter(Boolean).join(' ');
	return {
		deals: state.deals.map(
			(d: {
				ID: number;
				TITLE: string;
				ASSIGNED_BY_ID: number;
				UF_CRM_TAGS?: number[];
				CONTACT_IDS?: number[];
				STAGE_SEMANTIC_ID: string;
				DATE_CREATE: number;
				MOVED_TIME: number;
			}) => ({
				id: String(d.ID),
				name: d.TITLE,
				responsibleUserId: String(d.ASSIGNED_BY_ID),
				tags: (d.UF_CRM_TAGS ?? []).map((id) => tagName.get(Number(id)) ?? String(id)),
				contactIds: (d.CONTACT_IDS ?? []).map(String),
				semantics:
					d.STAGE_SEMANTIC_ID === 'S' ? 'won' : d.STAGE_SEMANTIC_ID === 'F' ? 'lost' : 'open',
				createdAt: d.DATE_CREATE,
				closedAt: d.STAGE_SEMANTIC_ID === 'P' ? null : d.MOVED_TIME,
			}),
		),
		notes: state.comments
			.filter((c: { ENTITY_TYPE: string }) => c.ENTITY_TYPE === 'deal')
			.map((c: { ENTITY_ID: number; COMMENT: string }) => ({
				dealId: String(c.ENTITY_ID),
				text: c.COMMENT,
			})),
		contacts: state.contacts.map(
			(c: {
				ID: number;
				NAME?: string;
				LAST_NAME?: string;
				PHONE?: Array<{ VALUE: string }>;
				EMAIL?: Array<{ VALUE: string }>;
			}) => ({
				id: String(c.ID),
				name: name(c),
				phones: (c.PHONE ?? []).map((p) => p.VALUE),
				emails: (c.EMAIL ?? []).map((e) => e.VALUE),
			}),
		),
	};
}

/** The seeded clients with their ids filled in from the CRM's state (Bitrix24 numbers its records at seeding). */
export async function seededAccount(world: CrmWorld): Promise<SeededAccount> {
	const seeded = structuredClone(SEEDED[world.crm]);
	if (world.crm === 'amocrm') return seeded;
	const facts = await crmFacts(world);
	for (const client of [seeded.ownedByTask, seeded.ownedByResponsible, seeded.formerClient]) {
		const contact = facts.contacts.find((c) => c.name === client.name)!;
		client.contactId = contact.id;
		client.dealId = facts.deals.find((d) => d.contactIds.includes(contact.id))!.id;
	}
	return seeded;
}

/** Creates deals as a later workflow step would (the responsible a distribution chose), through the CRM's API. */
export async function createDeals(
	world: CrmWorld,
	deals: Array<{ name: string; responsibleUserId: string }>,
): Promise<void> {
	if (world.crm === 'amocrm') {
		for (let i = 0; i < deals.length; i += 250) {
			const body = deals
				.slice(i, i + 250)
				.map((d) => ({ name: d.name, responsible_user_id: Number(d.responsibleUserId) }));
			await sendPaced(
				world,
				`${world.url}/api/v4/leads`,
				{ Authorization: `Bearer ${world.api.token}` },
				body,
			);
		}
		return;
	}
	for (let i = 0; i < deals.length; i += 50) {
		const cmd = Object.fromEntries(
			deals
				.slice(i, i + 50)
				.map((d, k) => [
					`d${k}`,
					`crm.deal.add?fields[TITLE]=${encodeURIComponent(d.name)}&fields[ASSIGNED_BY_ID]=${d.responsibleUserId}`,
				]),
		);
		await sendPaced(world, `${world.api.webhook}batch`, {}, { halt: 0, cmd });
	}
}

/**
 * The test shares the CRM's rate limit with the node under test: after a refusal (429 / 503) the emulator's clock is
 * stepped past the window (no real time waited) and the request resent.
 */
async function sendPaced(
	world: CrmWorld,
	url: string,
	headers: Record<string, string>,
	body: unknown,
): Promise<void> {
	for (let attempt = 1; ; attempt++) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (res.ok) return;
		const text = await res.text();
		if ((res.status !== 429 && res.status !== 503) || attempt >= 10)
			throw new Error(`creating deals: ${res.status} ${text}`);
		await world.control('POST', 'clock', { advanceMs: 1_100 });
	}
}
