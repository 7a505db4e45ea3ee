import {
	Expression,
	type ICredentialDataDecryptedObject,
	type INodeProperties,
} from 'n8n-workflow';

import type { TestCredentialTypes } from './registry';

/**
 * What n8n's server does to stored credential data before a node sees it (`applyDefaultsAndOverwrites`):
 * fields missing from the stored data take their defaults — the parent type's first, the child's overriding —
 * and expression defaults such as `=https://{{$self["subdomain"]}}.example.com` are resolved against the
 * credential's own data (`$self`).
 */
export function applyCredentialDefaults(
	types: TestCredentialTypes,
	typeName: string,
	stored: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	if (!types.recognizes(typeName)) return { ...stored };
	const lineage = [...types.getParentTypes(typeName)].reverse().filter((t) => types.recognizes(t));
	const properties = new Map<string, INodeProperties>();
	for (const name of [...lineage, typeName])
		for (const property of types.getByName(name).properties)
			properties.set(property.name, property);
	const data: ICredentialDataDecryptedObject = { ...stored };
	for (const property of properties.values()) {
		if (data[property.name] === undefined && property.default !== undefined)
			data[property.name] = property.default as ICredentialDataDecryptedObject[string];
	}
	const self = { ...data };
	for (const [key, value] of Object.entries(data)) {
		if (typeof value !== 'string' || !value.startsWith('=')) continue;
		const resolved = Expression.resolveWithoutWorkflow(value.slice(1), { $self: self });
		data[key] =
			typeof resolved === 'function' ? value : (resolved as ICredentialDataDecryptedObject[string]);
	}
	return data;
}
