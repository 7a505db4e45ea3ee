/**
 * Template 5 (the agency's rule): a manager who closes a deal as lost does not get the last word — the CRM reports the
 * close, the deal is reopened in «Контроль качества», handed to another manager (the one with the fewest open
 * deals, never the one who closed it), tagged «КК», and that manager gets a call task to ask the client whether
 * everything was clear. Each deal goes through quality control once: when the second manager closes it, it stays
 * closed. "Once" is kept in n8n's deduplication store, which every worker shares (queue mode safe).
 */
import { WorkflowBuilder } from './builder';
import { BASE, ifParameters, is, setFields, setup } from './baseNodes';
import { CREDENTIAL_NAMES, PACKAGE, type CrmKit } from './crm';

/** What the CRM's event says about the deal, in the same words for both CRMs. */
const DEAL_FIELDS = {
	amocrm: {
		dealId: '={{ String($json.id) }}',
		pipelineId: '={{ String($json.pipeline_id) }}',
		closedLost: '={{ Number($json.status_id) === 143 }}',
		closedBy: '={{ String($json.responsible_user_id || "") }}',
	},
	bitrix24: {
		dealId: '={{ String($json.id) }}',
		pipelineId: '={{ String(($json.record || {}).CATEGORY_ID || 0) }}',
		closedLost: '={{ ($json.record || {}).STAGE_SEMANTIC_ID === "F" }}',
		closedBy: '={{ String(($json.record || {}).ASSIGNED_BY_ID || "") }}',
	},
} as const;

export function qualityControlTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const amo = crm.kind === 'amocrm';
	const wf = new WorkflowBuilder(
		`${crm.kind}-5-quality-control`,
		`Quality control before a deal is lost (${label})`,
		`The agency's quality control: a deal closed as lost in ${label} is reopened in «Контроль качества», handed to another manager with the tag «КК» and a call task, once per deal.`,
	);
	const trigger = wf.add(
		amo
			? {
					name: 'amoCRM: deal stage changed',
					type: `${PACKAGE}.amoCrmTrigger`,
					typeVersion: 1,
					at: [0, 1],
					webhook: true,
					credentials: crm.credentials,
					parameters: { authentication: 'longLivedToken', events: ['status_lead'] },
				}
			: {
					name: 'Bitrix24: deal changed',
					type: `${PACKAGE}.bitrix24Trigger`,
					typeVersion: 1,
					at: [0, 1],
					webhook: true,
					credentials: {
						bitrix24OutgoingWebhookApi: CREDENTIAL_NAMES.bitrix24OutgoingWebhookApi,
						...crm.credentials,
					},
					// Our own changes are not filtered out by user: the webhook's user may well be a manager who closes deals
					// too. Those changes reopen the deal, so "Closed as lost?" lets them pass by.
					notes:
						'Reads the deal after each change (Bitrix24 has no "stage changed" event for outgoing webhooks)',
					parameters: { events: ['ONCRMDEALUPDATE'], fetchRecord: true, ignoreOwnChanges: false },
				},
	);
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 1],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['Quality-control stage', 'Контроль качества'],
				['Tag', 'КК'],
				['Quality-control managers', ''],
				['Call the client within (minutes)', 120],
			],
			true,
		),
	});
	const deal = wf.add({
		name: 'Read the deal from the event',
		...BASE.set,
		at: [2, 1],
		parameters: setFields(
			`${wf.slug}/deal`,
			[
				['dealId', DEAL_FIELDS[crm.kind].dealId],
				['pipelineId', DEAL_FIELDS[crm.kind].pipelineId],
				['closedLost', DEAL_FIELDS[crm.kind].closedLost, 'boolean'],
				['closedBy', DEAL_FIELDS[crm.kind].closedBy],
			],
			false,
		),
	});
	const closedLost = wf.add({
		name: 'Closed as lost?',
		...BASE.if,
		at: [3, 1],
		parameters: ifParameters(`${wf.slug}/closed lost`, [is.true('={{ $json.closedLost }}')]),
	});
	const otherChange = wf.add({
		name: 'Any other change: nothing to do',
		...BASE.noOp,
		at: [3, 2.5],
		parameters: {},
	});
	// n8n's store of earlier executions lets every item of one delivery through when they share a key: amoCRM sends
	// events that happen close together in one request, so the same close can come twice at once.
	const oncePerDelivery = wf.add({
		name: 'Each deal once per delivery',
		...BASE.removeDuplicates,
		at: [4, 1],
		notes: 'The same close reported twice in one delivery is handled once',
		parameters: {
			operation: 'removeDuplicateInputItems',
			compare: 'selectedFields',
			fieldsToCompare: 'dealId',
			options: {},
		},
	});
	const once = wf.add({
		name: 'Only deals not yet checked',
		...BASE.removeDuplicates,
		at: [5, 1],
		notes: 'A deal the second manager closes stays closed: each deal is checked once',
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			logic: 'removeItemsWithAlreadySeenKeyValues',
			dedupeValue: '={{ $json.dealId }}',
			options: {},
		},
	});
	const choose = wf.add({
		name: 'Choose another manager',
		type: `${PACKAGE}.leadDistribution`,
		typeVersion: 1,
		at: [6, 1],
		credentials: crm.credentials,
		notes: 'The manager with the fewest open deals; the one who closed the deal is left out',
		parameters: {
			...crm.choice,
			strategy: 'leastOpenLeads',
			managersSource: 'crmUsers',
			crmUsers: `={{ ${setup('Quality-control managers')} }}`,
			absentManagers: '={{ $json.closedBy }}',
			guard: false,
			options: {},
		},
	});
	const handed = `$('${choose}').item.json`;
	const reopen = crm.moveToStage(wf, {
		name: 'Reopen in «Контроль качества»',
		at: [7, 1],
		dealId: '={{ $json.dealId }}',
		pipeline: '={{ $json.pipelineId }}',
		pipelineBy: 'id',
		stage: `={{ ${setup('Quality-control stage')} }}`,
		onError: 'continueErrorOutput',
	});
	const noStage = wf.add({
		name: 'No such stage in this pipeline: stays lost',
		...BASE.noOp,
		at: [8, 2.5],
		parameters: {},
	});
	const assign = crm.assign(wf, {
		name: 'Hand to the quality-control manager',
		at: [8, 1],
		dealId: `={{ ${handed}.dealId }}`,
		responsible: `={{ ${handed}.responsibleUserId }}`,
	});
	const tag = crm.addTags(wf, {
		name: 'Tag «КК»',
		at: [9, 1],
		dealId: `={{ ${handed}.dealId }}`,
		tags: `={{ ${setup('Tag')} }}`,
	});
	const task = crm.planCall(wf, {
		name: 'Task: ask the client if all was clear',
		at: [10, 1],
		dealId: `={{ ${handed}.dealId }}`,
		minutes: `={{ ${setup('Call the client within (minutes)')} }}`,
		responsible: `={{ ${handed}.responsibleUserId }}`,
		text: 'Контроль качества: позвонить клиенту от отдела качества, уточнить, всё ли было понятно, и закрыть сделку или вернуть её в работу',
	});
	wf.chain(
		trigger,
		setupNode,
		deal,
		closedLost,
		oncePerDelivery,
		once,
		choose,
		reopen,
		assign,
		tag,
		task,
	);
	wf.connect(closedLost, otherChange, { output: 1 }).connect(reopen, noStage, { output: 1 });

	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -2.3],
		size: [700, 480],
		color: 5,
		body: [
			amo
				? "**English.** 1. Credentials: your amoCRM account (an administrator: the trigger subscribes to amoCRM's webhooks when you publish)."
				: "**English.** 1. Credentials: the *Bitrix24 outgoing webhook* (event ONCRMDEALUPDATE, its handler = this trigger's production URL) and your inbound webhook in every Bitrix24 node. Add the stage «Контроль качества» to your pipelines.",
			"2. Fill in **Setup**: *Quality-control managers* — the CRM user IDs of the managers who check lost deals, comma-separated (empty: every user who sells; administrators, the account's owner and the integration's user never take deals), *Quality-control stage* (its name in the CRM), *Tag*, *Call the client within (minutes)*.",
			'3. Publish. From then on a deal closed as lost comes back once, to another manager.',
			'',
			amo
				? '**Русский.** 1. Учётные данные: аккаунт amoCRM (администратор: при публикации триггер подписывается на вебхуки amoCRM).'
				: '**Русский.** 1. Учётные данные: исходящий вебхук Bitrix24 (событие ONCRMDEALUPDATE, обработчик — production-URL триггера) и входящий вебхук в узлах Bitrix24. Добавьте в воронки этап «Контроль качества».',
			'2. Заполните **Setup**: *Quality-control managers* — ID менеджеров в CRM через запятую, которые проверяют проигранные сделки (пусто — все, кто продаёт; администраторам, владельцу аккаунта и пользователю интеграции сделки не передаются), *Quality-control stage* — этап «Контроль качества», *Tag* — тег «КК», *Call the client within (minutes)* — срок звонка.',
			'3. Опубликуйте. Сделка, закрытая как проигранная, один раз вернётся — к другому менеджеру.',
		].join('\n'),
	});
	wf.sticky({
		title: '1. A deal is closed as lost',
		around: [trigger, setupNode, deal, closedLost, otherChange],
		color: 7,
		body: 'Other stage changes pass by.',
	});
	wf.sticky({
		title: '2. Quality control',
		around: [oncePerDelivery, once, choose, reopen, noStage, assign, tag, task],
		color: 7,
		body: 'Once per deal: another manager, «Контроль качества», tag «КК», a call to the client. Then they close it or bring it back to work.',
	});
	return wf;
}
