import type { LeadDraft } from './lead';

type DraftField = Exclude<keyof LeadDraft, 'utmFields' | 'raw' | 'tags'>;

/**
 * Field names people and form builders use, compared after `keyOf` (lower case, letters and digits only).
 * Order matters: the first name listed that is present wins.
 */
const FIELD_NAMES: Record<DraftField, string[]> = {
	name: [
		'name',
		'fullname',
		'fio',
		'фио',
		'имя',
		'вашеимя',
		'yourname',
		'contactname',
		'clientname',
		'customername',
		'username',
		'имяфамилия',
		'клиент',
		'контакт',
	],
	firstName: ['firstname', 'givenname', 'fname'],
	middleName: ['middlename', 'secondname', 'patrname', 'patronymic', 'отчество'],
	lastName: ['lastname', 'surname', 'familyname', 'lname', 'фамилия'],
	phone: [
		'phone',
		'телефон',
		'phonenumber',
		'tel',
		'telephone',
		'mobile',
		'mobilephone',
		'мобильный',
		'мобильныйтелефон',
		'номертелефона',
		'ваштелефон',
		'contactphone',
		'userphone',
		'clientphone',
		'phone1',
		'номер',
		'waid',
		'whatsapp',
	],
	email: [
		'email',
		'почта',
		'электроннаяпочта',
		'emailaddress',
		'mail',
		'useremail',
		'вашemail',
		'вашапочта',
		'contactemail',
		'clientemail',
	],
	message: [
		'message',
		'comments',
		'comment',
		'сообщение',
		'комментарий',
		'вопрос',
		'question',
		'text',
		'textarea',
		'описание',
		'description',
		'note',
	],
	source: ['source', 'источник', 'leadsource', 'источниклида'],
	channel: ['channel', 'канал'],
	form: ['formname', 'formid', 'form', 'форма', 'названиеформы', 'formtitle'],
	externalId: [
		'tranid',
		'externalid',
		'submissionid',
		'leadid',
		'requestid',
		'orderid',
		'messageid',
	],
	receivedAt: [
		'receivedat',
		'createdat',
		'submittedat',
		'datetime',
		'date',
		'timestamp',
		'created',
		'дата',
		'датазаявки',
	],
	pageUrl: [
		'referer',
		'referrer',
		'pageurl',
		'formurl',
		'sourceurl',
		'landingpage',
		'landing',
		'url',
		'page',
	],
	cookies: ['cookies', 'cookie'],
};

const UTM_KEY = /^utm(source|medium|campaign|content|term|custom)$/;
const CLICK_KEYS = new Set(['yclid', 'gclid', 'fbclid', 'roistatvisit']);

/** Compares field names the way people mean them: `E-mail`, `e_mail` and `EMAIL` are one name. */
export function keyOf(name: string): string {
	return name
		.toLowerCase()
		.replace(/ё/g, 'е')
		.replace(/[^\p{L}\p{N}]/gu, '');
}

const LOOKUP: Map<string, { field: DraftField; rank: number }> = (() => {
	const map = new Map<string, { field: DraftField; rank: number }>();
	for (const [field, names] of Object.entries(FIELD_NAMES) as Array<[DraftField, string[]]>) {
		names.forEach((n, rank) => {
			const key = keyOf(n);
			if (!map.has(key)) map.set(key, { field, rank });
		});
	}
	return map;
})();

/** Objects a lead is often wrapped in (n8n Webhook output, form builders' envelopes). */
const WRAPPERS = ['body', 'data', 'fields', 'lead', 'contact', 'payload', 'form_response'];

/**
 * Finds the lead's fields in an arbitrary record by their common names (Name/name/Имя, Phone/Телефон,
 * Email/Почта, utm_*...). Looks at the top level and, when the record is an n8n Webhook output
 * (`{ headers, params, query, body }`) or a known envelope, inside it. Query parameters give UTM tags.
 */
export function detectLeadFields(record: Record<string, unknown>): LeadDraft {
	const layers: Array<Record<string, unknown>> = [];
	const visit = (value: unknown, depth: number) => {
		if (!isPlainRecord(value) || depth > 2) return;
		layers.push(value);
		for (const wrapper of WRAPPERS) {
			if (isPlainRecord(value[wrapper])) visit(value[wrapper], depth + 1);
		}
		if (depth === 0 && isPlainRecord(value.query)) layers.push(value.query);
	};
	visit(record, 0);

	const draft: LeadDraft = { raw: record, utmFields: {} };
	const ranks: Partial<Record<DraftField, number>> = {};
	for (const layer of layers) {
		for (const [name, value] of Object.entries(layer)) {
			if (value === null || value === undefined || value === '') continue;
			const key = keyOf(name);
			const utm = UTM_KEY.exec(key);
			if (utm || CLICK_KEYS.has(key)) {
				const canonical = utm ? `utm_${utm[1]}` : key === 'roistatvisit' ? 'roistat_visit' : key;
				if (typeof value !== 'object' && !(canonical in draft.utmFields!))
					draft.utmFields![canonical] = String(value);
				continue;
			}
			const hit = LOOKUP.get(key);
			if (!hit || (typeof value === 'object' && !Array.isArray(value))) continue;
			const previous = ranks[hit.field];
			if (previous === undefined || hit.rank < previous) {
				ranks[hit.field] = hit.rank;
				(draft as Record<string, unknown>)[hit.field] = value;
			}
		}
	}
	// `Имя` is a first name in forms that also ask for `Фамилия`.
	if (draft.name !== undefined && draft.lastName !== undefined && draft.firstName === undefined) {
		draft.firstName = draft.name;
		draft.name = undefined;
	}
	return draft;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
