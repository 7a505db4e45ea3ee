/**
 * Template 4: every Monday at 09:00 (or when someone presses "Run now") the pipelines are audited — deals without a
 * next step, overdue tasks, stuck and swamp deals, lost without a reason, slow first response — the webinar funnel's weekly
 * close of «Отправлен на повтор вебинара» runs, and a short report per manager is written, ready to be sent by
 * email or Telegram (two nodes the user switches on). Beside it, Funnel Metrics reports last week's numbers (funnel
 * chart, conversions, revenue, talk time per manager) as an HTML e-mail and a Telegram message (two more nodes,
 * switched off until the user fills the address and the chat).
 */
import { WorkflowBuilder } from './builder';
import { BASE, setFields, setup } from './baseNodes';
import { PACKAGE, type CrmKit } from './crm';

/** The weekly report as text: the audit's totals, the cleanup, then one line per manager. */
const REPORT = [
	'[',
	'"Аудит воронки " + $json.rows[0].auditedAt.slice(0, 10) + ": " + $json.rows[0].deals + " сделок, " + $json.rows[0].findings + " замечаний.",',
	'$json.rows[0].cleanup ? "Чистка «" + $json.rows[0].cleanup.stage + "»" + ($json.rows[0].cleanup.dryRun ? " (проверка, без изменений)" : "") + ": закрыто " + $json.rows[0].cleanup.closedLost + ", возвращено " + $json.rows[0].cleanup.movedBack + ", оставлено " + $json.rows[0].cleanup.kept + "." : "",',
	'...$json.rows.filter(r => r.summary === "manager" && r.findings > 0).map(r => "• " + (r.responsibleName || "Без ответственного") + ": " + r.findings + " (без задачи " + r.byType.noOpenTask + ", просрочено " + r.byType.overdueTask + ", зависли " + r.byType.stuckInStage + ", болото " + r.byType.swampStage + ", без причины отказа " + r.byType.lostWithoutReason + ", медленный первый звонок " + r.byType.slowFirstResponse + ")")',
	'].filter(line => line).join("\\n")',
].join(' ');

export function weeklyCleanupTemplate(crm: CrmKit): WorkflowBuilder {
	const { label } = crm;
	const wf = new WorkflowBuilder(
		`${crm.kind}-4-weekly-cleanup`,
		`Weekly pipeline cleanup and report (${label})`,
		`Every Monday at 09:00: Pipeline Audit of ${label} (no next step, overdue tasks, stuck and swamp deals, lost without a reason, slow first response), the weekly close of «Отправлен на повтор вебинара» after 7 days with «Без причины», and a report per manager to send by email or Telegram.`,
	);
	const weekly = wf.add({
		name: 'Every Monday at 09:00',
		...BASE.scheduleTrigger,
		at: [0, 1],
		parameters: {
			rule: {
				interval: [
					{
						field: 'weeks',
						weeksInterval: 1,
						triggerAtDay: [1],
						triggerAtHour: 9,
						triggerAtMinute: 0,
					},
				],
			},
		},
	});
	const now = wf.add({ name: 'Run now', ...BASE.manualTrigger, at: [0, 2.5], parameters: {} });
	const setupNode = wf.add({
		name: 'Setup',
		...BASE.set,
		at: [1, 1.7],
		parameters: setFields(
			`${wf.slug}/Setup`,
			[
				['Pipelines', ''],
				['Repeat-webinar stage', 'Отправлен на повтор вебинара'],
				['Close after (days)', 7],
				['Loss reason', 'Без причины'],
				['Dry run (report only)', true],
				['Report to (email)', ''],
				['Report to (Telegram chat ID)', ''],
				['Cost field (for margin)', ''],
			],
			true,
		),
	});
	const audit = wf.add({
		name: 'Audit the pipelines and clean up',
		type: `${PACKAGE}.pipelineAudit`,
		typeVersion: 1,
		at: [2, 1.7],
		credentials: crm.credentials,
		parameters: {
			...crm.choice,
			pipelines: `={{ ${setup('Pipelines')} }}`,
			noOpenTask: true,
			overdueTask: true,
			stuckAfterDays: 14,
			swampStages: 'Думает, В работе, На рассмотрении, Отложено, Сделка отложена',
			lostWithoutReason: true,
			lostWithinDays: 30,
			maxStages: 8,
			firstResponseMinutes: 20,
			firstResponseWindowDays: 7,
			cleanup: true,
			cleanupStage: `={{ ${setup('Repeat-webinar stage')} }}`,
			cleanupAfterDays: `={{ ${setup('Close after (days)')} }}`,
			cleanupLossReason: `={{ ${setup('Loss reason')} }}`,
			dryRun: `={{ ${setup('Dry run (report only)')} }}`,
		},
	});
	const findings = wf.add({
		name: 'Each finding: the deal, its manager, what to do',
		...BASE.noOp,
		at: [3, 0.7],
		parameters: {},
	});
	const cleaned = wf.add({ name: 'Each cleanup action', ...BASE.noOp, at: [3, 3], parameters: {} });
	const collect = wf.add({
		name: 'Collect the summary',
		...BASE.aggregate,
		at: [4, 1.7],
		parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: 'rows', options: {} },
	});
	const write = wf.add({
		name: 'Write the weekly report',
		...BASE.set,
		at: [5, 1.7],
		parameters: setFields(`${wf.slug}/report`, [['report', `={{ ${REPORT} }}`]], false),
	});
	/** A Send Email node, switched off until the user chooses an SMTP credential. */
	const emailNode = (name: string, at: [number, number], message: Record<string, string>) =>
		wf.add({
			name,
			...BASE.emailSend,
			at,
			disabled: true,
			// Send Email 2.1 can also "send and wait for a reply", a webhook: the editor gives it an id, and so do we.
			webhook: true,
			notes: 'Switch on and choose your SMTP credential',
			parameters: {
				fromEmail: 'crm-robot@example.com',
				toEmail: `={{ ${setup('Report to (email)')} }}`,
				...message,
				options: {},
			},
		});
	/** A Telegram node, switched off until the user chooses a bot credential. */
	const telegramNode = (
		name: string,
		at: [number, number],
		text: string,
		additionalFields: Record<string, unknown>,
	) =>
		wf.add({
			name,
			...BASE.telegram,
			at,
			disabled: true,
			webhook: true,
			notes: 'Switch on and choose your Telegram bot credential',
			parameters: {
				chatId: `={{ ${setup('Report to (Telegram chat ID)')} }}`,
				text,
				additionalFields,
			},
		});
	const email = emailNode('Send the report by email', [6, 1.2], {
		subject: `=Аудит воронки ${label}: {{ $now.toFormat('dd.MM.yyyy') }}`,
		emailFormat: 'text',
		text: '={{ $json.report }}',
	});
	const telegram = telegramNode('Send the report to Telegram', [6, 2.2], '={{ $json.report }}', {
		appendAttribution: false,
	});
	const metrics = wf.add({
		name: "Last week's funnel metrics",
		type: `${PACKAGE}.funnelMetrics`,
		typeVersion: 1,
		at: [2, 5.6],
		credentials: crm.credentials,
		parameters: {
			...crm.choice,
			period: 'lastWeek',
			pipelines: `={{ ${setup('Pipelines')} }}`,
			options: { costField: `={{ ${setup('Cost field (for margin)')} }}`, language: 'ru' },
		},
	});
	const rows = wf.add({
		name: "Each manager's and pipeline's numbers",
		...BASE.noOp,
		at: [3, 5.3],
		parameters: {},
	});
	const mailMetrics = emailNode('Send the metrics by email', [3, 6.3], {
		subject: '={{ $json.subject }}',
		emailFormat: 'html',
		html: '={{ $json.html }}',
	});
	const telegramMetrics = telegramNode(
		'Send the metrics to Telegram',
		[4, 6.3],
		'={{ $json.markdown }}',
		{ appendAttribution: false, parse_mode: 'Markdown' },
	);
	wf.connect(weekly, setupNode).connect(now, setupNode).chain(setupNode, audit);
	wf.connect(setupNode, metrics)
		.connect(metrics, rows)
		.connect(metrics, mailMetrics, { output: 1 })
		.connect(metrics, telegramMetrics, { output: 1 });
	wf.connect(audit, findings)
		.connect(audit, collect, { output: 1 })
		.connect(audit, cleaned, { output: 2 });
	wf.chain(collect, write, email).connect(write, telegram);

	wf.sticky({
		title: 'Setup — Настройка',
		at: [-0.3, -2.2],
		size: [700, 470],
		color: 5,
		body: [
			`**English.** 1. Credentials: your ${label} account in *Audit the pipelines and clean up*.`,
			'2. Fill in **Setup**: *Pipelines* (names, comma-separated; empty: all), *Repeat-webinar stage*, *Close after (days)*, *Loss reason*, *Dry run (report only)* — leave `true` until the report looks right, then `false` to close the deals; *Report to (email)*, *Report to (Telegram chat ID)*; *Cost field (for margin)* — a deal field with the cost of the sale, or empty.',
			"3. Switch on *Send the report by email* or *…to Telegram* and choose its credential; the same for *Send the metrics by email* / *…to Telegram* (last week's funnel chart, conversions, revenue, talk time per manager). Publish: the schedule runs Mondays at 09:00 (the workflow's time zone: Europe/Moscow).",
			'',
			`**Русский.** 1. Учётные данные: аккаунт ${label} в узле *Audit the pipelines and clean up*.`,
			'2. Заполните **Setup**: *Pipelines* — воронки через запятую (пусто — все), *Repeat-webinar stage* — этап «Отправлен на повтор вебинара», *Close after (days)* — через сколько дней закрывать, *Loss reason* — причина отказа, *Dry run (report only)* — `true`: только отчёт, `false`: закрывать сделки; адреса для отчёта.',
			'3. Включите отправку отчёта по почте или в Telegram, и так же — отправку метрик за прошлую неделю (воронка с конверсией по этапам, выручка, средний чек, минуты разговоров по менеджерам); *Cost field (for margin)* — поле сделки с себестоимостью (пусто — без маржи). Опубликуйте: запуск по понедельникам в 09:00.',
		].join('\n'),
	});
	wf.sticky({
		title: '1. Every Monday, or now',
		around: [weekly, now, setupNode],
		color: 7,
		body: '*Run now* runs the same job by hand.',
	});
	wf.sticky({
		title: '2. Audit and the weekly close',
		around: [audit, findings, cleaned],
		color: 7,
		body: 'Findings: one item per problem. Cleanup: deals a week in «Отправлен на повтор вебинара» are closed «Без причины» (send them the invitation again first).',
	});
	wf.sticky({
		title: "4. Last week's numbers",
		around: [metrics, rows, mailMetrics, telegramMetrics],
		color: 7,
		body: 'Funnel Metrics: a row per manager and pipeline, and a report (HTML e-mail with the funnel chart, the same for Telegram).',
	});
	wf.sticky({
		title: '3. The report',
		around: [collect, write, email, telegram],
		color: 7,
		body: 'One line per manager with what to fix; switch on the way to send it.',
	});
	return wf;
}
