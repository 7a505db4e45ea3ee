/**
 * "Every input item leaves on exactly one output": counted from the `pairedItem` n8n keeps on each item a node
 * emits, over all of the node's outputs — the error output of "Continue (using error output)" included.
 */
import type { INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { RunResult } from '../harness/runWorkflow';

export function inputIndexesOf(item: INodeExecutionData): number[] {
	const paired = item.pairedItem as number | IPairedItemData | IPairedItemData[] | undefined;
	if (paired === undefined) return [];
	if (typeof paired === 'number') return [paired];
	return (Array.isArray(paired) ? paired : [paired]).map((p) => p.item);
}

export interface Accounting {
	/** How many emitted items name each input item. */
	perInput: number[];
	/** Items per output, the error output last. */
	perOutput: number[];
	/** Items that name no input at all. */
	orphans: number;
	/** The error-output items: their reason and the input they belong to. */
	errors: Array<{ input: number[]; message: string }>;
}

export function accountFor(
	result: RunResult,
	nodeName: string,
	inputCount: number,
	errorOutput = true,
): Accounting {
	const outputs = result.run.data.resultData.runData[nodeName]?.[0]?.data?.main ?? [];
	const perInput = new Array<number>(inputCount).fill(0);
	let orphans = 0;
	const errors: Accounting['errors'] = [];
	outputs.forEach((items, outputIndex) => {
		for (const item of items ?? []) {
			const inputs = inputIndexesOf(item);
			if (inputs.length === 0) orphans++;
			for (const i of inputs) if (i >= 0 && i < inputCount) perInput[i]++;
			if (errorOutput && outputIndex === outputs.length - 1)
				errors.push({
					input: inputs,
					message: String(item.json.error ?? item.error?.message ?? ''),
				});
		}
	});
	return { perInput, perOutput: outputs.map((items) => (items ?? []).length), orphans, errors };
}

/** The input items that did not leave exactly once (lost: 0, duplicated: >1). */
export function misaccounted(accounting: Accounting): { lost: number[]; duplicated: number[] } {
	return {
		lost: accounting.perInput.flatMap((n, i) => (n === 0 ? [i] : [])),
		duplicated: accounting.perInput.flatMap((n, i) => (n > 1 ? [i] : [])),
	};
}
