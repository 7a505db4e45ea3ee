/**
 * Template 6: nothing lost after a 200. Every 10 minutes (or when someone presses "Recover now") the failed executions
 * of the lead-capture workflows are found through n8n's public API and retried with n8n's own retry (from the node
 * that failed, with the request the execution stored): a lead n8n acknowledged to the sender and then lost inside
 * n8n — a database timeout under a burst, a worker that died — reaches the CRM without the sender. A retry is
 * idempotent: the leads' dedup keys and the person claims make a retry of a lead already written a Duplicate, never a
 * second deal. Each execution is retried a few times at most, and the run reports what it recovered.
 */
import { WorkflowBuilder } from './builder';
import { BASE, conditions, is, setFields, setup } from './baseNodes';
import { CREDENTIAL_NAMES, type CrmKit } from './crm';

const api = (path: string) => `={{ ${setup('n8n API address')}.replace(/\\/+$/, '') }}${path}`;
const n8nApi = {
	authentication: 'predefinedCredentialType',
	nodeCredentialType: 'n8nApi',
};

export function recoveryTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const wf = new WorkflowBuilder(
		`${crm.kind}-6-recover-failed-leads`,
		`Recover leads whose execution failed (${label})`,
		`Every 10 minutes: the failed executions of the lead-capture workflows (${label}) are retried through n8n's API, so a lead n8n acknowledged and then lost inside n8n still reaches ${label}; a retry of a lead already written makes nothing twice.`,
	);
	const schedule = wf.add({
		name: 'Every 10 minutes',
		...BASE.scheduleTrigger,
		at: [0, 1],
		parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 10 }] } },
	});
	const now = wf.add({ name: 'Recover now', ...BASE.manualTrigger, at: [0, 2.5], parameters: {} });
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 1.7],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['n8n API address', ''],
				['Capture workflows (IDs)', ''],
				['Or workflows named', 'Lead capture'],
				['Look back (hours)', 24],
				['Retries per execution', 3],
			],
			false,
		),
	});
	const workflows = wf.add({
		name: 'List the workflows',
		...BASE.httpRequest,
		at: [2, 1.7],
		credentials: { n8nApi: CREDENTIAL_NAMES.n8nApi },
		parameters: {
			method: 'GET',
			url: api('/workflows'),
			...n8nApi,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'limit', value: '250' }] },
			options: {},
		},
	});
	const eachWorkflow = wf.add({
		name: 'Each workflow',
		...BASE.splitOut,
		at: [3, 1.7],
		parameters: { fieldToSplitOut: 'data', options: {} },
	});
	const captureOnly = wf.add({
		name: 'Capture workflows only',
		...BASE.filter,
		at: [4, 1.7],
		parameters: {
			conditions: conditions(`${wf.slug}/capture only`, [
				is.true(
					`={{ (ids => ids.length ? ids.includes(String($json.id)) : String($json.name).toLowerCase().includes(String(${setup('Or workflows named')}).trim().toLowerCase()))(String(${setup('Capture workflows (IDs)')}).split(",").map(s => s.trim()).filter(s => s)) && $json.id !== $workflow.id }}`,
				),
			]),
			options: {},
		},
	});
	const failed = wf.add({
		name: 'Their failed executions',
		...BASE.httpRequest,
		at: [5, 1.7],
		credentials: { n8nApi: CREDENTIAL_NAMES.n8nApi },
		parameters: {
			method: 'GET',
			url: api('/executions'),
			...n8nApi,
			sendQuery: true,
			queryParameters: {
				parameters: [
					{ name: 'workflowId', value: '={{ $json.id }}' },
					{ name: 'status', value: 'error' },
					{ name: 'limit', value: '250' },
				],
			},
			options: {},
		},
	});
	const eachFailed = wf.add({
		name: 'Each failed execution',
		...BASE.splitOut,
		at: [6, 1.7],
		parameters: { fieldToSplitOut: 'data', options: {} },
	});
	const toRetry = wf.add({
		name: 'Not recovered yet',
		...BASE.filter,
		at: [7, 1.7],
		notes:
			'An original execution (not itself a retry) that no retry has recovered, recent enough, retried fewer times than allowed',
		parameters: {
			conditions: conditions(`${wf.slug}/not recovered`, [
				is.true(
					`={{ !$json.retrySuccessId && !$json.retryOf && new Date($json.startedAt || $json.stoppedAt).getTime() > $now.toMillis() - ${setup('Look back (hours)')} * 3600000 && $('Each failed execution').all().filter(e => String(e.json.retryOf) === String($json.id)).length < ${setup('Retries per execution')} }}`,
				),
			]),
			options: {},
		},
	});
	const read = wf.add({
		name: 'Read the execution',
		...BASE.httpRequest,
		at: [8, 1.7],
		credentials: { n8nApi: CREDENTIAL_NAMES.n8nApi },
		parameters: {
			method: 'GET',
			url: api('/executions/{{ $json.id }}'),
			...n8nApi,
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'includeData', value: 'true' }] },
			options: {},
		},
	});
	// n8n keeps what a retry starts from: the nodes still to run (with their input) or the nodes that ran. An execution
	// that failed in n8n before its first node ran can be stored with neither: its retry would run nothing.
	const keptRequest =
		'(($json.data || {}).executionData || {}).nodeExecutionStack && $json.data.executionData.nodeExecutionStack.length > 0 || Object.keys((($json.data || {}).resultData || {}).runData || {}).length > 0';
	const retryable = wf.add({
		name: 'n8n kept its request',
		...BASE.filter,
		at: [9, 1.7],
		parameters: {
			conditions: conditions(`${wf.slug}/kept`, [is.true(`={{ ${keptRequest} }}`)]),
			options: {},
		},
	});
	const nothingKept = wf.add({
		name: 'Nothing kept to retry',
		...BASE.filter,
		at: [9, 3],
		parameters: {
			conditions: conditions(`${wf.slug}/not kept`, [is.true(`={{ !(${keptRequest}) }}`)]),
			options: {},
		},
	});
	const lostInN8n = wf.add({
		name: 'Lost inside n8n (report)',
		...BASE.set,
		at: [10, 3],
		notes:
			'n8n answered the sender and then failed before the first node, keeping nothing of the request: resend it from its source (the form service, the chat)',
		parameters: setFields(
			`${wf.slug}/lost`,
			[
				['failedExecutionId', '={{ $json.id }}'],
				['workflowId', '={{ $json.workflowId }}'],
				['startedAt', '={{ $json.startedAt }}'],
				[
					'error',
					'={{ (($json.data || {}).resultData || {}).error ? $json.data.resultData.error.message : "" }}',
				],
			],
			false,
		),
	});
	const retry = wf.add({
		name: 'Retry the execution',
		...BASE.httpRequest,
		at: [10, 1.7],
		credentials: { n8nApi: CREDENTIAL_NAMES.n8nApi },
		onError: 'continueRegularOutput',
		notes:
			"n8n's own retry: from the node that failed, with the request the execution stored, with the workflow as saved now",
		parameters: {
			method: 'POST',
			url: api('/executions/{{ $json.id }}/retry'),
			...n8nApi,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '{ "loadWorkflow": true }',
			options: { timeout: 300000 },
		},
	});
	const outcome = wf.add({
		name: 'What the retry did',
		...BASE.set,
		at: [11, 1.7],
		parameters: setFields(
			`${wf.slug}/outcome`,
			[
				['failedExecutionId', `={{ $('Not recovered yet').item.json.id }}`],
				['workflowId', `={{ $('Not recovered yet').item.json.workflowId }}`],
				['retryExecutionId', '={{ $json.id || "" }}'],
				['status', '={{ $json.status || ($json.error ? "error" : "") }}'],
				['recovered', '={{ $json.status === "success" }}', 'boolean'],
				['error', '={{ $json.error ? String($json.error.message || $json.error) : "" }}'],
			],
			false,
		),
	});
	const summary = wf.add({
		name: 'Recovered',
		...BASE.set,
		at: [12, 1.7],
		executeOnce: true,
		parameters: setFields(
			`${wf.slug}/summary`,
			[
				['retried', '={{ $input.all().length }}', 'number'],
				['recovered', '={{ $input.all().filter(i => i.json.recovered).length }}', 'number'],
				[
					'failedAgain',
					'={{ $input.all().filter(i => !i.json.recovered).map(i => i.json.failedExecutionId) }}',
					'array',
				],
				[
					'report',
					'={{ "Восстановлено " + $input.all().filter(i => i.json.recovered).length + " из " + $input.all().length + " упавших запусков" }}',
				],
			],
			false,
		),
	});
	wf.connect(schedule, setupNode)
		.connect(now, setupNode)
		.chain(setupNode, workflows, eachWorkflow, captureOnly, failed, eachFailed, toRetry, read)
		.chain(read, retryable, retry, outcome, summary)
		.chain(read, nothingKept, lostInN8n);

	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -2.3],
		size: [720, 470],
		color: 5,
		body: [
			"**English.** 1. In n8n: *Settings → n8n API → Create an API key*; make an *n8n API* credential with it (its Base URL is this n8n's `…/api/v1`) and choose it in the four HTTP nodes.",
			'2. Fill in **Setup**: *n8n API address* (the same `https://your-n8n/api/v1`), *Capture workflows (IDs)* — the lead-capture workflows, comma-separated (empty: every workflow whose name contains *Or workflows named*), *Look back (hours)*, *Retries per execution*.',
			'3. Publish. Every 10 minutes the failed executions are retried; *Recovered* tells how many came through, *Lost inside n8n* which requests n8n did not keep.',
			'',
			'**Русский.** 1. В n8n: *Settings → n8n API → Create an API key*; создайте учётные данные *n8n API* с этим ключом (Base URL — `…/api/v1` этого n8n) и выберите их в четырёх HTTP-узлах.',
			'2. Заполните **Setup**: *n8n API address* — тот же адрес `https://ваш-n8n/api/v1`, *Capture workflows (IDs)* — ID процессов приёма заявок через запятую (пусто — все, в названии которых есть *Or workflows named*), *Look back (hours)* — за сколько часов смотреть, *Retries per execution* — сколько раз повторять.',
			'3. Опубликуйте. Каждые 10 минут упавшие запуски повторяются; узел *Recovered* показывает, сколько заявок дошло, *Lost inside n8n* — какие заявки n8n не сохранил.',
		].join('\n'),
	});
	wf.sticky({
		title: 'Failed lead-capture executions are retried',
		around: [
			workflows,
			eachWorkflow,
			captureOnly,
			failed,
			eachFailed,
			toRetry,
			retry,
			outcome,
			summary,
		],
		color: 7,
		body: `n8n answered the form 200 and then the execution failed (a database timeout under a burst, a worker restarted): n8n's own retry runs it again from where it failed. A lead already in ${label} is found by its keys and gets no second deal. An execution n8n stored without its request is listed in *Lost inside n8n*.`,
	});
	return wf;
}
