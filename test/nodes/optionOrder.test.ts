/**
 * Dropdowns list their choices alphabetically by name, as n8n's own nodes do (its lint rule
 * `node-param-options-type-unsorted-items` checks lists of five or more written inline; this checks every static list
 * of every node and credential, however it is built). Lists the account fills (pipelines, stages in funnel order) are
 * loaded at run time and keep the CRM's order.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { loadPackageCredentialTypes, loadPackageNodeTypes } from '../harness/registry';

/** Lists whose order carries meaning, with why; none today. */
const ORDERED: string[] = [];

function unsortedLists(owner: string, properties: INodeProperties[], trail = ''): string[] {
	return properties.flatMap((property) => {
		const found: string[] = [];
		const path = `${owner} ${trail}${property.name}`;
		if (
			(property.type === 'options' || property.type === 'multiOptions') &&
			Array.isArray(property.options) &&
			!ORDERED.includes(path)
		) {
			const names = property.options.map((option) => option.name);
			const sorted = [...names].sort((a, b) => a.localeCompare(b));
			if (names.join('|') !== sorted.join('|')) found.push(`${path}: ${names.join(' | ')}`);
		}
		if (property.type === 'collection' || property.type === 'fixedCollection') {
			for (const option of property.options ?? []) {
				const inner = 'values' in option ? option.values : [option as INodeProperties];
				found.push(...unsortedLists(owner, inner, `${trail}${property.name}.`));
			}
		}
		return found;
	});
}

test('every static option list of the nodes is sorted by name', () => {
	const found = Object.entries(loadPackageNodeTypes()).flatMap(([type, node]) =>
		unsortedLists(type, (node.description as INodeTypeDescription).properties),
	);
	expect(found).toEqual([]);
});

test('every static option list of the credentials is sorted by name', () => {
	const found = Object.entries(loadPackageCredentialTypes()).flatMap(([type, credential]) =>
		unsortedLists(type, credential.properties),
	);
	expect(found).toEqual([]);
});
