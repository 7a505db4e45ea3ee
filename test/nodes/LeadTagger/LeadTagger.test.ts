import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import workflow from './leadTagger.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function withParameters(parameters: INodeParameters): WorkflowJson {
	const copy = structuredClone(fixture);
	const node = copy.nodes.find((n) => n.name === 'Lead Tagger')!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

function lead(fields: IDataObject): IDataObject {
	return {
		name: 'Иван',
		phone: '+79161234567',
		form: 'Заявка на аудит',
		source: 'site form',
		message: '',
		utm: { source: 'yandex', medium: 'cpc', campaign: 'audit', content: '', term: '' },
		tags: [],
		score: null,
		class: null,
		raw: {},
		...fields,
	};
}

describe('Lead Tagger node (executed by n8n-core WorkflowExecute)', () => {
	const harness = new WorkflowHarness();

	test('adds preset and table tags plus the manager tag, keeps existing tags and never repeats one', async () => {
		const result = await harness.run(fixture, {
			trigger: {
				items: [
					lead({
						form: 'Вакансии',
						tags: ['вакансия', 'Старый клиент'],
						assignee: { name: 'Анна' },
					}),
					lead({
						utm: { source: 'tagline', medium: 'referral', campaign: 'spring_promo' },
						raw: { Бюджет: '30 000 ₽', Город: 'москва' },
					}),
					lead({}),
				],
			},
		});
		expect(result.status).toBe('success');
		const tagged = result.items('Lead Tagger');
		expect(tagged.map((l) => l.tags)).toEqual([
			['вакансия', 'Старый клиент', 'Анна'],
			['Акция', 'Таглайн', 'Нет денег', 'Столицы'],
			[],
		]);
		expect(tagged[0].tagging).toEqual({
			added: ['Анна'],
			rules: [{ rule: 'Вакансия: the request came from the vacancies form', tags: ['Вакансия'] }],
		});
		expect((tagged[1].tagging as IDataObject).added).toEqual([
			'Акция',
			'Таглайн',
			'Нет денег',
			'Столицы',
		]);
		expect(result.rawItems('Lead Tagger').map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items('Tagged')).toHaveLength(3);
	});

	test('scores seed-003 criteria from expressions and gives the class and its tag', async () => {
		const scoring = withParameters({
			preset: 'none',
			rules: {},
			qualification: 'scoring',
			criteria: {
				criterion: [
					{ name: 'Fit', points: '={{ $json.raw.Ниша === "B2B" ? 5 : 2 }}', weight: 1 },
					{
						name: 'Readiness',
						points: '={{ $json.form.includes("стоимост") ? 5 : 2 }}',
						weight: 1,
					},
					{ name: 'Need', points: '={{ $json.message ? 4 : 2 }}', weight: 1 },
					{ name: 'Channel', points: '={{ $json.utm.medium === "cpc" ? 4 : 3 }}', weight: 1 },
				],
			},
			thresholdA: 16,
			thresholdB: 11,
			addClassTag: true,
		});
		const result = await harness.run(scoring, {
			trigger: {
				items: [
					lead({
						form: 'Рассчитать стоимость',
						message: 'Нужен сайт',
						raw: { Ниша: 'B2B' },
						tags: ['B'],
					}),
					lead({ utm: { medium: 'organic' } }),
				],
			},
		});
		const [hot, cold] = result.items('Lead Tagger');
		expect(hot).toMatchObject({ score: 18, class: 'A', tags: ['A'] });
		expect((hot.tagging as IDataObject).qualification).toBe(
			'score 18 of 20 (Fit 5, Readiness 5, Need 4, Channel 4) → A (≥ 16)',
		);
		expect(cold).toMatchObject({ score: 9, class: 'C', tags: ['C'] });
	});

	test('classifies by budget and urgency (seed 000)', async () => {
		const byBudget = withParameters({
			preset: 'none',
			rules: {},
			qualification: 'budgetUrgency',
			budget: '={{ $json.raw.Бюджет }}',
			urgency: '={{ $json.raw.Сроки }}',
			addClassTag: false,
		});
		const result = await harness.run(byBudget, {
			trigger: {
				items: [
					lead({ raw: { Бюджет: '300 000', Сроки: 'срочно' } }),
					lead({ raw: { Бюджет: 'есть', Сроки: 'не горит' } }),
					lead({ raw: {} }),
				],
			},
		});
		expect(result.items('Lead Tagger').map((l) => [l.class, l.tags])).toEqual([
			['A', []],
			['B', []],
			['C', []],
		]);
	});

	test('points outside 1–5 stop the node with the item and what to do', async () => {
		const broken = withParameters({
			preset: 'none',
			rules: {},
			qualification: 'scoring',
			criteria: { criterion: [{ name: 'Fit', points: '={{ $json.raw.fit }}', weight: 1 }] },
		});
		const failed = await harness.run(broken, {
			trigger: { items: [lead({ raw: { fit: 3 } }), lead({ raw: { fit: 9 } })] },
		});
		const error = failed.nodeError('Lead Tagger') as Error & {
			context?: IDataObject;
			description?: string;
		};
		expect(error.message).toContain('Fit: "9" is not a score from 1 to 5');
		expect(error.context?.itemIndex).toBe(1);
		expect(error.description).toContain('number from 1 to 5');
	});

	test('with "continue on fail" the bad item passes with its error and the others are tagged', async () => {
		const broken = withParameters({
			preset: 'none',
			rules: {},
			qualification: 'scoring',
			criteria: { criterion: [{ name: 'Fit', points: '={{ $json.raw.fit }}', weight: 1 }] },
			thresholdA: 4,
			thresholdB: 2,
		});
		broken.nodes.find((n) => n.name === 'Lead Tagger')!.onError = 'continueRegularOutput';
		const result = await harness.run(broken, {
			trigger: { items: [lead({ raw: { fit: 5 } }), lead({ raw: { fit: 'много' } })] },
		});
		const [good, bad] = result.items('Lead Tagger');
		expect(good).toMatchObject({ class: 'A', score: 5 });
		expect(bad.error).toContain('"много" is not a score from 1 to 5');
	});

	test('a broken rule is reported by its number in the table', async () => {
		const broken = withParameters({
			preset: 'agency',
			rules: {
				rule: [{ field: 'form', condition: 'matchesRegex', value: '(unclosed', tags: 'X' }],
			},
		});
		const failed = await harness.run(broken, { trigger: { items: [lead({})] } });
		expect(failed.nodeError('Lead Tagger')?.message).toMatch(
			/^Tag rule 1 is not usable: "\(unclosed" is not a valid regular expression/,
		);
	});
});
