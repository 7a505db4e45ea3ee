/**
 * Duplicate search by phone or e-mail with `crm.duplicate.findbycomm`: 20 values a command, 50 commands a
 * request — 1,000 numbers in one request. The answer of a command is the union for its 20 values, so when it
 * found anything the records are read (one more request) and each is matched to the value it shares, by the same
 * normalisation the portal uses. Companies are not followed up: the funnel works with leads and contacts.
 */
import type { CommandRunner } from './commands';
import { bitrixEmailKey, bitrixPhoneKey } from './phoneKey';
import { rowsOf } from './paging';
import { multifieldValues, toText } from './parse';

export type DuplicateEntity = 'LEAD' | 'CONTACT' | 'COMPANY';

export interface DuplicateRecord {
	entity: DuplicateEntity;
	id: string;
	/** The record as `crm.lead.list` / `crm.contact.list` answered it (ID, names, PHONE, EMAIL, ASSIGNED_BY_ID, …). */
	row: Record<string, unknown>;
}

export const FINDBYCOMM_VALUES = 20;

const SELECT: Record<DuplicateEntity, string[]> = {
	CONTACT: [
		'ID',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHONE',
		'EMAIL',
		'ASSIGNED_BY_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
	],
	COMPANY: ['ID', 'TITLE', 'PHONE', 'EMAIL', 'ASSIGNED_BY_ID', 'DATE_CREATE', 'DATE_MODIFY'],
	LEAD: [
		'ID',
		'TITLE',
		'NAME',
		'SECOND_NAME',
		'LAST_NAME',
		'PHONE',
		'EMAIL',
		'ASSIGNED_BY_ID',
		'STATUS_ID',
		'STATUS_SEMANTIC_ID',
		'DATE_CREATE',
		'DATE_MODIFY',
		'CONTACT_ID',
	],
};

/**
 * For each value (same order), the leads and contacts Bitrix24 counts as the same phone or e-mail.
 * `entityType` narrows the search to one kind (findbycomm's `entity_type`).
 */
export async function findByCommunication(
	runner: CommandRunner,
	type: 'PHONE' | 'EMAIL',
	values: string[],
	entityType?: DuplicateEntity,
): Promise<DuplicateRecord[][]> {
	const keyOf = type === 'PHONE' ? bitrixPhoneKey : bitrixEmailKey;
	const keys = values.map((v) => keyOf(String(v ?? '')));
	const distinct = [...new Set(keys.filter(Boolean))];
	const groups: string[][] = [];
	for (let i = 0; i < distinct.length; i += FINDBYCOMM_VALUES)
		groups.push(distinct.slice(i, i + FINDBYCOMM_VALUES));
	const answers = await runner.run(
		groups.map((group) => ({
			method: 'crm.duplicate.findbycomm',
			params: { type, values: group, ...(entityType ? { entity_type: entityType } : {}) },
		})),
	);
	const wanted: Record<DuplicateEntity, Set<string>> = {
		LEAD: new Set(),
		CONTACT: new Set(),
		COMPANY: new Set(),
	};
	// Companies only when asked for: without entity_type Bitrix24 answers them too, and callers want people.
	const kinds: DuplicateEntity[] = entityType ? [entityType] : ['LEAD', 'CONTACT'];
	for (const answer of answers) {
		if (!answer.ok) throw answer.error;
		const found = (
			answer.value && typeof answer.value === 'object' && !Array.isArray(answer.value)
				? answer.value
				: {}
		) as Record<string, unknown[]>;
		for (const entity of kinds)
			for (const id of found[entity] ?? []) wanted[entity].add(String(id));
	}
	const byKey = new Map<string, DuplicateRecord[]>();
	const fetches = (['CONTACT', 'LEAD', 'COMPANY'] as const).flatMap((entity) => {
		const ids = [...wanted[entity]];
		const parts: Array<{ entity: DuplicateEntity; ids: string[] }> = [];
		for (let i = 0; i < ids.length; i += 50) parts.push({ entity, ids: ids.slice(i, i + 50) });
		return parts;
	});
	if (fetches.length) {
		const rows = await runner.run(
			fetches.map((f) => ({
				method: `crm.${f.entity.toLowerCase()}.list`,
				params: { filter: { '@ID': f.ids }, select: SELECT[f.entity], start: -1 },
			})),
		);
		rows.forEach((answer, i) => {
			if (!answer.ok) throw answer.error;
			for (const row of rowsOf(answer.value)) {
				const record: DuplicateRecord = { entity: fetches[i].entity, id: toText(row.ID), row };
				for (const key of new Set(multifieldValues(row[type]).map(keyOf)))
					byKey.set(key, [...(byKey.get(key) ?? []), record]);
			}
		});
	}
	return keys.map((key) => (key ? (byKey.get(key) ?? []) : []));
}
