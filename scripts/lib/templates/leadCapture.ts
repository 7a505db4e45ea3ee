/**
 * Template 1: every request from a form or chat becomes a deal with its contact in the first stage and a first call
 * within 20 minutes — or, when the client is already in the CRM, a note and the tag «Дубль» on the deal a manager is
 * working on. A request the CRM refuses waits in an n8n Data Table and is created (tagged «Не упала в CRM») by the
 * retry every 15 minutes.
 */
import { WorkflowBuilder } from './builder';
import {
	BASE,
	dataTableColumns,
	ifParameters,
	is,
	resourceLocator,
	setFields,
	setup,
	type ColumnType,
} from './baseNodes';
import { PACKAGE, CREDENTIAL_NAMES, type CrmKit } from './crm';

/** The columns of the waiting table: the lead as the form sent it, and how often the CRM refused it. */
const WAITING_COLUMNS: Array<[name: string, type: ColumnType, fromLead: string]> = [
	['key', 'string', '$json.phone || $json.email || $json.externalId || $json.name || ""'],
	['name', 'string', '$json.name || ""'],
	['phone', 'string', '$json.phone || ""'],
	['email', 'string', '$json.email || ""'],
	['source', 'string', '$json.source || ""'],
	['channel', 'string', '$json.channel || ""'],
	['form', 'string', '$json.form || ""'],
	['message', 'string', '[$json.message, $json.repeatsNote].filter(t => t).join("\\n\\n")'],
	['externalId', 'string', '$json.externalId || ""'],
	['utmSource', 'string', '($json.utm || {}).source || ""'],
	['utmMedium', 'string', '($json.utm || {}).medium || ""'],
	['utmCampaign', 'string', '($json.utm || {}).campaign || ""'],
	['utmContent', 'string', '($json.utm || {}).content || ""'],
	['utmTerm', 'string', '($json.utm || {}).term || ""'],
	['receivedAt', 'string', '$json.receivedAt || $now.toISO()'],
	['attempts', 'number', '($json.attempts || 0) + 1'],
	['lastError', 'string', '$json.error ? String($json.error.message || $json.error) : ""'],
];

const NOT_IN_CRM_TAG = 'Не упала в CRM';

export function leadCaptureTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const amo = crm.kind === 'amocrm';
	const wf = new WorkflowBuilder(
		`${crm.kind}-1-lead-capture`,
		`Lead capture → deal and first call (${label})`,
		`Forms and chats → dedup (this request, earlier requests, ${label}) → tags and A/B/C → a manager → a deal with its contact in the first stage and a first call within 20 minutes. Clients already in ${label} get a note and «Дубль» on their deal; requests ${label} refused wait in a Data Table and are retried every 15 minutes, tagged «${NOT_IN_CRM_TAG}».`,
	);
	// ---- intake -------------------------------------------------------------------------------------------------
	const capture = wf.add({
		name: 'Website form or chat',
		type: `${PACKAGE}.leadCapture`,
		typeVersion: 1,
		at: [0, 1],
		webhook: true,
		credentials: { leadCaptureSecretApi: CREDENTIAL_NAMES.leadCaptureSecretApi },
		parameters: { authentication: 'sharedSecret', preset: 'auto', options: {} },
	});
	const invalid = wf.add({
		name: 'Invalid request (reason in the item)',
		...BASE.noOp,
		at: [1, 0],
		parameters: {},
	});
	const schedule = wf.add({
		name: 'Retry every 15 minutes',
		...BASE.scheduleTrigger,
		at: [0, 3],
		parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } },
	});
	const retryNow = wf.add({ name: 'Retry now', ...BASE.manualTrigger, at: [0, 4], parameters: {} });
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 2],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['Pipeline', amo ? 'Воронка агентства' : 'Общая'],
				['First stage', amo ? 'Пришел новый лид' : 'Новая'],
				['First call within (minutes)', 20],
				['Managers', ''],
				['Away today', ''],
				['Waiting table', `Leads waiting for ${label}`],
			],
			true,
		),
	});
	const isRequest = wf.add({
		name: 'New request?',
		...BASE.if,
		at: [2, 2],
		parameters: ifParameters(`${wf.slug}/New request?`, [
			is.true(`={{ $('${capture}').isExecuted }}`),
		]),
	});
	wf.connect(capture, setupNode)
		.connect(capture, invalid, { output: 1 })
		.connect(schedule, setupNode)
		.connect(retryNow, setupNode)
		.connect(setupNode, isRequest);

	// ---- dedup --------------------------------------------------------------------------------------------------
	const repeats = wf.add({
		name: 'Skip repeated submissions',
		type: `${PACKAGE}.leadDedup`,
		typeVersion: 1,
		at: [3, 1],
		notes: 'Same submission ID (Tilda tranid, message ID) as an earlier request: a retried webhook',
		parameters: {
			scopes: ['input', 'history'],
			keys: [],
			byExternalId: true,
			historyScope: 'node',
			historySize: 10000,
			options: {},
		},
	});
	const alreadyReceived = wf.add({
		name: 'Already received (same submission)',
		...BASE.noOp,
		at: [4, 0],
		parameters: {},
	});
	const findClient = wf.add({
		name: `Find the client in ${label}`,
		type: `${PACKAGE}.leadDedup`,
		typeVersion: 1,
		at: [5, 2],
		credentials: crm.credentials,
		onError: 'continueErrorOutput',
		parameters: {
			scopes: ['input', 'crm'],
			keys: ['phone', 'email'],
			match: 'any',
			byExternalId: false,
			...crm.choice,
			tagExistingDeal: true,
			duplicateTag: `={{ ($json.tags || []).includes('${NOT_IN_CRM_TAG}') ? 'Дубль, ${NOT_IN_CRM_TAG}' : 'Дубль' }}`,
			noteExistingDeal: true,
			noteText: '',
			...(amo ? {} : { mergeContacts: true }),
			claimStore: 'process',
			claimOptions: {},
			options: amo ? {} : { createMissingTags: true },
		},
	});
	const repeatHere = wf.add({
		name: 'Repeat within this request?',
		...BASE.if,
		at: [6, 3],
		parameters: ifParameters(`${wf.slug}/repeat here`, [
			is.textEquals('={{ $json.duplicateOf.where }}', 'input'),
		]),
	});
	const joinsFirst = wf.add({
		name: "Repeat: joins the first request's deal",
		...BASE.noOp,
		at: [6, 4],
		notes:
			'The same person twice in one request (a JSON array, a chat delivery with several messages): the first request carries it, and its deal gets a note with it',
		parameters: {},
	});
	const dealOpen = wf.add({
		name: "Client's deal still open?",
		...BASE.if,
		at: [7, 3],
		parameters: ifParameters(`${wf.slug}/deal open`, [
			is.textEquals('={{ $json.duplicateOf.stageSemantics }}', 'open'),
		]),
	});
	const inWork = wf.add({
		name: 'Client in work: deal tagged «Дубль» and noted',
		...BASE.noOp,
		at: [7, 4],
		parameters: {},
	});
	wf.connect(isRequest, repeats)
		.connect(repeats, findClient)
		.connect(repeats, alreadyReceived, { output: 1 });
	wf.connect(findClient, repeatHere, { output: 1 })
		.connect(repeatHere, joinsFirst)
		.connect(repeatHere, dealOpen, { output: 1 })
		.connect(dealOpen, inWork);

	// ---- qualify and distribute ---------------------------------------------------------------------------------
	const tagger = wf.add({
		name: 'Qualify and tag',
		type: `${PACKAGE}.leadTagger`,
		typeVersion: 1,
		at: [8, 2],
		parameters: {
			rules: {},
			preset: 'agency',
			qualification: 'budgetUrgency',
			budget: '={{ $json.raw ? ($json.raw["Бюджет"] || $json.raw.budget || "") : "" }}',
			urgency:
				'={{ $json.raw ? ($json.raw["Сроки"] || $json.raw["Срочность"] || $json.raw.urgency || "") : "" }}',
			addClassTag: true,
			managerTag: '',
			crm: 'none',
			options: {},
		},
	});
	const distribute = wf.add({
		name: 'Distribute among managers',
		type: `${PACKAGE}.leadDistribution`,
		typeVersion: 1,
		at: [9, 2],
		credentials: crm.credentials,
		onError: 'continueErrorOutput',
		notes:
			"Round robin balanced by each manager's deals of the last 7 days; a returning client goes back to their manager",
		parameters: {
			...crm.choice,
			strategy: 'roundRobin',
			managersSource: 'crmUsers',
			crmUsers: `={{ ${setup('Managers')} }}`,
			absentManagers: `={{ ${setup('Away today')} }}`,
			turnsFrom: 'crm',
			recentDays: 7,
			guard: '={{ !!$json.duplicateOf }}',
			options: {},
		},
	});
	const keepManager = wf.add({
		name: "Keep the client's manager",
		...BASE.set,
		at: [10, 3],
		parameters: setFields(
			`${wf.slug}/keep manager`,
			[
				['responsibleUserId', '={{ $json.owner.userId }}'],
				['assignee.name', '={{ $json.owner.name || "" }}'],
			],
			true,
		),
	});
	const knownClient = wf.add({
		name: 'Known client?',
		...BASE.if,
		at: [11, 2],
		parameters: ifParameters(`${wf.slug}/known client`, [
			is.textEquals('={{ $json.duplicateOf ? $json.duplicateOf.entity : "" }}', 'contact'),
		]),
	});
	wf.connect(findClient, tagger)
		.connect(dealOpen, tagger, { output: 1 })
		.chain(tagger, distribute, knownClient);
	wf.connect(distribute, keepManager, { output: 1 }).connect(keepManager, knownClient);

	// ---- create in the CRM --------------------------------------------------------------------------------------
	const managerTag = 'String(($json.assignee && $json.assignee.name) || "").split(" ")[0]';
	const common = {
		leadFrom: knownClient,
		title: (l: string) =>
			`(${l}.form || "Заявка") + ": " + (${l}.name || ${l}.phone || ${l}.email)`,
		pipeline: `={{ ${setup('Pipeline')} }}`,
		stage: () => setup('First stage'),
		responsible: (l: string) => `${l}.responsibleUserId`,
		tags: (l: string) =>
			`(${l}.tags || []).concat(${managerTag.replace(/\$json/g, l)}, ${l}.repeats ? 'Дубль' : '').filter(t => t)`,
		note: (l: string) => `[${l}.message, ${l}.repeatsNote].filter(t => t).join("\\n\\n")`,
		utm: true,
		externalId: (l: string) => `${l}.externalId || ""`,
		onError: 'continueErrorOutput' as const,
	};
	const fresh = crm.createDeal(wf, {
		...common,
		names: amo
			? { deal: 'Create the deal with its contact' }
			: { contact: 'Create the contact in Bitrix24', deal: 'Create the deal in Bitrix24' },
		at: [12, 1],
		contact: {
			name: (l) => `${l}.name || ${l}.phone || ${l}.email`,
			phone: (l) => `${l}.phone || ""`,
			email: (l) => `${l}.email || ""`,
		},
	});
	const known = crm.createDeal(wf, {
		...common,
		names: { deal: 'Create the deal for the known contact' },
		at: [12, 3],
		contact: { existingId: (l) => `${l}.duplicateOf.contactId` },
	});
	const reconcile = wf.add({
		name: 'Close doubles written at the same moment',
		type: `${PACKAGE}.leadReconcile`,
		typeVersion: 1,
		at: [14, 2],
		credentials: crm.credentials,
		onError: 'continueErrorOutput',
		notes:
			'Queue mode without Redis: two workers may both write one person. The oldest deal stays; a later one is tagged «Дубль», linked and closed',
		parameters: {
			...crm.choice,
			reconcileDealId: '={{ $json.id }}',
			reconcilePhone: `={{ $('${knownClient}').item.json.phone || "" }}`,
			reconcileEmail: `={{ $('${knownClient}').item.json.email || "" }}`,
			reconcileWindowMinutes: 60,
			doubleTag: 'Дубль',
			...(amo ? {} : { mergeDoubleContacts: true }),
		},
	});
	const closedDouble = wf.add({
		name: 'Double closed (written twice at once)',
		...BASE.noOp,
		at: [15, 3.2],
		parameters: {},
	});
	const firstCall = crm.planCall(wf, {
		name: 'Plan the first call',
		at: [15, 2],
		dealId: '={{ $json.id }}',
		minutes: `={{ ${setup('First call within (minutes)')} }}`,
		responsible: `={{ $('${knownClient}').item.json.responsibleUserId }}`,
		text: 'Первый звонок: новая заявка',
		onError: 'continueErrorOutput',
	});
	const taskRefused = wf.add({
		name: 'First call not planned (plan it by hand)',
		...BASE.noOp,
		at: [16, 3],
		parameters: {},
	});
	wf.connect(knownClient, known.first).connect(knownClient, fresh.first, { output: 1 });
	wf.connect(fresh.last, reconcile)
		.connect(known.last, reconcile)
		.connect(reconcile, firstCall)
		.connect(reconcile, closedDouble, { output: 1 })
		// The deal exists even when the check could not run: its first call is planned all the same.
		.connect(reconcile, firstCall, { output: 2 })
		.connect(firstCall, taskRefused, { output: 1 });

	// ---- fallback: wait in a Data Table, retried by the schedule ------------------------------------------------
	const keep = wf.add({
		name: 'Lead to keep for a retry',
		...BASE.set,
		at: [11, 6],
		parameters: setFields(
			`${wf.slug}/keep`,
			WAITING_COLUMNS.map(([name, type, fromLead]) => [
				name,
				`={{ ${fromLead} }}`,
				type === 'number' ? 'number' : 'string',
			]),
			false,
		),
	});
	const openTable = dataTableCreate(wf, 'Open the waiting table', [12, 6]);
	const store = wf.add({
		name: 'Keep the lead for a retry',
		...BASE.dataTable,
		at: [13, 6],
		notes: 'One row per client (phone, else email): a client refused twice is one row',
		parameters: {
			resource: 'row',
			operation: 'upsert',
			dataTableId: resourceLocator('id', '={{ $json.id }}'),
			matchType: 'allConditions',
			filters: {
				conditions: [
					{ keyName: 'key', condition: 'eq', keyValue: `={{ $('${keep}').item.json.key }}` },
				],
			},
			columns: dataTableColumns(
				Object.fromEntries(
					WAITING_COLUMNS.map(([name]) => [name, `={{ $('${keep}').item.json.${name} }}`]),
				),
				Object.fromEntries(WAITING_COLUMNS.map(([name, type]) => [name, type])),
			),
			options: {},
		},
	});
	wf.chain(keep, openTable, store);
	wf.connect(findClient, keep, { output: 2 }).connect(distribute, keep, { output: 2 });
	// The CRM nodes' failed items carry only the error (n8n replaces an item that has an error with its message):
	// the lead is read back from the step before the deal.
	const refused = wf.add({
		name: 'Lead whose deal was refused',
		...BASE.set,
		at: [13, 5],
		parameters: {
			mode: 'raw',
			jsonOutput: `={{ Object.assign({}, $('${knownClient}').item.json, { error: $json.error }) }}`,
			includeOtherFields: false,
			options: {},
		},
	});
	for (const step of new Set([fresh.first, fresh.last, known.last]))
		wf.connect(step, refused, { output: 1 });
	wf.connect(refused, keep);

	const openForRetry = dataTableCreate(wf, 'Open the waiting table for the retry', [2, 6]);
	const takeOut = wf.add({
		name: 'Take the waiting leads out',
		...BASE.dataTable,
		at: [3, 6],
		notes:
			'Rows leave the table while they are retried; a lead refused again goes back with attempts + 1',
		parameters: {
			resource: 'row',
			operation: 'deleteRows',
			dataTableId: resourceLocator('id', '={{ $json.id }}'),
			matchType: 'anyCondition',
			filters: { conditions: [{ keyName: 'id', condition: 'isNotEmpty' }] },
			options: {},
		},
	});
	const backToLead = wf.add({
		name: 'Lead from the waiting table',
		...BASE.set,
		at: [4, 6],
		parameters: setFields(
			`${wf.slug}/back to lead`,
			[
				['name', '={{ $json.name }}'],
				['phone', '={{ $json.phone }}'],
				['email', '={{ $json.email }}'],
				['source', '={{ $json.source }}'],
				['channel', '={{ $json.channel }}'],
				['form', '={{ $json.form }}'],
				['message', '={{ $json.message }}'],
				['externalId', '={{ $json.externalId }}'],
				[
					'utm',
					'={{ { source: $json.utmSource, medium: $json.utmMedium, campaign: $json.utmCampaign, content: $json.utmContent, term: $json.utmTerm } }}',
					'object',
				],
				['receivedAt', '={{ $json.receivedAt }}'],
				['attempts', '={{ $json.attempts }}', 'number'],
				['tags', `={{ ['${NOT_IN_CRM_TAG}'] }}`, 'array'],
			],
			false,
		),
	});
	wf.connect(isRequest, openForRetry, { output: 1 }).chain(
		openForRetry,
		takeOut,
		backToLead,
		findClient,
	);

	// ---- notes --------------------------------------------------------------------------------------------------
	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -2.6],
		size: [700, 500],
		color: 5,
		body: [
			`**English.** 1. Credentials: your ${label} account in the ${label} nodes, a *Lead Capture secret* in *Website form or chat*.`,
			"2. Fill in **Setup**: *Pipeline* and *First stage* (names as in the CRM), *First call within (minutes)*, *Managers* — the CRM user IDs of the managers who take leads, comma-separated (empty: every user who sells; administrators, the account's owner and the integration's user never get leads), *Away today*, *Waiting table* (an n8n Data Table, created on first use).",
			`3. Publish. Give your forms the production URL of *Website form or chat* with \`?secret=<your secret>\` (Tilda: in the webhook settings).${amo ? '' : ' The Bitrix24 webhook needs CRM admin rights to add missing tag values.'}`,
			'',
			`**Русский.** 1. Учётные данные: аккаунт ${label} в узлах ${label}, *Lead Capture secret* в *Website form or chat*.`,
			'2. Заполните **Setup**: *Pipeline* и *First stage* (названия как в CRM), *First call within (minutes)* — срок первого звонка, *Managers* — ID менеджеров в CRM через запятую, которые принимают заявки (пусто — все, кто продаёт; администраторам, владельцу аккаунта и пользователю интеграции заявки не уходят), *Away today* — кто отсутствует, *Waiting table* — таблица n8n для заявок, которые не упали в CRM.',
			'3. Опубликуйте и укажите в формах production-URL узла *Website form or chat* с `?secret=<секрет>`.',
		].join('\n'),
	});
	wf.sticky({
		title: '1. Requests come in',
		around: [capture, invalid, schedule, retryNow, setupNode, isRequest],
		color: 7,
		body: 'Forms and chats post here; the schedule (or *Retry now*) takes the requests that are waiting for the CRM.',
	});
	wf.sticky({
		title: '2. Is it a repeat?',
		around: [repeats, alreadyReceived, findClient, repeatHere, joinsFirst, dealOpen, inWork],
		color: 7,
		body: `A resent webhook is dropped. A client ${label} knows: their deal gets «Дубль» and a note; when that deal is closed, a new one is opened. The same person twice in one request or at the same moment gets one deal. In queue mode set *Claim Store* of *Find the client* to Redis.`,
	});
	wf.sticky({
		title: '3. Tags and a manager',
		around: [tagger, distribute, keepManager, knownClient],
		color: 7,
		body: "The agency's source tags, A/B/C by budget and urgency; round robin, or the manager who already owns the client.",
	});
	wf.sticky({
		title: `4. The deal in ${label}`,
		around: amo
			? [fresh.first, known.first, reconcile, closedDouble, firstCall, taskRefused]
			: [fresh.first, fresh.last, known.first, reconcile, closedDouble, firstCall, taskRefused],
		color: 7,
		body: 'A deal with its contact in the first stage, tagged, with a first call due in 20 minutes.',
	});
	wf.sticky({
		title: `5. ${label} refused it: wait and retry`,
		around: [keep, openTable, store, refused],
		color: 3,
		body: `Nothing is lost: the lead waits in the *Waiting table* and is created later, tagged «${NOT_IN_CRM_TAG}».`,
	});
	wf.sticky({
		title: 'Retry',
		around: [openForRetry, takeOut, backToLead],
		color: 3,
		body: 'Waiting leads go through the same steps again.',
	});
	return wf;
}

function dataTableCreate(wf: WorkflowBuilder, name: string, at: [number, number]): string {
	return wf.add({
		name,
		...BASE.dataTable,
		at,
		notes: 'Creates the table on first use; afterwards it is reused',
		parameters: {
			resource: 'table',
			operation: 'create',
			tableName: `={{ ${setup('Waiting table')} }}`,
			columns: { column: WAITING_COLUMNS.map(([column, type]) => ({ name: column, type })) },
			options: { createIfNotExists: true },
		},
	});
}
