import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

import {
	callEach,
	checkItems,
	readItems,
	sendItems,
} from '../../../../nodes/shared/n8n/crmNode/items';
import type { OperationRun } from '../../../../nodes/shared/n8n/crmNode/operation';
import { routeOperation, type CrmNode } from '../../../../nodes/shared/n8n/crmNode/router';

const node: INode = {
	id: 'n',
	name: 'CRM',
	type: 'n8n-nodes-sales-funnel.amoCrm',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** What routeOperation and the pipeline ask of n8n: the items, the node, its parameters, continue-on-fail. */
function context(count: number, continueOnFail: boolean): IExecuteFunctions {
	return {
		getInputData: () => Array.from({ length: count }, (_, i) => ({ json: { i } })),
		getNode: () => node,
		getNodeParameter: (name: string) => ({ resource: 'lead', operation: 'move' })[name],
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

/** An operation over items whose value is a stage: empty is a bad item, "refused" is refused by the CRM. */
function crmNode(sent: string[][]): CrmNode<OperationRun> {
	return {
		crm: 'bitrix24',
		async open() {
			return {};
		},
		operations: {
			lead: {
				move: {
					description: [],
					async execute(this: IExecuteFunctions, run) {
						const stages = ['Новая', '', 'refused', 'Думает'];
						const prepared = await readItems(this, run.items.length, (i) => {
							if (!stages[i])
								throw new NodeOperationError(this.getNode(), 'Choose the stage', { itemIndex: i });
							return stages[i];
						});
						return await sendItems(
							prepared,
							async (payloads) => {
								sent.push(payloads);
								return payloads.map((stage) =>
									stage === 'refused'
										? { ok: false as const, error: { message: 'no such stage', code: 'X' } }
										: { ok: true as const, value: stage },
								);
							},
							(stage, _payload, i) => ({ stage, i }),
						);
					},
				},
			},
		},
	};
}

describe('the CRM node skeleton', () => {
	test('without continue-on-fail a bad item stops the node with its index before anything is sent', async () => {
		const sent: string[][] = [];
		const error = (await routeOperation
			.call(context(4, false), crmNode(sent))
			.catch((e: unknown) => e)) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Choose the stage');
		expect(error.context.itemIndex).toBe(1);
		expect(sent).toEqual([]);
	});

	test('with continue-on-fail the good items go in one batch; each failure is one { error, details } item paired to its input', async () => {
		const sent: string[][] = [];
		const [out] = await routeOperation.call(context(4, true), crmNode(sent));
		expect(sent).toEqual([['Новая', 'refused', 'Думает']]);
		expect(out).toEqual([
			{ json: { stage: 'Новая', i: 0 }, pairedItem: { item: 0 } },
			{ json: { error: 'Choose the stage' }, pairedItem: { item: 1 } },
			{
				json: { error: 'Bitrix24: no such stage', details: 'no such stage' },
				pairedItem: { item: 2 },
			},
			{ json: { stage: 'Думает', i: 3 }, pairedItem: { item: 3 } },
		]);
	});

	test("a CRM's refusal of one item stops the node after the batch when it does not continue on fail", async () => {
		const sent: string[][] = [];
		const ctx = context(4, true);
		const strict = { ...ctx, continueOnFail: () => false } as IExecuteFunctions;
		const onlyGood = crmNode(sent);
		const move = onlyGood.operations.lead.move;
		const outcomes = await move.execute.call(ctx, { items: ctx.getInputData() });
		expect(outcomes.map((o) => ('error' in o ? 'error' : 'ok'))).toEqual([
			'ok',
			'error',
			'error',
			'ok',
		]);
		const error = (await routeOperation
			.call(strict, {
				...onlyGood,
				operations: { lead: { move: { ...move, execute: async () => outcomes.slice(2) } } },
			})
			.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Bitrix24: no such stage');
	});

	test('checks for all items at once follow the same policy; callEach stops at a failed call without continue-on-fail', async () => {
		const prepared = await readItems(context(3, true), 3, (i) => i);
		const checked = await checkItems(context(3, true), prepared, async (ids) =>
			ids.map((id) => (id === 1 ? new Error('not found') : id * 10)),
		);
		expect(checked).toEqual([
			{ index: 0, payload: 0 },
			{ index: 1, error: new Error('not found') },
			{ index: 2, payload: 20 },
		]);
		await expect(
			checkItems(context(3, false), prepared, async (ids) =>
				ids.map((id) => (id === 1 ? new Error('not found') : id)),
			),
		).rejects.toMatchObject({ message: 'not found', context: { itemIndex: 1 } });
		const calls: number[] = [];
		await expect(
			callEach(context(3, false), prepared, async (id) => {
				calls.push(id);
				if (id === 1) throw new Error('refused');
				return { id };
			}),
		).rejects.toMatchObject({ message: 'refused' });
		expect(calls).toEqual([0, 1]);
	});

	test('an operation that is not in the table is named', async () => {
		const ctx = {
			...context(1, false),
			getNodeParameter: (name: string) => ({ resource: 'lead', operation: 'fly' })[name],
		} as IExecuteFunctions;
		await expect(routeOperation.call(ctx, crmNode([]))).rejects.toThrow(
			'The operation "fly" of "lead" is not supported',
		);
	});
});
