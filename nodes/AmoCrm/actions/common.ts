import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { AmoCrmFunnel } from '../../shared/crm/amocrm';
import type { Operation as CrmOperation } from '../../shared/n8n/crmNode/operation';
import { recordLocator } from '../../shared/n8n/recordPicker';
import { accountLocator, pipelinePicker, stagePicker } from '../../shared/n8n/stagePicker';

export type { ItemOutcome } from '../../shared/n8n/crmNode/operation';

/** What one operation gets: every input item at once, so it can batch them into few requests. */
export interface OperationRun {
	items: INodeExecutionData[];
	crm: AmoCrmFunnel;
}

export type Operation = CrmOperation<OperationRun>;

/** A reference the user made in a resource locator: picked from the list, typed by name, or by id. */
export interface Ref {
	mode: 'list' | 'name' | 'id' | string;
	value: string;
}

export function refOf(ctx: IExecuteFunctions, name: string, itemIndex: number): Ref | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as
		string | number | { mode?: string; value?: unknown };
	if (raw === '' || raw === null || raw === undefined) return undefined;
	if (typeof raw !== 'object') return { mode: 'name', value: String(raw).trim() };
	const value = String(raw.value ?? '').trim();
	return value ? { mode: raw.mode ?? 'list', value } : undefined;
}

/** Record ids are numbers; a pasted card URL (…/leads/detail/123) gives its id too. */
export function idOf(
	ctx: IExecuteFunctions,
	value: unknown,
	what: string,
	itemIndex: number,
): number {
	const text = String(value ?? '').trim();
	const fromUrl = /\/(?:detail|leads|contacts|companies|tasks)\/(\d+)\/?(?:[?#].*)?$/.exec(text);
	const id = Number(fromUrl ? fromUrl[1] : text);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(ctx.getNode(), `"${text}" is not a ${what} ID`, {
			itemIndex,
			description: `Give the number from the ${what}'s address in amoCRM, e.g. 12345678 for https://mycompany.amocrm.ru/leads/detail/12345678, or map it from an earlier node.`,
		});
	}
	return id;
}

/** Tags from a comma-separated text or a list (an expression may hand over an array). */
export function tagsOf(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(/[,;\n]/);
	return [...new Set(list.map((t) => String(t).trim()).filter(Boolean))];
}

const CARD = {
	lead: { path: 'leads', example: '12345678', word: "lead's", search: 'searchLeads' },
	contact: { path: 'contacts', example: '41000123', word: "contact's", search: 'searchContacts' },
	company: { path: 'companies', example: '51000123', word: "company's", search: 'searchCompanies' },
} as const;

/** A lead, contact or company: from a list searched by name, phone or e-mail, by its card's address, or by ID. */
export function recordField(kind: keyof typeof CARD): INodeProperties {
	const card = CARD[kind];
	const title = `${kind[0].toUpperCase()}${kind.slice(1)}`;
	return recordLocator({
		name: `${kind}Id`,
		displayName: title,
		description: `The ${kind} — picked from the list (search by name, phone or email), its card's address in amoCRM or Kommo, or its number (the end of the address …/${card.path}/detail/${card.example}), usually mapped from an earlier node`,
		searchListMethod: card.search,
		urlRegex: `https?://[^/]+/${card.path}/detail/([0-9]+)`,
		urlPlaceholder: `e.g. https://mycompany.amocrm.ru/${card.path}/detail/${card.example}`,
		urlError: `Not a ${card.word} card address (…/${card.path}/detail/<number>)`,
		idPlaceholder: `e.g. ${card.example}`,
		required: true,
	});
}

/** The ID a record picker holds; a workflow saved before the picker holds a plain ID, read the same way. */
export function recordIdOf(
	ctx: IExecuteFunctions,
	name: string,
	what: string,
	itemIndex: number,
): number {
	return idOf(
		ctx,
		ctx.getNodeParameter(name, itemIndex, undefined, { extractValue: true }),
		what,
		itemIndex,
	);
}

export const leadIdField: INodeProperties = recordField('lead');

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

const ID_PATTERN = { regex: '^[0-9:]+$', errorMessage: 'An ID is a number' };

function locator(
	displayName: string,
	name: string,
	searchListMethod: string,
	description: string,
	namePlaceholder: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		...accountLocator(searchListMethod, {
			name,
			displayName,
			description,
			namePlaceholder,
			idPlaceholder: 'e.g. 7100002',
			idPattern: ID_PATTERN,
		}),
		...extra,
	};
}

export function pipelineLocator(
	extra: Partial<INodeProperties> = {},
	description?: string,
): INodeProperties {
	return {
		...pipelinePicker({
			name: 'pipeline',
			displayName: 'Pipeline',
			description:
				description ??
				'The pipeline (воронка). By name keeps a workflow portable between accounts, e.g. "Вебинар".',
			namePlaceholder: 'e.g. Вебинар',
			idPlaceholder: 'e.g. 7100002',
			idPattern: ID_PATTERN,
		}),
		...extra,
	};
}

export function stageLocator(
	extra: Partial<INodeProperties> = {},
	description?: string,
): INodeProperties {
	return {
		...stagePicker({
			name: 'stage',
			displayName: 'Stage',
			description:
				description ??
				'The stage (этап) within the pipeline, by name such as "Думает(поговорили)" or picked from the list. "Успешно реализовано" (142) and "Закрыто и не реализовано" (143) exist in every pipeline.',
			namePlaceholder: 'e.g. Думает(поговорили)',
			idPlaceholder: 'e.g. 7100002',
			idPattern: ID_PATTERN,
		}),
		...extra,
	};
}

export function userLocator(
	name: string,
	displayName: string,
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return locator(
		displayName,
		name,
		'searchUsers',
		description,
		'e.g. Наталья Смирнова or natalia@company.ru',
		extra,
	);
}

export function lossReasonLocator(extra: Partial<INodeProperties> = {}): INodeProperties {
	return locator(
		'Loss Reason',
		'lossReason',
		'searchLossReasons',
		'Why the deal was lost, from the account\'s list (e.g. "Дорого", "Не дозвонились более 3-х раз"). Leave empty for none.',
		'e.g. Дорого',
		extra,
	);
}
