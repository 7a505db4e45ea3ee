/**
 * Template 3: the telephony reports each finished call; Call Attempts finds the client's deal, counts the calls
 * without a conversation from the CRM's history (writing the call there when the telephony does not) and acts: a
 * call-back task at the next allowed time, the close as lost «Не дозвонились более 3 раз» after the third, or the
 * stage for foreign numbers.
 */
import { WorkflowBuilder } from './builder';
import { BASE, ifParameters, is, setFields, setup } from './baseNodes';
import { PACKAGE, TELEPHONY_LOGIN, type CrmKit } from './crm';

/** What the webhooks answer: Sipuni suspends its events unless it is told this. */
const SUCCESS = '{"success": true}';

export function callResultsTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const amo = crm.kind === 'amocrm';
	const wf = new WorkflowBuilder(
		`${crm.kind}-3-call-results`,
		`Call results → next call, close or Europe stage (${label})`,
		`A telephony webhook (Mango Office, onlinePBX, Sipuni, UIS, Zadarma, Bitrix24 or amoCRM calls) → Call Attempts counts the calls to the client in ${label} → a call-back task, «Не дозвонились более 3 раз» after the third, or «Недозвонились до клиента. Европа» for numbers outside Russia.`,
	);
	const hook = wf.add({
		name: 'Telephony: call finished',
		...BASE.webhook,
		at: [0, 2],
		webhook: true,
		credentials: { httpBasicAuth: TELEPHONY_LOGIN },
		notes: 'Basic Auth: the login is written into the URL the telephony calls',
		parameters: {
			httpMethod: 'POST',
			path: `${crm.kind}-call-finished`,
			authentication: 'basicAuth',
			responseMode: 'onReceived',
			// Sipuni suspends its events unless the answer is this.
			options: { responseData: SUCCESS },
		},
	});
	// Zadarma checks the address with a GET that must echo `zd_echo`; Sipuni may send its events by GET.
	const getHook = wf.add({
		name: 'Telephony: address check or GET',
		...BASE.webhook,
		at: [0, -2],
		webhook: true,
		credentials: { httpBasicAuth: TELEPHONY_LOGIN },
		notes: "Zadarma's address check (zd_echo) is answered; a call sent by GET (Sipuni) is counted",
		parameters: {
			httpMethod: 'GET',
			path: `${crm.kind}-call-finished`,
			authentication: 'basicAuth',
			responseMode: 'responseNode',
			options: {},
		},
	});
	const answer = wf.add({
		name: 'Answer the telephony',
		...BASE.respondToWebhook,
		at: [1, -2],
		parameters: {
			respondWith: 'text',
			responseBody: `={{ $json.query.zd_echo || '${SUCCESS}' }}`,
			options: {},
		},
	});
	const isCall = wf.add({
		name: 'A call, not an address check?',
		...BASE.if,
		at: [2, -2],
		parameters: ifParameters(`${wf.slug}/is call`, [
			is.textEquals('={{ String($json.query.zd_echo || "") }}', ''),
		]),
	});
	const checked = wf.add({
		name: 'Address check answered',
		...BASE.noOp,
		at: [3, -2],
		parameters: {},
	});
	// Mango Office is given an address and posts each event to it + `/events/<event>`: the call's end comes to
	// `/events/summary` (its other events find no webhook and start nothing).
	const mangoHook = wf.add({
		name: 'Mango Office: call finished',
		...BASE.webhook,
		at: [0, 3.2],
		webhook: true,
		credentials: { httpBasicAuth: TELEPHONY_LOGIN },
		notes: "Mango Office's summary event: the same address + /events/summary",
		parameters: {
			httpMethod: 'POST',
			path: `${crm.kind}-call-finished/events/summary`,
			authentication: 'basicAuth',
			responseMode: 'onReceived',
			options: { responseData: SUCCESS },
		},
	});
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 2],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['Pipeline', amo ? 'Вебинар' : 'Вебинар «Больше чем игрушка»'],
				['Loss reason', 'Не дозвонились более 3 раз'],
				['Foreign-number stage', 'Недозвонились до клиента. Европа'],
				['Company time zone', 'Europe/Moscow'],
				['Company phone numbers', ''],
			],
			true,
		),
	});
	const count = wf.add({
		name: 'Count the attempt and decide',
		type: `${PACKAGE}.callAttempts`,
		typeVersion: 1,
		at: [2, 2],
		credentials: crm.credentials,
		onError: 'continueErrorOutput',
		notes: '3 calls without a conversation, calls 10:00–19:00 on working days',
		parameters: {
			...crm.choice,
			source: 'auto',
			dealLookup: 'phone',
			pipeline: `={{ ${setup('Pipeline')} }}`,
			historySource: 'crm',
			cadence: 'webinarFunnel',
			companyTimeZone: `={{ ${setup('Company time zone')} }}`,
			leadTimeZone: '',
			createTask: true,
			closeLost: true,
			lossReason: `={{ ${setup('Loss reason')} }}`,
			moveForeign: true,
			foreignStage: `={{ ${setup('Foreign-number stage')} }}`,
			logCalls: true,
			// Two deliveries of one call at the same moment (a telephony's retry) make one task: the second waits for the
			// first and finds the call handled. Redis in queue mode, where workers do not share this process's memory.
			claimStore: 'process',
			claimOptions: {},
			options: { companyNumbers: `={{ ${setup('Company phone numbers')} }}` },
		},
	});
	const outcomes = [
		'Reached: they talked, nothing to change',
		'Retry: call-back task planned',
		'Exhausted: closed as lost',
		'Foreign number: moved to the email / messenger stage',
		'Skipped: not a finished call, or handled before',
		'No deal for this call (reason in the item)',
	];
	outcomes.forEach((name, output) => {
		wf.add({ name, ...BASE.noOp, at: [3.2, output * 0.8], parameters: {} });
		wf.connect(count, name, { output });
	});
	wf.chain(hook, setupNode, count).connect(mangoHook, setupNode);
	wf.chain(getHook, answer, isCall, setupNode).connect(isCall, checked, { output: 1 });

	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -2.5],
		size: [760, 700],
		color: 5,
		body: [
			`**English.** 1. Credentials: your ${label} account in *Count the attempt and decide*; a *${TELEPHONY_LOGIN}* (Basic Auth) in *Telephony: call finished* — a user name and a long password of letters and digits only, so that they can be written into a URL.`,
			"2. Fill in **Setup**: *Pipeline* (whose deals are called; empty: the client's open deal in any pipeline), *Loss reason* and *Foreign-number stage* (names as in the CRM), *Company time zone* (calls are planned 10:00–19:00 there).",
			'3. Publish, and in your telephony\'s settings (Mango Office, onlinePBX, Sipuni, UIS, Zadarma…) give the production URL of *Telephony: call finished* with the login written into it as the "call ended" webhook: `https://<user>:<password>@<your n8n>/webhook/' +
				crm.kind +
				'-call-finished` (the telephony sends it as Basic Auth). Mango Office takes the same URL as its address and adds `/events/summary` itself (*Mango Office: call finished* receives it). A request without the login gets 401 and starts nothing, so nobody who guesses the address can close your deals. Where the telephony can send a header instead, *Header Auth* works too.',
			`4. Each call is written into the deal's history in ${label} (${amo ? 'a call note' : 'a completed call activity'}) unless it is there already, so the attempts are counted right when the telephony only posts this webhook. If the telephony's own ${label} integration logs calls too, nothing is counted twice. If the telephony does not say who called (e.g. Sipuni without src_type/dst_type), list your numbers in *Company phone numbers* (extensions of 5 digits or fewer are known anyway).`,
			"5. n8n in queue mode (several workers): set *Claim Store* of *Count the attempt and decide* to Redis (n8n's Redis credential), so the same call delivered to two workers at once makes one task.",
			'',
			`**Русский.** 1. Учётные данные: аккаунт ${label} в узле *Count the attempt and decide*; *${TELEPHONY_LOGIN}* (Basic Auth) в узле *Telephony: call finished* — логин и длинный пароль только из латинских букв и цифр, чтобы их можно было записать в адрес.`,
			'2. Заполните **Setup**: *Pipeline* — воронка, чьим клиентам звонят (пусто — любая), *Loss reason* — причина отказа, *Foreign-number stage* — этап для номеров не +7, *Company time zone* — часовой пояс компании.',
			'3. Опубликуйте и укажите в настройках телефонии как вебхук окончания звонка production-URL узла *Telephony: call finished* с логином и паролем в адресе: `https://<логин>:<пароль>@<ваш n8n>/webhook/' +
				crm.kind +
				'-call-finished` (телефония передаёт их как Basic Auth). Mango Office получает тот же адрес и сама добавляет `/events/summary` (его принимает узел *Mango Office: call finished*). Запрос без логина получает 401 и ничего не запускает — тот, кто угадает адрес, не закроет ваши сделки. Если телефония умеет отправлять заголовок, подойдёт и *Header Auth*.',
			`4. Каждый звонок записывается в историю сделки в ${label} (${amo ? 'примечание о звонке' : 'завершённое дело «Звонок»'}), если его там ещё нет, — попытки считаются верно, даже когда телефония только шлёт этот вебхук. Если интеграция телефонии с ${label} тоже записывает звонки, ничего не посчитается дважды. Если телефония не сообщает, кто кому звонил (например, Sipuni без src_type/dst_type), укажите номера компании в *Company phone numbers* (внутренние номера до 5 цифр узнаются и так).`,
			'5. n8n в режиме очереди (несколько воркеров): в узле *Count the attempt and decide* выберите *Claim Store* — Redis (учётные данные Redis в n8n), чтобы один звонок, пришедший на два воркера одновременно, дал одну задачу.',
		].join('\n'),
	});
	wf.sticky({
		title: '1. A call ended',
		around: [hook, mangoHook, setupNode],
		color: 7,
		body: 'Any of the supported telephonies, recognised by the shape of the request; every webhook takes the same login.',
	});
	wf.sticky({
		title: '0. The same address by GET',
		around: [getHook, answer, isCall, checked],
		color: 7,
		body: 'Zadarma checks the address when it is saved (its zd_echo is sent back); a telephony that sends its events by GET (Sipuni can) is counted like a POST.',
	});
	wf.sticky({
		title: '2. Count and act',
		around: [count, ...outcomes],
		color: 7,
		body: `The call goes into the deal's history if it is not there yet. The 1st and 2nd call without a conversation: a call-back task; the 3rd: closed as lost; a number outside Russia (Kazakhstan too): the Europe stage. A repeated delivery changes nothing.`,
	});
	return wf;
}
