import type { ContactMatch, CrmKind, CrmPipeline } from '../../crm/types';
import type { DedupKey, LeadKeys } from './dedupKeys';
import { duplicateFromCrmMatch, type CrmDuplicate } from './duplicateOf';
import { plainText } from '../text';

/** The phones and emails to look up in the CRM for these leads: every key once (`all` keys are looked up apart). */
export function crmLookupKeys(leads: readonly LeadKeys[]): { phones: string[]; emails: string[] } {
	const phones = new Set<string>();
	const emails = new Set<string>();
	for (const lead of leads) {
		for (const key of lead.keys) {
			if (key.type === 'phone') phones.add(key.value);
			else if (key.type === 'email') emails.add(key.value);
			else if (key.type === 'phone+email') {
				const [phone, email] = splitBoth(key.value);
				phones.add(phone);
				emails.add(email);
			}
		}
	}
	return { phones: [...phones], emails: [...emails] };
}

/** The CRM's answer, by key: which records hold each phone and email. */
export function matchesByKey(matches: readonly ContactMatch[]): Map<string, ContactMatch[]> {
	const byKey = new Map<string, ContactMatch[]>();
	for (const match of matches) byKey.set(match.key, [...(byKey.get(match.key) ?? []), match]);
	return byKey;
}

/**
 * The record of the CRM this lead repeats, or null. Keys are tried in the lead's order (phones first). When several
 * records hold a key, the one a manager is working on wins: an open deal first, then the most recently updated deal,
 * then the oldest record. With **All Keys** one record must hold both the phone and the email. Every contact of the
 * person found by any of the lead's keys is listed (`contactIds`, oldest first): the candidates for a merge.
 */
export function crmDuplicateOf(
	lead: LeadKeys,
	byKey: ReadonlyMap<string, ContactMatch[]>,
	crm: CrmKind,
	pipelines: readonly CrmPipeline[] = [],
	preferPipelineId: string | null = null,
): CrmDuplicate | null {
	let chosen: { key: DedupKey; match: ContactMatch } | null = null;
	const all = new Map<string, ContactMatch>();
	const order = (a: ContactMatch, b: ContactMatch) =>
		inPipeline(a, preferPipelineId) - inPipeline(b, preferPipelineId) || byWorkInProgress(a, b);
	for (const key of lead.keys) {
		const holders = holdersOf(key, byKey);
		for (const match of holders) if (match.entity === 'contact') all.set(match.contact.id, match);
		if (!chosen && holders.length > 0) chosen = { key, match: [...holders].sort(order)[0] };
	}
	if (!chosen) return null;
	const duplicate = duplicateFromCrmMatch(
		crm,
		{
			...chosen.match,
			key: chosen.key.value,
			keyType: chosen.key.type === 'email' ? 'email' : 'phone',
		},
		preferPipelineId,
	);
	const named = withNames(duplicate, pipelines);
	return {
		...named,
		keyType: chosen.key.type,
		contactIds: [...all.values()].sort(byAge).map((m) => m.contact.id),
	};
}

function holdersOf(key: DedupKey, byKey: ReadonlyMap<string, ContactMatch[]>): ContactMatch[] {
	if (key.type === 'phone+email') {
		const [phone, email] = splitBoth(key.value);
		const withEmail = new Set((byKey.get(email) ?? []).map((m) => `${m.entity}:${m.contact.id}`));
		return (byKey.get(phone) ?? []).filter((m) => withEmail.has(`${m.entity}:${m.contact.id}`));
	}
	if (key.type === 'externalId') return [];
	return byKey.get(key.value) ?? [];
}

function splitBoth(value: string): [string, string] {
	const bar = value.indexOf('|');
	return [value.slice(0, bar), value.slice(bar + 1)];
}

function latestUpdate(match: ContactMatch): string {
	return match.deals.reduce((latest, d) => (d.updatedAt > latest ? d.updatedAt : latest), '');
}

function byWorkInProgress(a: ContactMatch, b: ContactMatch): number {
	const open = (m: ContactMatch) => (m.deals.some((d) => d.semantics === 'open') ? 0 : 1);
	return open(a) - open(b) || latestUpdate(b).localeCompare(latestUpdate(a)) || byAge(a, b);
}

/** 0 when the record has a deal in the preferred pipeline (or none is preferred), else 1. */
function inPipeline(match: ContactMatch, pipelineId: string | null): number {
	return !pipelineId || match.deals.some((d) => d.pipelineId === pipelineId) ? 0 : 1;
}

/**
 * The lead's phones and emails that no record of the CRM holds (the CRM's answer, by key): new details of the
 * person, which Lead Dedup can add to the contact it found.
 */
export function keysTheCrmLacks(
	lead: LeadKeys,
	byKey: ReadonlyMap<string, ContactMatch[]>,
): { phones: string[]; emails: string[] } {
	const phones = new Set<string>();
	const emails = new Set<string>();
	for (const key of lead.keys) {
		if (key.type === 'phone') phones.add(key.value);
		else if (key.type === 'email') emails.add(key.value);
		else if (key.type === 'phone+email') {
			const [phone, email] = splitBoth(key.value);
			phones.add(phone);
			emails.add(email);
		}
	}
	return {
		phones: [...phones].filter((p) => !byKey.has(p)),
		emails: [...emails].filter((e) => !byKey.has(e)),
	};
}

function byAge(a: ContactMatch, b: ContactMatch): number {
	return (
		(a.contact.createdAt ?? '').localeCompare(b.contact.createdAt ?? '') ||
		Number(a.contact.id) - Number(b.contact.id)
	);
}

function withNames(duplicate: CrmDuplicate, pipelines: readonly CrmPipeline[]): CrmDuplicate {
	const pipeline = pipelines.find((p) => p.id === duplicate.pipelineId);
	const stage = pipeline?.stages.find((s) => s.id === duplicate.stageId);
	return { ...duplicate, pipelineName: pipeline?.name ?? null, stageName: stage?.name ?? null };
}

/**
 * Which contacts to merge into which (Bitrix24's `crm.entity.mergeBatch`): the oldest contact of the person stays,
 * the others join it. Leads that found the same person give one merge.
 */
export function mergeGroups(
	duplicates: ReadonlyArray<CrmDuplicate | null>,
): Array<{ keepId: string; mergeIds: string[]; leads: number[] }> {
	const groups = new Map<string, { keepId: string; mergeIds: string[]; leads: number[] }>();
	duplicates.forEach((duplicate, index) => {
		if (!duplicate || duplicate.contactIds.length < 2) return;
		const [keepId, ...mergeIds] = duplicate.contactIds;
		const id = duplicate.contactIds.join(',');
		const group = groups.get(id) ?? { keepId, mergeIds, leads: [] };
		group.leads.push(index);
		groups.set(id, group);
	});
	return [...groups.values()];
}

/** What a manager reads on the existing deal when the client writes again. */
export function repeatRequestNote(lead: Record<string, unknown>): string {
	const text = (value: unknown) => plainText(value).trim();
	const utm = (lead.utm && typeof lead.utm === 'object' ? lead.utm : {}) as Record<string, unknown>;
	const utmText = ['source', 'medium', 'campaign', 'content', 'term']
		.filter((k) => text(utm[k]))
		.map((k) => `${k}=${text(utm[k])}`)
		.join(', ');
	const lines = [
		['Имя', text(lead.name)],
		['Телефон', text(lead.phoneRaw) || text(lead.phone)],
		['Email', text(lead.emailRaw) || text(lead.email)],
		['Источник', [text(lead.source), text(lead.channel)].filter(Boolean).join(' / ')],
		['Форма', text(lead.form)],
		['UTM', utmText],
		['Сообщение', text(lead.message)],
		['Получена', text(lead.receivedAt)],
	].filter(([, value]) => value !== '');
	const note = [
		'Повторная заявка от клиента',
		...lines.map(([label, value]) => `${label}: ${value}`),
	].join('\n');
	// Later requests of the same person in the same delivery (Lead Dedup's `repeatsNote`) join this note.
	const repeats = text(lead.repeatsNote);
	return repeats ? `${note}\n\n${repeats}` : note;
}
