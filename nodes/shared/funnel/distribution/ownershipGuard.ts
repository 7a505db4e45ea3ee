import type { ContactMatch, CrmTask, StageSemantics } from '../../crm/types';
import { normalizeName } from '../name';
import { personKey } from './managers';
import { plainText } from '../text';

/**
 * What is known about a client before a manager takes them: from the CRM (contact, deals, tasks) or, without
 * a CRM, from fields of the item.
 */
export interface ClientOwnership {
	/** The client's responsible manager (contact or deal), if any. */
	responsibleUserId?: string | null;
	/** The stage of the client's deal; null when unknown or the client has no deal. */
	stage?: StageSemantics | null;
	/** The client's deals, when known one by one (each with its own responsible). */
	deals?: ReadonlyArray<{
		id?: string;
		responsibleUserId: string | null;
		semantics: StageSemantics;
	}>;
	/** The client's tasks (open ones matter). */
	tasks?: ReadonlyArray<{
		id?: string;
		dealId?: string | null;
		responsibleUserId: string | null;
		completed?: boolean;
	}>;
}

export interface GuardSettings {
	/** The manager about to take the client: their own task or deal does not block them. */
	claimant?: string | null;
	/** Users who never own a client (an administrator, the integration's robot user). */
	notOwners?: readonly string[];
}

export type Ownership =
	| { owned: false }
	| {
			owned: true;
			ownerId: string;
			rule: 'openTask' | 'responsible';
			reason: string;
			dealId?: string;
			taskId?: string;
	  };

/**
 * The webinar funnel's manager instructions, before calling a client: «Если на клиента стоит задача
 * другого менеджера — мы этому клиенту НЕ ЗВОНИМ»; «Если на клиенте стоит ответственным другой менеджер и клиент
 * находится в любой из воронок кроме "Закрыто и не реализовано" — НЕ ЗВОНИМ». A won deal counts as owned: a
 * returning customer goes back to their manager.
 */
export function checkOwnership(client: ClientOwnership, settings: GuardSettings = {}): Ownership {
	const ignored = new Set(
		[...(settings.notOwners ?? []), settings.claimant ?? ''].map(personKey).filter(Boolean),
	);
	const isOtherManager = (userId: string | null | undefined): userId is string => {
		const id = normalizeName(userId);
		return id !== '' && !ignored.has(personKey(id));
	};

	for (const task of client.tasks ?? []) {
		if (!task.completed && isOtherManager(task.responsibleUserId)) {
			const ids = {
				...(task.id ? { taskId: task.id } : {}),
				...(task.dealId ? { dealId: task.dealId } : {}),
			};
			return {
				owned: true,
				ownerId: normalizeName(task.responsibleUserId),
				rule: 'openTask',
				reason: `has an open task of manager ${normalizeName(task.responsibleUserId)}`,
				...ids,
			};
		}
	}

	const deals =
		client.deals ??
		(client.stage
			? [{ responsibleUserId: client.responsibleUserId ?? null, semantics: client.stage }]
			: []);
	for (const deal of deals) {
		const owner = normalizeName(deal.responsibleUserId) || normalizeName(client.responsibleUserId);
		if (deal.semantics !== 'lost' && isOtherManager(owner)) {
			const where = deal.semantics === 'won' ? 'a won deal' : 'an open deal';
			return {
				owned: true,
				ownerId: owner,
				rule: 'responsible',
				reason: `manager ${owner} is responsible and the client has ${where} (not «Закрыто и не реализовано»)`,
				...(deal.id ? { dealId: deal.id } : {}),
			};
		}
	}
	return { owned: false };
}

const LOST_WORDS = [
	'lost',
	'apology',
	'closed lost',
	'закрыто и не реализовано',
	'закрыто и нереализовано',
	'закрыто не реализовано',
	'нереализовано',
	'не реализовано',
	'провал',
	'проиграна',
	'lose',
	'junk',
	'143',
];
const WON_WORDS = [
	'won',
	'closed won',
	'успешно реализовано',
	'успешно',
	'выиграна',
	'сделка успешна',
	'142',
];

/**
 * Reads a stage as a user maps it: open / won / lost, amoCRM's fixed won (142) and lost (143) status ids,
 * Bitrix24's WON / LOSE semantics, or the Russian names of the closing stages. Any other named stage is open.
 */
export function stageSemanticsOf(value: unknown): StageSemantics | null {
	const text = personKey(normalizeName(plainText(value)));
	if (text === '') return null;
	if (text === 'open' || text === 'process' || text === 'in progress') return 'open';
	if (LOST_WORDS.includes(text) || /(^|:)(lose|fail)$/.test(text)) return 'lost';
	if (WON_WORDS.includes(text) || /(^|:)won$/.test(text)) return 'won';
	return 'open';
}

/**
 * What the CRM knows about a client found by phone or email: the deals of every contact found (each deal once) and
 * the open tasks on those deals. A client found twice (phone and email, two contacts) is judged on everything found.
 */
export function clientFromCrm(
	matches: readonly ContactMatch[],
	openTasks: readonly CrmTask[],
): ClientOwnership {
	const deals = new Map<
		string,
		{ id: string; responsibleUserId: string | null; semantics: StageSemantics }
	>();
	for (const match of matches) {
		for (const deal of match.deals)
			deals.set(deal.id, {
				id: deal.id,
				responsibleUserId: deal.responsibleUserId,
				semantics: deal.semantics,
			});
	}
	const tasks = openTasks
		.filter((t) => !t.completed && t.dealId !== null && deals.has(t.dealId))
		.map((t) => ({
			id: t.id,
			dealId: t.dealId,
			responsibleUserId: t.responsibleUserId,
			completed: false,
		}));
	// Open deals first: the owner named is the one working on the client now.
	const ordered = [...deals.values()].sort(
		(a, b) => (a.semantics === 'open' ? 0 : 1) - (b.semantics === 'open' ? 0 : 1),
	);
	return { deals: ordered, tasks };
}
