import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import {
	anyObject,
	anyValue,
	fuzzLead,
	fuzzTally,
	HOSTILE_STRINGS,
	prototypePolluted,
	Random,
	tally,
	withinTime,
} from '../../support/fuzz';
import { accountFor, misaccounted } from '../../support/itemAccounting';

/**
 * Every funnel node that works without a CRM, fed seeded batches of hostile items with "Continue (using error
 * output)": each case must finish (no crash of the workflow, no hang) and every input item must leave exactly once —
 * on a named output, or on the error output with its reason and item index.
 */
const CASES = Number(process.env.FUZZ_NODE_CASES ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_901);
const CASE_LIMIT_MS = 10_000;

interface Target {
	title: string;
	type: string;
	parameters: INodeParameters;
	/** 'one': each input leaves once; 'merged': rows merge per person, each row is named by at least one output item. */
	accounting: 'one' | 'merged';
	items(random: Random): IDataObject[];
}

const leads = (random: Random) =>
	Array.from({ length: random.int(1, 25) }, () => fuzzLead(random) as IDataObject);

const TARGETS: Target[] = [
	{
		title: 'Lead Normalize',
		type: 'leadNormalize',
		parameters: { mappingMode: 'auto', source: 'site form', channel: 'tilda', options: {} },
		accounting: 'one',
		items: leads,
	},
	{
		title: 'Lead Dedup (input and history)',
		type: 'leadDedup',
		parameters: {
			scopes: ['input', 'history'],
			keys: ['phone', 'email'],
			match: 'any',
			byExternalId: true,
			historyScope: 'node',
			historySize: 1000,
			options: {},
		},
		accounting: 'one',
		items: (random) => {
			const batch = leads(random);
			// Repeats within the batch, some with the fields of another spelling.
			for (let i = random.int(0, 5); i > 0; i--) batch.push({ ...random.pick(batch) });
			return batch;
		},
	},
	{
		title: 'Lead Tagger (rules, agency preset, qualification)',
		type: 'leadTagger',
		parameters: {
			preset: 'agency',
			rules: {
				rule: [
					{ field: 'raw.Бюджет', condition: 'lessThan', value: '50 000', tags: 'Нет денег' },
					{ field: 'message', condition: 'contains', value: 'вакансия', tags: 'Вакансия' },
					{ field: 'raw.__proto__', condition: 'isNotEmpty', value: '', tags: 'proto' },
					{ field: 'utm.source', condition: 'inList', value: 'yandex, google', tags: 'Таглайн' },
				],
			},
			qualification: 'scoring',
			managerTag: '={{ $json.name }}',
			options: {},
		},
		accounting: 'one',
		items: leads,
	},
	{
		title: 'Lead Distribution (round robin from a table, ownership guard)',
		type: 'leadDistribution',
		parameters: {
			strategy: 'roundRobin',
			managersSource: 'table',
			managers: {
				manager: [
					{ name: 'Анна', id: '8512301', weight: 1, conversion: 30, openLeads: 4, absent: false },
					{ name: 'Борис', id: '8512302', weight: 1, conversion: 10, openLeads: 2, absent: false },
				],
			},
			guard: true,
			clientResponsible: '={{ $json.responsible }}',
			clientStage: '={{ $json.stage }}',
			options: {},
		},
		accounting: 'one',
		items: (random) =>
			leads(random).map(
				(lead) =>
					({
						...lead,
						...(random.chance(0.4)
							? { responsible: anyValue(random, 1), stage: anyValue(random, 1) }
							: {}),
					}) as IDataObject,
			),
	},
	{
		title: 'Webinar Router (JSON rows of any shape)',
		type: 'webinarRouter',
		parameters: {
			format: 'auto',
			inputMode: 'json',
			thresholdMinutes: 60,
			activityButtons: 'Баннер, Подарок',
			precedence: 'activityFirst',
			stageShowedActivity: 'Проявил активность на вебинаре',
			stageStayedLong: 'Был на вебинаре более часа',
			stageStayedShort: 'Был на вебинаре менее часа',
			stageDidNotAttend: 'Не был на вебинаре',
			webinarDate: '',
			webinarTitle: '',
			options: {},
		},
		accounting: 'merged',
		items: (random) =>
			Array.from({ length: random.int(1, 25) }, () => {
				const row = { ...(fuzzLead(random) as IDataObject) };
				if (random.chance(0.7))
					row[
						random.pick([
							'Время на вебинаре',
							'Duration (Minutes)',
							'minutes',
							'view',
							'Длительность',
						])
					] = anyValue(random, 0) as IDataObject[string];
				if (random.chance(0.4))
					row[random.pick(['Кнопки', 'buttons', 'Нажатые кнопки'])] = random.chance(0.5)
						? 'Подарок'
						: (anyValue(random, 1) as IDataObject[string]);
				if (random.chance(0.2)) Object.assign(row, anyObject(random, 2));
				return row;
			}),
	},
];

function workflowFor(target: Target): WorkflowJson {
	return {
		id: `fuzz-${target.type}`,
		nodes: [
			{
				id: 's',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n',
				name: target.title,
				type: `n8n-nodes-sales-funnel.${target.type}`,
				typeVersion: 1,
				position: [220, 0],
				parameters: target.parameters,
				onError: 'continueErrorOutput',
			},
		],
		connections: { Start: { main: [[{ node: target.title, type: 'main', index: 0 }]] } },
	};
}

afterAll(() => {
	process.stdout.write(`fuzz (nodes): ${[...fuzzTally].map(([s, n]) => `${s} ${n}`).join(', ')}\n`);
});

describe.each(TARGETS)('$title under hostile items (seeded fuzz)', (target) => {
	test(`${CASES} batches: the workflow finishes and every item leaves exactly once`, async () => {
		const harness = new WorkflowHarness();
		const workflow = workflowFor(target);
		const random = new Random(SEED + target.type.length * 101);
		let items = 0;
		for (let k = 0; k < CASES; k++) {
			const batch = target.items(random);
			items += batch.length;
			const where = `${target.title}, seed ${random.seed}, case ${k}`;
			const result = await withinTime(CASE_LIMIT_MS, where, () =>
				harness.run(workflow, { trigger: { items: batch } }),
			);
			if (result.status !== 'success')
				throw new Error(`${where}: the workflow ${result.status}: ${result.error?.message}`);
			const accounting = accountFor(result, target.title, batch.length);
			const { lost, duplicated } = misaccounted(accounting);
			if (target.accounting === 'one' && (lost.length || duplicated.length || accounting.orphans)) {
				throw new Error(
					`${where}: lost items ${JSON.stringify(lost)}, duplicated ${JSON.stringify(duplicated)}, orphans ${accounting.orphans}`,
				);
			}
			if (target.accounting === 'merged' && lost.length)
				throw new Error(`${where}: rows named by no output: ${JSON.stringify(lost)}`);
			for (const error of accounting.errors) {
				expect(error.message).not.toBe('');
				expect(error.input).toHaveLength(1);
			}
			expect(prototypePolluted()).toBeNull();
		}
		tally(target.title, items);
	}, 120_000);
});

test('hostile strings are a well-formed test set (CSV injection and prototype keys included)', () => {
	expect(HOSTILE_STRINGS).toEqual(expect.arrayContaining(['__proto__', 'constructor', '=1+1']));
});
