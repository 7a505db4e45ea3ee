/**
 * Which of the nodes a scenario needs exist yet, read from the package's node classes as the harness registers
 * them. A pending scenario says what it waits for; once the node is there the line says so, and the scenario's
 * workflow is the one thing left to write.
 */
import type { INodeProperties, INodeType, IVersionedNodeType } from 'n8n-workflow';

import { loadPackageNodeTypes, PACKAGE_NAME } from '../../test/harness/registry';

let types: Record<string, INodeType | IVersionedNodeType> | undefined;

function nodeType(name: string): INodeType | undefined {
	types ??= loadPackageNodeTypes();
	const type = types[`${PACKAGE_NAME}.${name}`];
	if (!type) return undefined;
	return 'nodeVersions' in type ? type.nodeVersions[type.currentVersion] : type;
}

export function hasNode(name: string): boolean {
	return nodeType(name) !== undefined;
}

/** Whether the node has a parameter `parameter` (and, when given, an option `value` of it). */
export function hasParameter(name: string, parameter: string, value?: string): boolean {
	const properties: INodeProperties[] = nodeType(name)?.description.properties ?? [];
	return properties.some((p) => p.name === parameter && (value === undefined || (p.options ?? []).some((o) => 'value' in o && o.value === value)));
}
