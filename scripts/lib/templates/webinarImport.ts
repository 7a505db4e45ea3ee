/**
 * Template 2: after a webinar every viewer becomes a card in one of the three funnels of the webinar article. The
 * viewers come from wherever the team has them: a file uploaded through a form (CSV, the Zoom export, a saved JSON
 * answer), the platform's API fetched through a form (Bizon365, Zoom, MTS Link), Bizon365's "webinar ended" webhook
 * (the report fetched with the team's token), or a CSV / published Google Sheet run by hand. The Webinar Router
 * recognises the format. Each viewer is looked up in the CRM:
 * - the same webinar already imported for them (their deal has the webinar's note) → nothing changes, so an import
 *   run again writes nothing;
 * - an open deal in the webinar pipeline → the card is filled and noted; a client waiting for a repeat (or in an
 *   after-webinar stage) is moved to the stage of what they did, a client a manager is working on keeps the stage;
 * - no open deal there (a newcomer, a former client, or a client in work in another pipeline) → a deal in the
 *   webinar funnel, as the article puts every attendee's card there; its responsible is the manager who already
 *   works with the client (the ownership guard), else the next of the team (never an administrator).
 * The webinar's note is each branch's last write: a run that failed half-way leaves no note, so running it again
 * finishes the work instead of skipping the viewer.
 */
import { WorkflowBuilder } from './builder';
import { BASE, is, ifParameters, setFields, setup, switchParameters } from './baseNodes';
import { CREDENTIAL_NAMES, PACKAGE, type CrmKit } from './crm';

const MOVE_FROM =
	'Отправлен на повтор вебинара, Был на вебинаре более часа, Был на вебинаре менее часа, Проявил активность на вебинаре';

const PLATFORMS = ['Bizon365', 'Zoom (вебинар)', 'Zoom (конференция)', 'МТС Линк'];

/** "Вебинар 20.11.2026": the first words of the webinar's note, and how a re-run recognises it. */
const marker = (l: string) =>
	`(${l}.webinarDate ? "Вебинар " + ${l}.webinarDate.split("-").reverse().join(".") : "")`;

/** The card of the webinar article as a note: the webinar and its date, minutes watched, buttons, the funnel. */
const cardNote = (l: string) =>
	`[(${marker(l)} || "Вебинар") + (${l}.webinarTitle ? " «" + ${l}.webinarTitle + "»" : ""), "Время на вебинаре: " + (${l}.watched || "—"), (${l}.buttonsClicked || []).length ? "Кнопки: " + ${l}.buttonsClicked.join(", ") : "", "Воронка: " + ${l}.targetStage, ${l}.repeatsNote || ""].filter(x => x).join("\\n")`;

const FORM_NOTE =
	'<br>Участники в файле CSV (выгрузка Бизона, экспорт Zoom, таблица с колонками Имя, Email, Телефон, Время просмотра, Кнопки) или JSON (сохранённый ответ API Бизона, Zoom или МТС Линк).';

export function webinarImportTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const amo = crm.kind === 'amocrm';
	const wf = new WorkflowBuilder(
		`${crm.kind}-2-webinar-import`,
		`Webinar viewers → three funnels (${label})`,
		`Webinar viewers from a file uploaded through a form, the platform's API (Bizon365, Zoom, MTS Link), Bizon365's "webinar ended" webhook or a CSV / Google Sheet → Webinar Router → the three webinar funnels in ${label}: activity, stayed ≥ 60 min, stayed < 60 min. Re-attendees are moved, clients in work keep their stage, newcomers get a deal with a manager; running the same import again changes nothing.`,
	);

	// ---- where the viewers come from ----------------------------------------------------------------------------
	const hook = wf.add({
		name: 'Webinar ended (webhook)',
		...BASE.webhook,
		at: [0, 0],
		webhook: true,
		notes: "Bizon365's webinarEnd: the report is fetched with your token",
		parameters: {
			httpMethod: 'POST',
			path: `${crm.kind}-bizon365-webinar-ended`,
			responseMode: 'onReceived',
			options: {},
		},
	});
	const formLogin = { httpBasicAuth: CREDENTIAL_NAMES.httpBasicAuth };
	const upload = wf.add({
		name: 'Form: upload the viewers file',
		...BASE.formTrigger,
		at: [0, 1.3],
		webhook: true,
		credentials: formLogin,
		parameters: {
			authentication: 'basicAuth',
			formTitle: 'Участники вебинара: загрузить файл',
			formDescription: `Каждый участник попадёт в свою воронку ${label}.${FORM_NOTE}`,
			formFields: {
				values: [
					{
						fieldLabel: 'Файл',
						fieldType: 'file',
						multipleFiles: false,
						acceptFileTypes: '.csv, .txt, .json',
						requiredField: true,
					},
					{ fieldLabel: 'Дата вебинара', fieldType: 'date' },
				],
			},
			responseMode: 'onReceived',
			options: {
				path: `${crm.kind}-webinar-upload`,
				respondWithOptions: {
					values: { formSubmittedText: 'Файл принят: участники разносятся по воронкам.' },
				},
			},
		},
	});
	const fetchForm = wf.add({
		name: 'Form: fetch a report from the platform',
		...BASE.formTrigger,
		at: [0, 2.6],
		webhook: true,
		credentials: formLogin,
		parameters: {
			authentication: 'basicAuth',
			formTitle: 'Участники вебинара: загрузить с платформы',
			formDescription: `Отчёт об участниках берётся по API платформы; каждый участник попадёт в свою воронку ${label}.`,
			formFields: {
				values: [
					{
						fieldLabel: 'Платформа',
						fieldType: 'dropdown',
						fieldOptions: { values: PLATFORMS.map((option) => ({ option })) },
						requiredField: true,
					},
					{
						fieldLabel: 'ID вебинара',
						placeholder:
							'Бизон: 27379:room*2026-11-20T19:00:00 · Zoom: 912 3456 7890 · МТС Линк: ID мероприятия',
						requiredField: true,
					},
					{ fieldLabel: 'Дата вебинара', fieldType: 'date' },
				],
			},
			responseMode: 'onReceived',
			options: {
				path: `${crm.kind}-webinar-fetch`,
				respondWithOptions: {
					values: { formSubmittedText: 'Отчёт запрошен: участники разносятся по воронкам.' },
				},
			},
		},
	});
	const manual = wf.add({
		name: 'Import a CSV or Google Sheet now',
		...BASE.manualTrigger,
		at: [0, 3.9],
		parameters: {},
	});
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 1.95],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['Webinar pipeline', amo ? 'Вебинар' : 'Вебинар «Больше чем игрушка»'],
				['Minutes threshold', 60],
				['Re-attendees move from', MOVE_FROM],
				['Managers', ''],
				['Webinar date', ''],
				['Card field: last webinar date', 'Дата последнего вебинара'],
				['Card field: minutes watched', 'Минут на вебинаре'],
				['Bizon365 API', 'https://online.bizon365.ru/api/v1'],
				['Zoom API', 'https://api.zoom.us/v2'],
				['MTS Link API', 'https://userapi.mts-link.ru/v3'],
				['CSV or Google Sheet address', ''],
			],
			true,
		),
	});
	const platform = (name: string) =>
		`$('${fetchForm}').isExecuted && String($json["Платформа"] || "").startsWith(${JSON.stringify(name)})`;
	// The webhook URL has no secret (Bizon365 cannot send one): only a webinar id is taken from it, and the report is
	// fetched from Bizon365 with the token; a request without one is nobody's webinar and ends on the fallback output.
	const bizonEnded = `$('${hook}').isExecuted && String(($json.body || {}).webinarId ?? "").trim() !== ""`;
	const source = wf.add({
		name: 'Where do the viewers come from?',
		...BASE.switch,
		at: [2, 1.95],
		parameters: switchParameters(
			`${wf.slug}/source`,
			[
				{ output: 'An uploaded file', when: [is.true(`={{ $('${upload}').isExecuted }}`)] },
				{
					output: 'Bizon365',
					when: [is.true(`={{ (${bizonEnded}) || (${platform('Bizon365')}) }}`)],
				},
				{ output: 'Zoom', when: [is.true(`={{ ${platform('Zoom')} }}`)] },
				{ output: 'MTS Link', when: [is.true(`={{ ${platform('МТС')} }}`)] },
				{
					output: 'A CSV or Google Sheet',
					when: [is.true(`={{ $('${manual}').isExecuted }}`)],
				},
			],
			'No webinar id: ignored',
		),
	});
	wf.connect(hook, setupNode)
		.connect(upload, setupNode)
		.connect(fetchForm, setupNode)
		.connect(manual, setupNode)
		.connect(setupNode, source);

	const webinarIdOf = '(($json.body || {}).webinarId || $json["ID вебинара"] || "").trim()';
	const retry = { maxTries: 5, waitBetweenTries: 5000 };
	const bizonV2 = wf.add({
		name: 'Bizon365 API v2?',
		...BASE.if,
		at: [3, 0.6],
		parameters: ifParameters(`${wf.slug}/bizon v2`, [
			is.true(`={{ /\\/api\\/v2\\//.test(${setup('Bizon365 API')}) }}`),
		]),
	});
	const bizonQuery = (extra: Array<{ name: string; value: string }>) => ({
		sendQuery: true,
		queryParameters: {
			parameters: [{ name: 'webinarId', value: `={{ ${webinarIdOf} }}` }, ...extra],
		},
	});
	const bizonReport = wf.add({
		name: 'Fetch the Bizon365 report',
		...BASE.httpRequest,
		at: [4, 0.2],
		credentials: { httpHeaderAuth: CREDENTIAL_NAMES.httpHeaderAuth },
		retry,
		notes: 'Bizon365 prepares the report a little after the end: failed fetches are repeated',
		parameters: {
			method: 'GET',
			url: `={{ ${setup('Bizon365 API')} }}/webinars/reports/get`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			...bizonQuery([]),
			options: {},
		},
	});
	const bizonViewers = wf.add({
		name: 'Fetch the Bizon365 viewers (API v2)',
		...BASE.httpRequest,
		at: [4, 1],
		credentials: { httpHeaderAuth: CREDENTIAL_NAMES.httpHeaderAuth },
		retry,
		notes: '1,000 viewers a page, every page read',
		parameters: {
			method: 'GET',
			url: `={{ ${setup('Bizon365 API')} }}/reports/getviewers`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			...bizonQuery([
				{ name: 'skip', value: '0' },
				{ name: 'limit', value: '1000' },
			]),
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [{ type: 'qs', name: 'skip', value: '={{ $pageCount * 1000 }}' }],
						},
						paginationCompleteWhen: 'other',
						completeExpression:
							'={{ !Array.isArray($response.body.viewers) || $response.body.viewers.length < 1000 }}',
						limitPagesFetched: true,
						maxRequests: 200,
					},
				},
			},
		},
	});
	const zoom = wf.add({
		name: 'Fetch the Zoom participants',
		...BASE.httpRequest,
		at: [3, 1.6],
		credentials: { zoomOAuth2Api: CREDENTIAL_NAMES.zoomOAuth2Api },
		retry,
		notes: 'The participants report, 300 rows a page, every page read',
		parameters: {
			method: 'GET',
			// A webinar's UUID that holds a slash is encoded twice, as Zoom asks.
			url: `={{ ${setup('Zoom API')} }}/report/{{ String($json["Платформа"]).includes("конференц") ? "meetings" : "webinars" }}/{{ (id => /\\//.test(id) ? encodeURIComponent(encodeURIComponent(id)) : encodeURIComponent(id.replace(/\\s+/g, "")))(${webinarIdOf}) }}/participants`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'zoomOAuth2Api',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'page_size', value: '300' }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [
								{
									type: 'qs',
									name: 'next_page_token',
									value: '={{ $response.body.next_page_token }}',
								},
							],
						},
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !$response.body.next_page_token }}',
						limitPagesFetched: true,
						maxRequests: 500,
					},
				},
			},
		},
	});
	const mtsLink = wf.add({
		name: 'Fetch the MTS Link statistics',
		...BASE.httpRequest,
		at: [3, 2.4],
		credentials: { httpCustomAuth: CREDENTIAL_NAMES.httpCustomAuth },
		retry,
		notes: 'Statistics may lag behind the end of the event: failed fetches are repeated',
		parameters: {
			method: 'GET',
			url: `={{ ${setup('MTS Link API')} }}/stats/users`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpCustomAuth',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'eventId', value: `={{ ${webinarIdOf} }}` }] },
			options: {},
		},
	});
	const download = wf.add({
		name: 'Download the CSV',
		...BASE.httpRequest,
		at: [3, 3.8],
		parameters: {
			method: 'GET',
			url: `={{ ${setup('CSV or Google Sheet address')} }}`,
			options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
		},
	});

	const dateOfRun = `$('Setup').first().json["Дата вебинара"] || ${setup('Webinar date')} || ""`;
	const routerParameters = {
		format: 'auto',
		thresholdMinutes: `={{ ${setup('Minutes threshold')} }}`,
		precedence: 'activityFirst',
		stageShowedActivity: 'Проявил активность на вебинаре',
		stageStayedLong: 'Был на вебинаре более часа',
		stageStayedShort: 'Был на вебинаре менее часа',
		stageDidNotAttend: 'Не был на вебинаре',
		webinarDate: `={{ ${dateOfRun} }}`,
		webinarTitle: '',
		options: {},
	};
	const routeReport = wf.add({
		name: 'Route the report',
		type: `${PACKAGE}.webinarRouter`,
		typeVersion: 1,
		at: [5, 1.2],
		parameters: { inputMode: 'json', ...routerParameters },
	});
	const routeFile = wf.add({
		name: 'Route the file',
		type: `${PACKAGE}.webinarRouter`,
		typeVersion: 1,
		at: [5, 3],
		notes: 'A CSV (the Zoom export too) or a saved JSON answer; the format is recognised',
		parameters: {
			inputMode: 'file',
			binaryPropertyName: '={{ Object.keys($binary || {})[0] || "data" }}',
			...routerParameters,
		},
	});
	const absent = wf.add({
		name: 'Registered but did not come',
		...BASE.noOp,
		at: [6, 3.9],
		parameters: {},
	});
	const unreadable = wf.add({
		name: 'Unreadable rows (reason in the item)',
		...BASE.noOp,
		at: [6, 4.7],
		parameters: {},
	});
	wf.connect(source, routeFile, { output: 0 })
		.connect(source, bizonV2, { output: 1 })
		.connect(source, zoom, { output: 2 })
		.connect(source, mtsLink, { output: 3 })
		.connect(source, download, { output: 4 })
		.connect(bizonV2, bizonViewers)
		.connect(bizonV2, bizonReport, { output: 1 })
		.connect(bizonReport, routeReport)
		.connect(bizonViewers, routeReport)
		.connect(zoom, routeReport)
		.connect(mtsLink, routeReport)
		.connect(download, routeFile);

	// ---- who is new, who is back --------------------------------------------------------------------------------
	const find = wf.add({
		name: `Find the viewer in ${label}`,
		type: `${PACKAGE}.leadDedup`,
		typeVersion: 1,
		at: [7, 2.2],
		credentials: crm.credentials,
		notes:
			"Looks at the client's deal in the webinar pipeline first; a new phone or email joins the contact",
		parameters: {
			scopes: ['input', 'crm'],
			keys: ['email', 'phone'],
			match: 'any',
			byExternalId: false,
			...crm.choice,
			tagExistingDeal: false,
			noteExistingDeal: false,
			addContactDetails: true,
			options: {
				noteMarker: `={{ ${marker('$json')} }}`,
				preferPipeline: `={{ ${setup('Webinar pipeline')} }}`,
			},
		},
	});
	const reachable = wf.add({
		name: 'An email or a phone?',
		...BASE.if,
		at: [6, 2.2],
		parameters: ifParameters(
			`${wf.slug}/reachable`,
			[is.textNotEmpty('={{ $json.email || "" }}'), is.textNotEmpty('={{ $json.phone || "" }}')],
			'or',
		),
	});
	const unreachable = wf.add({
		name: 'No email or phone: nobody to call',
		...BASE.noOp,
		at: [7, 3.4],
		notes: 'A guest who left no email or phone cannot be told apart or reached: no card is made',
		parameters: {},
	});
	for (const router of [routeReport, routeFile]) {
		for (const output of [0, 1, 2]) wf.connect(router, reachable, { output });
		wf.connect(router, absent, { output: 3 }).connect(router, unreadable, { output: 4 });
	}
	wf.connect(reachable, find).connect(reachable, unreachable, { output: 1 });
	const inWebinarPipeline = `[$json.duplicateOf.pipelineName, $json.duplicateOf.pipelineId].includes(String(${setup('Webinar pipeline')}).trim())`;
	const whereIs = wf.add({
		name: "Where is the client's deal?",
		...BASE.switch,
		at: [8, 2.2],
		parameters: switchParameters(
			`${wf.slug}/where`,
			[
				{
					output: 'Already imported',
					when: [is.true('={{ !!(($json.duplicateOf || {}).actions || {}).noteFound }}')],
				},
				{
					output: 'Same person earlier in this list',
					when: [is.textEquals('={{ $json.duplicateOf.where }}', 'input')],
				},
				{
					output: 'Open deal in the webinar funnel',
					when: [
						is.true(`={{ ${inWebinarPipeline} && $json.duplicateOf.stageSemantics === "open" }}`),
					],
				},
			],
			'No open webinar deal',
		),
	});
	const imported = wf.add({
		name: 'Already imported: nothing changes',
		...BASE.noOp,
		at: [8, 0.8],
		notes: "The client's deal already has this webinar's note",
		parameters: {},
	});
	const joinsFirst = wf.add({
		name: "Repeat: noted on the first row's deal",
		...BASE.noOp,
		at: [7, 0.8],
		notes:
			"The same person twice in the list (by email or phone): the first row carries it, and that row's deal gets it in its note",
		parameters: {},
	});
	wf.connect(find, whereIs, { output: 1 })
		.connect(whereIs, imported, { output: 0 })
		.connect(whereIs, joinsFirst, { output: 1 });

	// ---- a deal in the webinar funnel: fill the card, move a re-attendee, note the webinar ---------------------
	const fillCard = (
		name: string,
		at: [number, number],
		card: string,
		spec: { managerTag: string; dealId: string },
	) =>
		wf.add({
			name,
			type: `${PACKAGE}.leadTagger`,
			typeVersion: 1,
			at,
			credentials: crm.credentials,
			notes: 'The manager tag, and the card fields the CRM has (found by name)',
			parameters: {
				rules: {},
				preset: 'none',
				qualification: 'none',
				managerTag: `={{ ${spec.managerTag} }}`,
				...crm.choice,
				dealId: `={{ ${spec.dealId} }}`,
				tagsToWrite: 'added',
				crmFields: {
					field: [
						{
							name: `={{ ${card}.webinarDate ? ${setup('Card field: last webinar date')} : "" }}`,
							value: `={{ ${card}.webinarDate }}`,
						},
						{
							name: `={{ ${card}.minutesWatched !== null && ${card}.minutesWatched !== undefined ? ${setup('Card field: minutes watched')} : "" }}`,
							value: `={{ ${card}.minutesWatched }}`,
						},
					],
				},
				options: { createMissingTags: true, explain: false },
			},
		});
	const cardOfClient = fillCard('Fill the card on the webinar deal', [9, 1.2], '$json', {
		managerTag: '$json.managerTag || ""',
		dealId: '$json.duplicateOf.dealId',
	});
	const client = `$('${cardOfClient}').item.json`;
	const waiting = wf.add({
		name: 'Waiting for a repeat?',
		...BASE.if,
		at: [10, 1.2],
		parameters: ifParameters(`${wf.slug}/waiting`, [
			is.true(
				`={{ ${setup('Re-attendees move from')}.split(",").map(s => s.trim()).includes(${client}.duplicateOf.stageName) }}`,
			),
		]),
	});
	const move = crm.moveToStage(wf, {
		name: 'Move the deal to its webinar stage',
		at: [11, 0.8],
		dealId: `={{ ${client}.duplicateOf.dealId }}`,
		pipeline: `={{ ${setup('Webinar pipeline')} }}`,
		pipelineBy: amo ? 'name' : 'id',
		stage: `={{ ${client}.targetStage }}`,
	});
	const noteClient = crm.addNote(wf, {
		name: 'Note the webinar on the deal',
		at: [12, 1.2],
		dealId: `={{ ${client}.duplicateOf.dealId }}`,
		text: `={{ ${cardNote(client)} }}`,
	});
	wf.connect(whereIs, cardOfClient, { output: 2 })
		.connect(cardOfClient, waiting)
		.connect(waiting, move)
		.connect(waiting, noteClient, { output: 1 })
		.connect(move, noteClient);

	// ---- no open deal in the webinar funnel: a manager, then a deal -------------------------------------------
	const distribute = wf.add({
		name: 'Choose the manager',
		type: `${PACKAGE}.leadDistribution`,
		typeVersion: 1,
		at: [9, 3],
		credentials: crm.credentials,
		notes:
			'A client another manager works with stays theirs; the others go round the Managers (never an administrator)',
		parameters: {
			...crm.choice,
			strategy: 'roundRobin',
			managersSource: 'crmUsers',
			crmUsers: `={{ ${setup('Managers')} }}`,
			turnsFrom: 'crm',
			recentDays: 7,
			guard: '={{ !!$json.duplicateOf }}',
			options: {},
		},
	});
	const keepManager = wf.add({
		name: "Keep the client's manager",
		...BASE.set,
		at: [10, 3.8],
		parameters: setFields(
			`${wf.slug}/keep manager`,
			[
				['responsibleUserId', '={{ $json.owner.userId }}'],
				['assignee.name', '={{ $json.owner.name || "" }}'],
			],
			true,
		),
	});
	const knownContact = wf.add({
		name: 'Known contact?',
		...BASE.if,
		at: [11, 3],
		parameters: ifParameters(`${wf.slug}/known contact`, [
			is.textEquals('={{ $json.duplicateOf ? $json.duplicateOf.entity : "" }}', 'contact'),
		]),
	});
	wf.connect(find, distribute, { output: 0 })
		.connect(whereIs, distribute, { output: 3 })
		.connect(distribute, knownContact)
		.connect(distribute, keepManager, { output: 1 })
		.connect(keepManager, knownContact);

	const deal = {
		title: (l: string) => `${l}.dealName`,
		pipeline: `={{ ${setup('Webinar pipeline')} }}`,
		stage: (l: string) => `${l}.targetStage`,
		responsible: (l: string) => `${l}.responsibleUserId`,
		utm: true,
		leadFrom: knownContact,
	};
	const returning = crm.createDeal(wf, {
		...deal,
		names: { deal: 'Open a deal for the returning client' },
		at: [12, 3],
		contact: { existingId: (l) => `${l}.duplicateOf.contactId` },
	});
	const fresh = crm.createDeal(wf, {
		...deal,
		names: amo
			? { deal: 'Create the deal for a new viewer' }
			: { contact: "Create the viewer's contact", deal: 'Create the deal for a new viewer' },
		at: [12, 3.8],
		contact: {
			name: (l) => `${l}.name || ${l}.email || ${l}.phone`,
			phone: (l) => `${l}.phone || ""`,
			email: (l) => `${l}.email || ""`,
		},
	});
	const viewer = `$('${knownContact}').item.json`;
	const cardOfNew = fillCard('Fill the card on the new deal', [14, 3.4], viewer, {
		managerTag: `${viewer}.managerTag || String((${viewer}.assignee || {}).name || "").split(" ")[0]`,
		dealId: '$json.id',
	});
	const noteNew = crm.addNote(wf, {
		name: 'Note the webinar on the new deal',
		at: [15, 3.4],
		dealId: '={{ $json.id }}',
		text: `={{ ${cardNote(viewer)} }}`,
	});
	wf.connect(knownContact, returning.first)
		.connect(knownContact, fresh.first, { output: 1 })
		.connect(returning.last, cardOfNew)
		.connect(fresh.last, cardOfNew)
		.connect(cardOfNew, noteNew);

	// ---- notes --------------------------------------------------------------------------------------------------
	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -3.6],
		size: [900, 660],
		color: 5,
		body: [
			`**English.** 1. Credentials: your ${label} account; *Webinar forms login* (Basic Auth: the login of the two forms); *Bizon365 token* (Header Auth: name \`X-Token\`, value: the API token from Bizon365's settings); *Zoom account* (Zoom OAuth2, an app with the \`report:read:admin\` scope); *MTS Link token* (Custom Auth: \`{"headers": {"x-auth-token": "<API key>"}}\`). Only the platforms you use need theirs.`,
			`2. Fill in **Setup**: *Managers* — the CRM user IDs of the managers who take new viewers, comma-separated (empty: every user who sells; administrators and the integration's user never do), *Webinar pipeline*, *Minutes threshold* (60: the offer starts after minute 45 of a 2-hour webinar), *Re-attendees move from* (stages whose clients are moved again), *Webinar date* (for files without dates), *Card field: last webinar date* and *Card field: minutes watched* — make a date field and a number field with these names on deals (or, in amoCRM, contacts) and they are filled; *Bizon365 API* (v2 accounts: \`https://online.bizon365.ru/api/v2/<project>\`), *Zoom API*, *MTS Link API*, *CSV or Google Sheet address* (File → Share → Publish to web → CSV).`,
			'3. Publish. Give the team the production URLs of the two forms: *Form: upload the viewers file* (CSV, the Zoom export, a saved JSON answer) and *Form: fetch a report from the platform* (platform and webinar ID). Give Bizon365 the production URL of *Webinar ended (webhook)* (it takes only a webinar ID; the report is fetched with your token). Running the same import again changes nothing.',
			'',
			`**Русский.** 1. Учётные данные: аккаунт ${label}; *Webinar forms login* — логин двух форм (Basic Auth); *Bizon365 token* — Header Auth (имя \`X-Token\`, значение — токен API Бизона); *Zoom account* — Zoom OAuth2 (приложение с правом \`report:read:admin\`); *MTS Link token* — Custom Auth (\`{"headers": {"x-auth-token": "<ключ API>"}}\`). Нужны только те платформы, которыми вы пользуетесь.`,
			'2. Заполните **Setup**: *Managers* — ID менеджеров в CRM через запятую, которым уходят новые участники (пусто — все, кто продаёт; администраторы и пользователь интеграции — никогда), *Webinar pipeline* — воронка вебинара, *Minutes threshold* — порог в минутах, *Re-attendees move from* — из каких этапов снова переносить пришедших, *Webinar date* — дата вебинара для файлов без дат, *Card field: last webinar date* и *Card field: minutes watched* — создайте в сделках (в amoCRM можно в контактах) поле-дату и поле-число с этими названиями, и они будут заполняться; *Bizon365 API*, *Zoom API*, *MTS Link API* — адреса API, *CSV or Google Sheet address* — ссылка на CSV или опубликованную таблицу.',
			'3. Опубликуйте. Дайте команде production-ссылки двух форм: загрузка файла (CSV, выгрузка Zoom, сохранённый JSON) и загрузка с платформы (платформа и ID вебинара). Бизону укажите production-URL узла *Webinar ended (webhook)*. Повторный запуск того же импорта ничего не меняет.',
		].join('\n'),
	});
	wf.sticky({
		title: '1. The viewers',
		around: [hook, upload, fetchForm, manual, setupNode, source],
		color: 7,
		body: 'A file through a form, the platform through a form, the Bizon365 webhook, or a CSV / Google Sheet by hand.',
	});
	wf.sticky({
		title: '2. The report, three funnels',
		around: [bizonV2, bizonReport, bizonViewers, zoom, mtsLink, download, routeReport, routeFile],
		color: 7,
		body: 'The format is recognised. Clicked an activity button → «Проявил активность»; ≥ 60 min → «более часа»; the rest → «менее часа».',
	});
	wf.sticky({
		title: '3. New or back?',
		around: [find, whereIs, imported, joinsFirst],
		color: 7,
		body: `Looked up in ${label} by email and phone. A client whose deal already has this webinar's note is left alone.`,
	});
	wf.sticky({
		title: '4. In the webinar funnel',
		around: [cardOfClient, waiting, move, noteClient],
		color: 7,
		body: 'The card is filled and the webinar noted; a client waiting for a repeat moves to the stage of what they did, a client in work keeps theirs.',
	});
	wf.sticky({
		title: `5. A new webinar deal in ${label}`,
		around: [
			distribute,
			keepManager,
			knownContact,
			returning.first,
			fresh.first,
			fresh.last,
			cardOfNew,
			noteNew,
		],
		color: 7,
		body: 'Newcomers, former clients and clients in work in another pipeline get a deal «email, name» in their funnel — with the manager who already works with them, else the next manager.',
	});
	return wf;
}
