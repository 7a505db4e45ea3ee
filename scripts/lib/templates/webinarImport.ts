/**
 * Template 2: after a webinar every viewer becomes a card in one of the three funnels of seed 001 — a Bizon365
 * "webinar ended" webhook fetches the report, or a manual run reads a CSV file or a published Google Sheet. Viewers
 * the CRM already knows are moved back into the funnel when they were waiting for a repeat (or sat in an
 * after-webinar stage); a client a manager is working on keeps their stage and gets a note; the others get a deal.
 */
import { WorkflowBuilder } from './builder';
import { BASE, ifParameters, is, setFields, setup, switchParameters } from './baseNodes';
import { CREDENTIAL_NAMES, PACKAGE, type CrmKit } from './crm';

const MOVE_FROM =
	'Отправлен на повтор вебинара, Был на вебинаре более часа, Был на вебинаре менее часа, Проявил активность на вебинаре';

/** The card of seed 001 as a note: the webinar, minutes watched, buttons clicked. */
const cardNote = (l: string) =>
	`["Вебинар " + [${l}.webinarTitle, ${l}.webinarDate].filter(x => x).join(", "), "Время на вебинаре: " + (${l}.watched || "—"), (${l}.buttonsClicked || []).length ? "Кнопки: " + ${l}.buttonsClicked.join(", ") : ""].filter(x => x).join("\\n")`;

export function webinarImportTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const amo = crm.kind === 'amocrm';
	const wf = new WorkflowBuilder(
		`${crm.kind}-2-webinar-import`,
		`Webinar viewers → three funnels (${label})`,
		`A Bizon365 "webinar ended" webhook (or a manual run over a CSV file or a published Google Sheet) → Webinar Router → the seed-001 funnels in ${label}: activity, stayed ≥ 60 min, stayed < 60 min. Re-attendees waiting for a repeat are moved, clients in work are noted, newcomers get a deal.`,
	);

	// ---- where the viewers come from ----------------------------------------------------------------------------
	const bizon = wf.add({
		name: 'Bizon365: webinar ended',
		...BASE.webhook,
		at: [0, 1],
		webhook: true,
		parameters: {
			httpMethod: 'POST',
			path: `${crm.kind}-bizon365-webinar-ended`,
			responseMode: 'onReceived',
			options: {},
		},
	});
	const manual = wf.add({
		name: 'Import a CSV or Google Sheet now',
		...BASE.manualTrigger,
		at: [0, 3],
		parameters: {},
	});
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 2],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['Webinar pipeline', amo ? 'Вебинар' : 'Вебинар «Больше чем игрушка»'],
				['Minutes threshold', 60],
				['Re-attendees move from', MOVE_FROM],
				['Bizon365 API', 'https://online.bizon365.ru/api/v1'],
				['CSV or Google Sheet address', ''],
			],
			true,
		),
	});
	// The webhook URL has no secret (Bizon365 cannot send one): a request without a webinar id is nobody's report
	// and is left on the fallback output, instead of a failed report fetch and the error workflow for every stranger.
	const fromBizon = wf.add({
		name: 'Started by Bizon365?',
		...BASE.switch,
		at: [2, 2],
		parameters: switchParameters(
			`${wf.slug}/from bizon`,
			[
				{
					output: 'Bizon365: a webinar ended',
					when: [
						is.true(`={{ $('${bizon}').isExecuted }}`),
						is.textNotEmpty(`={{ String($json.body?.webinarId ?? '') }}`),
					],
				},
				{ output: 'Run by hand', when: [is.true(`={{ !$('${bizon}').isExecuted }}`)] },
			],
			'No webinar id: ignored',
		),
	});
	const report = wf.add({
		name: 'Fetch the Bizon365 report',
		...BASE.httpRequest,
		at: [3, 1],
		credentials: { httpHeaderAuth: CREDENTIAL_NAMES.httpHeaderAuth },
		retry: { maxTries: 5, waitBetweenTries: 5000 },
		notes: 'Bizon365 prepares the report a little after the end: failed fetches are repeated',
		parameters: {
			method: 'GET',
			url: `={{ ${setup('Bizon365 API')} }}/webinars/reports/get`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendQuery: true,
			queryParameters: {
				parameters: [{ name: 'webinarId', value: '={{ $json.body.webinarId }}' }],
			},
			options: {},
		},
	});
	const download = wf.add({
		name: 'Download the CSV',
		...BASE.httpRequest,
		at: [3, 3],
		parameters: {
			method: 'GET',
			url: `={{ ${setup('CSV or Google Sheet address')} }}`,
			options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
		},
	});
	const routerParameters = {
		thresholdMinutes: `={{ ${setup('Minutes threshold')} }}`,
		precedence: 'activityFirst',
		stageShowedActivity: 'Проявил активность на вебинаре',
		stageStayedLong: 'Был на вебинаре более часа',
		stageStayedShort: 'Был на вебинаре менее часа',
		stageDidNotAttend: 'Не был на вебинаре',
		webinarDate: '',
		webinarTitle: '',
		options: {},
	};
	const routeBizon = wf.add({
		name: 'Route the Bizon365 viewers',
		type: `${PACKAGE}.webinarRouter`,
		typeVersion: 1,
		at: [4, 1],
		parameters: { format: 'bizon365', inputMode: 'json', ...routerParameters },
	});
	const routeCsv = wf.add({
		name: 'Route the CSV viewers',
		type: `${PACKAGE}.webinarRouter`,
		typeVersion: 1,
		at: [4, 3],
		parameters: {
			format: 'table',
			inputMode: 'file',
			binaryPropertyName: 'data',
			...routerParameters,
		},
	});
	const absent = wf.add({
		name: 'Registered but did not come',
		...BASE.noOp,
		at: [5, 4.2],
		parameters: {},
	});
	const unreadable = wf.add({
		name: 'Unreadable rows (reason in the item)',
		...BASE.noOp,
		at: [5, 5.2],
		parameters: {},
	});
	wf.connect(bizon, setupNode).connect(manual, setupNode).connect(setupNode, fromBizon);
	wf.connect(fromBizon, report)
		.connect(fromBizon, download, { output: 1 })
		.connect(report, routeBizon)
		.connect(download, routeCsv);

	// ---- who is new, who is back --------------------------------------------------------------------------------
	const find = wf.add({
		name: `Find the viewer in ${label}`,
		type: `${PACKAGE}.leadDedup`,
		typeVersion: 1,
		at: [6, 2],
		credentials: crm.credentials,
		parameters: {
			scopes: ['input', 'crm'],
			keys: ['email', 'phone'],
			match: 'any',
			byExternalId: false,
			...crm.choice,
			tagExistingDeal: false,
			noteExistingDeal: true,
			noteText: `={{ ${cardNote('$json')} }}`,
			options: {},
		},
	});
	for (const router of [routeBizon, routeCsv]) {
		for (const output of [0, 1, 2]) wf.connect(router, find, { output });
		wf.connect(router, absent, { output: 3 }).connect(router, unreadable, { output: 4 });
	}
	const whereIs = wf.add({
		name: "Where is the client's deal?",
		...BASE.switch,
		at: [7, 3],
		parameters: switchParameters(
			`${wf.slug}/where`,
			[
				{
					output: 'Waiting for a repeat',
					when: [
						is.textEquals(
							'={{ $json.duplicateOf.pipelineName }}',
							`={{ ${setup('Webinar pipeline')} }}`,
						),
						is.true(
							`={{ ${setup('Re-attendees move from')}.split(",").map(s => s.trim()).includes($json.duplicateOf.stageName) }}`,
						),
					],
				},
				{
					output: 'In work with a manager',
					when: [is.textEquals('={{ $json.duplicateOf.stageSemantics }}', 'open')],
				},
			],
			'Closed, or no deal',
		),
	});
	const inWork = wf.add({
		name: 'Deal in work: the webinar is noted on it',
		...BASE.noOp,
		at: [8, 3],
		parameters: {},
	});
	const knownContact = wf.add({
		name: 'Known contact?',
		...BASE.if,
		at: [8, 4.2],
		parameters: ifParameters(`${wf.slug}/known contact`, [
			is.textEquals('={{ $json.duplicateOf.entity }}', 'contact'),
		]),
	});
	wf.connect(find, whereIs, { output: 1 })
		.connect(whereIs, inWork, { output: 1 })
		.connect(whereIs, knownContact, { output: 2 });

	// ---- act in the CRM -----------------------------------------------------------------------------------------
	const move = crm.moveToStage(wf, {
		name: 'Move the deal to its webinar stage',
		at: [9, 2],
		dealId: '={{ $json.duplicateOf.dealId }}',
		pipeline: `={{ ${setup('Webinar pipeline')} }}`,
		pipelineBy: amo ? 'name' : 'id',
		stage: '={{ $json.targetStage }}',
	});
	const deal = {
		title: (l: string) => `${l}.dealName`,
		pipeline: `={{ ${setup('Webinar pipeline')} }}`,
		stage: (l: string) => `${l}.targetStage`,
		tags: (l: string) => `[${l}.managerTag].filter(t => t)`,
		note: cardNote,
		utm: true,
	};
	const fresh = crm.createDeal(wf, {
		...deal,
		names: amo
			? { deal: 'Create the deal for a new viewer' }
			: { contact: "Create the viewer's contact", deal: 'Create the deal for a new viewer' },
		leadFrom: find,
		at: [9, 1],
		contact: {
			name: (l) => `${l}.name || ${l}.email || ${l}.phone`,
			phone: (l) => `${l}.phone || ""`,
			email: (l) => `${l}.email || ""`,
		},
	});
	const returning = crm.createDeal(wf, {
		...deal,
		names: { deal: 'Open a new deal for a returning client' },
		leadFrom: knownContact,
		at: [9, 4],
		contact: { existingId: (l) => `${l}.duplicateOf.contactId` },
	});
	wf.connect(find, fresh.first)
		.connect(whereIs, move)
		.connect(knownContact, returning.first)
		.connect(knownContact, fresh.first, { output: 1 });

	// ---- notes --------------------------------------------------------------------------------------------------
	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -2.3],
		size: [720, 470],
		color: 5,
		body: [
			`**English.** 1. Credentials: your ${label} account; *Bizon365 token* is a Header Auth credential (name \`X-Token\`, value: the API token from Bizon365's settings).`,
			`2. Fill in **Setup**: *Webinar pipeline*, *Minutes threshold* (60: the offer starts after minute 45 of a 2-hour webinar), *Re-attendees move from* (stages whose clients are moved again), *Bizon365 API* (v2 accounts: \`https://online.bizon365.ru/api/v2/<project>\`), *CSV or Google Sheet address* (File → Share → Publish to web → CSV).`,
			"3. Publish, and give Bizon365 the production URL of *Bizon365: webinar ended*. For a CSV or sheet, press *Import a CSV or Google Sheet now*. The routers' stage names must be your pipeline's.",
			'',
			`**Русский.** 1. Учётные данные: аккаунт ${label}; *Bizon365 token* — Header Auth (имя \`X-Token\`, значение — токен API Бизона).`,
			'2. Заполните **Setup**: *Webinar pipeline* — воронка вебинара, *Minutes threshold* — порог в минутах, *Re-attendees move from* — из каких этапов снова переносить пришедших на вебинар, *Bizon365 API* — адрес API, *CSV or Google Sheet address* — ссылка на CSV или опубликованную таблицу.',
			'3. Опубликуйте и укажите Бизону production-URL узла *Bizon365: webinar ended*; для CSV нажмите *Import a CSV or Google Sheet now*.',
		].join('\n'),
	});
	wf.sticky({
		title: '1. The viewers',
		around: [bizon, manual, setupNode, fromBizon, report, download],
		color: 7,
		body: 'The Bizon365 report after the webinar, or a CSV / published Google Sheet with columns such as Имя, Email, Телефон, Время просмотра, Кнопки.',
	});
	wf.sticky({
		title: '2. Three funnels (seed 001)',
		around: [routeBizon, routeCsv, absent, unreadable],
		color: 7,
		body: 'Clicked an activity button → «Проявил активность»; ≥ 60 min → «более часа»; the rest → «менее часа».',
	});
	wf.sticky({
		title: `3. New or back?`,
		around: [find, whereIs, inWork, knownContact],
		color: 7,
		body: `Looked up in ${label} by email and phone; every known client gets a note with the webinar.`,
	});
	wf.sticky({
		title: `4. Cards in ${label}`,
		around: [move, fresh.first, fresh.last, returning.first],
		color: 7,
		body: 'Newcomers get a deal «email, name» in their funnel; re-attendees are moved; former clients get a new deal.',
	});
	return wf;
}
