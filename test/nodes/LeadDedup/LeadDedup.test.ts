import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import { syntheticLeads } from '../../fixtures/syntheticLeads';
import workflow from './leadDedup.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function withParameters(parameters: INodeParameters, id = fixture.id): WorkflowJson {
	const copy = structuredClone(fixture);
	copy.id = id;
	const node = copy.nodes.find((n) => n.name === 'Lead Dedup')!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

describe('Lead Dedup node (executed by n8n-core WorkflowExecute)', () => {
	test('10,000 leads with 30% duplicates split 7,000 New / 3,000 Duplicate; the same input again is all Duplicate (history)', async () => {
		const harness = new WorkflowHarness();
		const { leads, expected } = syntheticLeads(10_000, 0.3);
		const big = withParameters({ historySize: 50_000 }, 'dedup-10k');
		const first = await harness.run(big, { trigger: { items: leads as IDataObject[] } });
		expect(first.status).toBe('success');
		const [fresh, duplicates] = first.outputs('Lead Dedup');
		expect(fresh).toHaveLength(7_000);
		expect(duplicates).toHaveLength(3_000);
		// Each duplicate names the first lead of its person, as the generator planned it.
		const pointed = first.rawItems('Lead Dedup', 1).map((item) => {
			const input = (item.pairedItem as { item: number }).item;
			return [input, (item.json.duplicateOf as IDataObject).firstItemIndex];
		});
		expect(pointed.every(([input, first]) => expected[input as number] === first)).toBe(true);
		expect(duplicates.every((d) => (d.duplicateOf as IDataObject).where === 'input')).toBe(true);

		const second = await harness.run(big, { trigger: { items: leads as IDataObject[] } });
		const [freshAgain, duplicatesAgain] = second.outputs('Lead Dedup');
		expect(freshAgain).toEqual([]);
		expect(duplicatesAgain).toHaveLength(10_000);
		// The first lead of each person is now found in the history; its repeats still point at it in this input.
		const byWhere = duplicatesAgain.reduce<Record<string, number>>((acc, d) => {
			const where = String((d.duplicateOf as IDataObject).where);
			return { ...acc, [where]: (acc[where] ?? 0) + 1 };
		}, {});
		expect(byWhere).toEqual({ history: 7_000, input: 3_000 });
	});

	test('two executions writing the first history of a workflow at the same moment both succeed and both are remembered (queue mode)', async () => {
		const harness = new WorkflowHarness();
		const racing = withParameters({}, 'dedup-first-race');
		const [a, b] = await Promise.all([
			harness.run(racing, { trigger: { items: [{ name: 'Анна', phone: '+79031112233' }] } }),
			harness.run(racing, { trigger: { items: [{ name: 'Олег', phone: '+79265554433' }] } }),
		]);
		// n8n's store creates the context's row with an INSERT; the loser of that race gets the database's unique-key
		// error (the harness store does the same) and the node asks again instead of failing the lead.
		expect([a.status, b.status]).toEqual(['success', 'success']);
		expect(
			[a.items('Lead Dedup', 0), b.items('Lead Dedup', 0)].map((items) => items.length),
		).toEqual([1, 1]);
		const again = await harness.run(racing, {
			trigger: { items: [{ phone: '8 903 111-22-33' }, { phone: '8 926 555-44-33' }] },
		});
		expect(again.items('Lead Dedup', 0)).toEqual([]);
		expect(again.items('Lead Dedup', 1)).toHaveLength(2);
	});

	test('a duplicate carries where it was found, the key and the earlier item; every item keeps its pairing', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(fixture, {
			trigger: {
				items: [
					{ name: 'Иван', phone: '+79161234567', email: 'ivan@mail.ru' },
					{ name: 'Анна', phone: '+79031112233' },
					{ name: 'Иван снова', phone: '8 (916) 123-45-67' },
					{ name: 'Иван по почте', email: 'IVAN@MAIL.RU' },
				],
			},
		});
		const [fresh, duplicates] = result.outputs('Lead Dedup');
		expect(fresh.map((l) => l.name)).toEqual(['Иван', 'Анна']);
		expect(duplicates).toEqual([
			{
				name: 'Иван снова',
				phone: '8 (916) 123-45-67',
				duplicateOf: {
					where: 'input',
					keyType: 'phone',
					key: '+79161234567',
					itemIndex: 0,
					firstItemIndex: 0,
				},
			},
			{
				name: 'Иван по почте',
				email: 'IVAN@MAIL.RU',
				duplicateOf: {
					where: 'input',
					keyType: 'email',
					key: 'ivan@mail.ru',
					itemIndex: 0,
					firstItemIndex: 0,
				},
			},
		]);
		expect(result.rawItems('Lead Dedup', 0).map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
		expect(result.rawItems('Lead Dedup', 1).map((i) => i.pairedItem)).toEqual([
			{ item: 2 },
			{ item: 3 },
		]);
		expect(result.items('New leads')).toHaveLength(2);
		expect(result.items('Duplicates')).toHaveLength(2);
	});

	test('a retried webhook (same Tilda tranid) in a later execution is a Duplicate by submission', async () => {
		const harness = new WorkflowHarness();
		const submission = {
			name: 'Иван',
			phone: '+79161234567',
			externalId: '467251:8442970',
			channel: 'tilda',
		};
		const first = await harness.run(fixture, { trigger: { items: [submission] } });
		expect(first.items('Lead Dedup', 0)).toHaveLength(1);
		const retry = await harness.run(fixture, { trigger: { items: [submission] } });
		expect(retry.items('Lead Dedup', 1)).toEqual([
			{
				...submission,
				duplicateOf: { where: 'history', keyType: 'externalId', key: 'tilda|467251:8442970' },
			},
		]);
	});

	test('"all keys": the same phone with another email is New', async () => {
		const harness = new WorkflowHarness();
		const result = await harness.run(withParameters({ match: 'all', scopes: ['input'] }), {
			trigger: {
				items: [
					{ phone: '+79161234567', email: 'a@b.ru' },
					{ phone: '+79161234567', email: 'c@d.ru' },
					{ phone: '89161234567', email: 'A@B.RU' },
				],
			},
		});
		expect(result.outputs('Lead Dedup').map((o) => o.length)).toEqual([2, 1]);
	});

	test('only this input: a second execution does not remember the first', async () => {
		const harness = new WorkflowHarness();
		const onlyInput = withParameters({ scopes: ['input'] });
		await harness.run(onlyInput, { trigger: { items: [{ phone: '+79161234567' }] } });
		const again = await harness.run(onlyInput, { trigger: { items: [{ phone: '+79161234567' }] } });
		expect(again.outputs('Lead Dedup').map((o) => o.length)).toEqual([1, 0]);
	});

	test('reads nested field names given under Options', async () => {
		const harness = new WorkflowHarness();
		const nested = withParameters({
			scopes: ['input'],
			options: { phoneField: 'contact.tel', emailField: 'contact["e-mail"]' },
		});
		const result = await harness.run(nested, {
			trigger: {
				items: [
					{ contact: { tel: '89161234567' } },
					{ contact: { tel: '+7 916 123 45 67', 'e-mail': 'x@y.ru' } },
				],
			},
		});
		expect(result.outputs('Lead Dedup').map((o) => o.length)).toEqual([1, 1]);
	});

	test('warns when the history is over half full, and when items have nothing to compare', async () => {
		const harness = new WorkflowHarness();
		const small = withParameters({ historySize: 4 });
		const result = await harness.run(small, {
			trigger: {
				items: [
					{ phone: '+79161234567', email: 'a@b.ru' },
					{ phone: '+79031112233' },
					{ name: 'no contacts' },
				],
			},
		});
		const hints = result.run.data.resultData.runData['Lead Dedup'][0].hints ?? [];
		expect(hints.map((h) => h.message)).toEqual([
			expect.stringContaining('holds 3 of 4 keys'),
			expect.stringContaining('1 of 3 items had no usable phone, email or submission ID'),
		]);
	});

	test('a workflow without an id cannot keep history: a clear error, or every item New with the error when continuing on fail', async () => {
		const harness = new WorkflowHarness();
		const unsaved = withParameters({}, '');
		const failed = await harness.run(unsaved, { trigger: { items: [{ phone: '+79161234567' }] } });
		expect(failed.nodeError('Lead Dedup')?.message).toContain('Could not read the dedup history');
		const continuing = structuredClone(unsaved);
		continuing.nodes.find((n) => n.name === 'Lead Dedup')!.onError = 'continueRegularOutput';
		const passed = await harness.run(continuing, {
			trigger: { items: [{ phone: '+79161234567' }] },
		});
		expect(passed.items('Lead Dedup', 0)).toEqual([
			{ phone: '+79161234567', error: expect.stringContaining('Could not read the dedup history') },
		]);
	});
});
