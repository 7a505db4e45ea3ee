import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { withDisplay } from '../../../shared/n8n/crmNode/display';
import { leadIdField, tagsOf, type ItemOutcome, type OperationRun } from '../common';
import { patchLeads } from './patch';

const tagsField = (operation: string, description: string): INodeProperties => ({
	displayName: 'Tags',
	name: 'tags',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. КК, Дубль',
	description,
	displayOptions: { show: { resource: ['lead'], operation: [operation] } },
});

export const addDescription: INodeProperties[] = [
	...withDisplay([leadIdField], 'lead', ['addTags']),
	tagsField(
		'addTags',
		'Comma-separated tags to add. The lead keeps the tags it has; new tag names are created.',
	),
];

export const removeDescription: INodeProperties[] = [
	...withDisplay([leadIdField], 'lead', ['removeTags']),
	tagsField('removeTags', 'Comma-separated tags to take off. Other tags stay.'),
];

/** Adds or removes tags with `tags_to_add` / `tags_to_delete`: never replaces the lead's other tags. */
function tagOperation(key: 'tags_to_add' | 'tags_to_delete') {
	return async function (this: IExecuteFunctions, run: OperationRun): Promise<ItemOutcome[]> {
		return patchLeads.call(
			this,
			run,
			async (i) => {
				const tags = tagsOf(this.getNodeParameter('tags', i, ''));
				if (tags.length === 0) {
					throw new NodeOperationError(this.getNode(), 'No tags given', {
						itemIndex: i,
						description: 'Write one or more tags separated by commas.',
					});
				}
				return { [key]: tags.map((name) => ({ name })) };
			},
			(payload) => ({
				[key === 'tags_to_add' ? 'tagsAdded' : 'tagsRemoved']: (
					payload[key] as Array<{ name: string }>
				).map((t) => t.name),
			}),
		);
	};
}

export const executeAdd = tagOperation('tags_to_add');
export const executeRemove = tagOperation('tags_to_delete');
