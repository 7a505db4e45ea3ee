/**
 * New phones and emails on people Bitrix24 already has (contacts, or leads on the lead funnel). A multifield value
 * sent without an ID is added and the stored ones stay, so only the new values are written. The records are read
 * first (one batch) so a value the person already holds, in whatever spelling, is not added twice; a write whose
 * answer was lost is checked the same way before it is sent again.
 */
import type { ContactDetails, ItemResult } from '../types';
import type { Command, CommandRunner, Reconciler } from './commands';
import { chunk, rowsOf } from './paging';
import { multifieldValues, toText } from './parse';
import { bitrixEmailKey, bitrixPhoneKey } from './phoneKey';
import { failure, type Bitrix24Scope } from './scope';

type Added = { contactId: string; phones: string[]; emails: string[] };
type Entity = 'contact' | 'lead';

interface Holdings {
	phones: Set<string>;
	emails: Set<string>;
}

export async function addContactDetails(
	scope: Bitrix24Scope,
	items: ContactDetails[],
): Promise<Array<ItemResult<Added>>> {
	const results: Array<ItemResult<Added>> = items.map((item) => ({
		ok: true,
		value: { contactId: item.contactId, phones: [], emails: [] },
	}));
	const wanted = items
		.map((item, index) => ({ item, index, entity: (item.entity ?? 'contact') as Entity }))
		.filter(({ item }) => (item.phones?.length ?? 0) + (item.emails?.length ?? 0) > 0);
	if (wanted.length === 0) return results;
	const runner = await scope.runner();
	const held = await readHoldings(
		runner,
		wanted.map(({ item, entity }) => ({ entity, id: item.contactId })),
	);

	// One update per person with every value any item brings; each item reports what it added.
	const updates = new Map<
		string,
		{ entity: Entity; id: string; phones: string[]; emails: string[]; indexes: number[] }
	>();
	for (const { item, index, entity } of wanted) {
		const key = `${entity}:${item.contactId}`;
		const holding = held.get(key);
		if (!holding) {
			results[index] = failure({
				message: `${entity === 'lead' ? 'Lead' : 'Contact'} ${item.contactId} was not found`,
				code: 'NOT_FOUND',
				description: 'It may have been deleted or merged since it was found.',
			});
			continue;
		}
		const update = updates.get(key) ?? {
			entity,
			id: item.contactId,
			phones: [],
			emails: [],
			indexes: [],
		};
		updates.set(key, update);
		const added = (results[index] as { ok: true; value: Added }).value;
		for (const phone of item.phones ?? []) {
			const k = bitrixPhoneKey(phone);
			if (!k || holding.phones.has(k)) continue;
			holding.phones.add(k);
			update.phones.push(phone);
			added.phones.push(phone);
		}
		for (const email of item.emails ?? []) {
			const k = bitrixEmailKey(email);
			if (!k || holding.emails.has(k)) continue;
			holding.emails.add(k);
			update.emails.push(email);
			added.emails.push(email);
		}
		update.indexes.push(index);
	}

	const changed = [...updates.values()].filter((u) => u.phones.length + u.emails.length > 0);
	if (changed.length === 0) return results;
	const outcomes = await runner.run(
		changed.map((u) => ({
			method: `crm.${u.entity}.update`,
			params: {
				id: Number(u.id),
				fields: {
					...(u.phones.length
						? { PHONE: u.phones.map((VALUE) => ({ VALUE, VALUE_TYPE: 'WORK' })) }
						: {}),
					...(u.emails.length
						? { EMAIL: u.emails.map((VALUE) => ({ VALUE, VALUE_TYPE: 'WORK' })) }
						: {}),
				},
				params: { REGISTER_SONET_EVENT: 'N' },
			},
			reconcile: valuesAdded,
		})),
	);
	changed.forEach((u, k) => {
		const outcome = outcomes[k];
		if (!outcome.ok) for (const i of u.indexes) results[i] = failure(outcome.error);
	});
	return results;
}

/** Each person's phones and emails, as the keys Bitrix24 compares them by; 50 ids a command, one batch. */
async function readHoldings(
	runner: CommandRunner,
	people: Array<{ entity: Entity; id: string }>,
): Promise<Map<string, Holdings>> {
	const commands: Command[] = [];
	for (const entity of ['contact', 'lead'] as const) {
		const ids = [...new Set(people.filter((p) => p.entity === entity).map((p) => p.id))];
		for (const part of chunk(ids, 50)) {
			commands.push({
				method: `crm.${entity}.list`,
				params: {
					filter: { '@ID': part.map(Number) },
					select: ['ID', 'PHONE', 'EMAIL'],
					order: { ID: 'ASC' },
				},
			});
		}
	}
	const pages = await runner.run(commands);
	const held = new Map<string, Holdings>();
	pages.forEach((page, i) => {
		if (!page.ok) throw page.error;
		const entity = commands[i].method === 'crm.lead.list' ? 'lead' : 'contact';
		for (const row of rowsOf(page.value)) {
			held.set(`${entity}:${toText(row.ID)}`, {
				phones: new Set(multifieldValues(row.PHONE).map(bitrixPhoneKey).filter(Boolean)),
				emails: new Set(multifieldValues(row.EMAIL).map(bitrixEmailKey).filter(Boolean)),
			});
		}
	});
	return held;
}

/** An update whose answer was lost took effect when the person now holds every value it added. */
const valuesAdded: Reconciler = {
	key: 'multifield-add',
	async find(commands, runner) {
		const people = commands.map((c) => ({
			entity: (c.method === 'crm.lead.update' ? 'lead' : 'contact') as Entity,
			id: String(c.params.id),
		}));
		const held = await readHoldings(runner, people);
		const done = new Map<number, unknown>();
		commands.forEach((command, i) => {
			const holding = held.get(`${people[i].entity}:${people[i].id}`);
			const fields = command.params.fields as Record<string, Array<{ VALUE: string }> | undefined>;
			const phones = (fields.PHONE ?? []).map((v) => bitrixPhoneKey(v.VALUE));
			const emails = (fields.EMAIL ?? []).map((v) => bitrixEmailKey(v.VALUE));
			if (
				holding &&
				phones.every((k) => holding.phones.has(k)) &&
				emails.every((k) => holding.emails.has(k))
			)
				done.set(i, true);
		});
		return done;
	},
};
