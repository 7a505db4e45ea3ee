/**
 * What a portal's custom fields are, read from `crm.lead.fields` / `crm.deal.fields`: which multiple list field
 * holds tags, which list field holds loss reasons, and the ids of their values. Bitrix24 has neither tags nor
 * loss reasons of its own; portals keep them in enumeration user fields.
 */
import type { CommandRunner } from './commands';
import { toText } from './parse';

export interface ListField {
	name: string;
	label: string;
	multiple: boolean;
	/** value → id and back */
	items: Array<{ id: string; value: string }>;
}

export interface EntityFields {
	/** Every field: name → label. */
	labels: Map<string, string>;
	/** Enumeration user fields by name. */
	lists: Map<string, ListField>;
	/** Every user field name. */
	userFields: string[];
	/** User fields with their type and every label they show (title, list, form, filter), for writing by name. */
	userFieldInfo: Map<string, { type: string; labels: string[]; multiple: boolean }>;
}

export type FieldEntity = 'lead' | 'deal' | 'contact' | 'company';

export async function loadFields(
	runner: CommandRunner,
	entity: FieldEntity,
): Promise<EntityFields> {
	return fieldsFrom(await runner.one(fieldsCommand(entity)));
}

export function fieldsCommand(entity: FieldEntity): {
	method: string;
	params: Record<string, never>;
} {
	return { method: `crm.${entity}.fields`, params: {} };
}

/** The answer of `crm.<entity>.fields`, read into labels, list fields and user field names. */
export function fieldsFrom(answer: unknown): EntityFields {
	const result = answer as Record<string, Record<string, unknown>>;
	const labels = new Map<string, string>();
	const lists = new Map<string, ListField>();
	const userFields: string[] = [];
	const userFieldInfo: EntityFields['userFieldInfo'] = new Map();
	for (const [name, info] of Object.entries(result ?? {})) {
		const label = toText(info.formLabel ?? info.listLabel ?? info.title) || name;
		labels.set(name, label);
		if (!name.startsWith('UF_')) continue;
		userFields.push(name);
		userFieldInfo.set(name, {
			type: toText(info.type),
			labels: [info.formLabel, info.listLabel, info.filterLabel, info.title]
				.map(toText)
				.filter(Boolean),
			multiple: Boolean(info.isMultiple),
		});
		if (info.type !== 'enumeration') continue;
		const items = Array.isArray(info.items) ? (info.items as Array<Record<string, unknown>>) : [];
		lists.set(name, {
			name,
			label,
			multiple: Boolean(info.isMultiple),
			items: items.map((i) => ({ id: toText(i.ID), value: toText(i.VALUE) })),
		});
	}
	return { labels, lists, userFields, userFieldInfo };
}

const TAG_LABEL = /^(tags?|теги|тэги|метки)$/i;
const REASON_LABEL = /(причин|reason)/i;

/**
 * The tags field: the one named, else `UF_CRM_TAGS`, else the only multiple list field labelled Tags/Теги.
 * Returns a reason when none fits, for an error message.
 */
export function findTagsField(
	fields: EntityFields,
	wanted?: string,
): { ok: true; field: ListField } | { ok: false; reason: string } {
	const multiples = [...fields.lists.values()].filter((f) => f.multiple);
	if (wanted) {
		const named =
			fields.lists.get(wanted) ??
			multiples.find((f) => f.label.toLowerCase() === wanted.toLowerCase());
		if (named && named.multiple) return { ok: true, field: named };
		return {
			ok: false,
			reason: `"${wanted}" is not a multiple list field; the multiple list fields are: ${multiples.map((f) => `${f.label} (${f.name})`).join(', ') || 'none'}`,
		};
	}
	const byName = fields.lists.get('UF_CRM_TAGS');
	if (byName?.multiple) return { ok: true, field: byName };
	const labelled = multiples.filter((f) => TAG_LABEL.test(f.label.trim()));
	if (labelled.length === 1) return { ok: true, field: labelled[0] };
	return {
		ok: false,
		reason:
			'Bitrix24 has no tags of its own; tags live in a multiple list field. Create one (e.g. "Теги", UF_CRM_TAGS) or choose it under Options → Tags Field' +
			(multiples.length
				? `; the multiple list fields are: ${multiples.map((f) => `${f.label} (${f.name})`).join(', ')}`
				: ''),
	};
}

/** The loss-reason list field: the one named, else a single-value list field labelled with "reason"/"причина". */
export function findLossReasonField(fields: EntityFields, wanted?: string): ListField | undefined {
	if (wanted)
		return (
			fields.lists.get(wanted) ??
			[...fields.lists.values()].find((f) => f.label.toLowerCase() === wanted.toLowerCase())
		);
	const candidates = [...fields.lists.values()].filter(
		(f) => !f.multiple && REASON_LABEL.test(f.label),
	);
	return candidates.length === 1 ? candidates[0] : undefined;
}

/** Tag names → value ids; names compare without case. */
export function tagIds(field: ListField, names: string[]): { ids: string[]; missing: string[] } {
	const ids: string[] = [];
	const missing: string[] = [];
	for (const name of names) {
		const item = field.items.find(
			(i) => i.value.trim().toLowerCase() === name.trim().toLowerCase(),
		);
		if (item) ids.push(item.id);
		else missing.push(name);
	}
	return { ids: [...new Set(ids)], missing: [...new Set(missing)] };
}
