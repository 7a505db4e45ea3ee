/**
 * A field path expression is read from the item itself (itemParameter.ts): each case gives the same as n8n's own
 * evaluator, which an equivalent expression the shortcut does not recognise (`$json.x + 0`-style) goes through.
 */
import type { IDataObject } from 'n8n-workflow';

import { WorkflowHarness } from '../../harness/runWorkflow';
import { callAttemptsWorkflow, NODE, zadarmaCallEnd } from './helpers';

const harness = new WorkflowHarness();
let run = 0;

/** The earlier calls the node counted for each item, or the error of an item that failed. */
async function earlierCalls(historyField: string, items: IDataObject[]): Promise<unknown[]> {
	const workflow = callAttemptsWorkflow(null, { historySource: 'field', historyField });
	// Each run its own calls: the deduplication store would skip a call seen in an earlier run.
	run++;
	workflow.nodes.find((n) => n.name === NODE)!.onError = 'continueRegularOutput';
	const result = await harness.run(workflow, {
		trigger: {
			items: items.map((extra, i) => ({
				...zadarmaCallEnd({
					callId: `p${run}-${i}`,
					phone: '+79161234567',
					disposition: 'no answer',
				}),
				...extra,
			})),
		},
	});
	expect(result.status).toBe('success');
	return result
		.outputs(NODE)
		.flat()
		.map((item) => (item.error ? 'error' : item.earlierCalls));
}

describe('a per-item parameter that only names a field of the item', () => {
	const items: IDataObject[] = [
		{ calls: 2, nested: { list: ['2026-03-01T10:00:00Z'] } },
		{ calls: null, nested: { list: [] } },
		{ nested: {} },
		{ calls: '3', nested: null },
	];

	test.each([
		['={{ $json.calls ?? 0 }}', '={{ ($json.calls ?? 0) }}'],
		['={{ $json["nested"].list }}', '={{ ($json["nested"] || {}).list }}'],
		['={{ $json.nested.list ?? 1 }}', '={{ ($json.nested.list ?? 1) }}'],
		['={{ $json.nested.list.length }}', '={{ ($json.nested.list.length) }}'],
	])('%s gives what n8n gives', async (shortcut, evaluated) => {
		expect(await earlierCalls(shortcut, items)).toEqual(await earlierCalls(evaluated, items));
	});
});
