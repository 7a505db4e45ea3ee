import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Shows a parameter only for these operations of these resources. */
export function displayFor(
	resource: string | string[],
	operations: string | string[],
): IDisplayOptions {
	return {
		show: {
			resource: ([] as string[]).concat(resource),
			operation: ([] as string[]).concat(operations),
		},
	};
}

/** The same for a list of parameters, keeping the other conditions each already has. */
export function withDisplay(
	properties: INodeProperties[],
	resource: string | string[],
	operations: string | string[],
): INodeProperties[] {
	const { show } = displayFor(resource, operations);
	return properties.map((p) => ({
		...p,
		displayOptions: {
			...(p.displayOptions ?? {}),
			show: { ...(p.displayOptions?.show ?? {}), ...show },
		},
	}));
}
