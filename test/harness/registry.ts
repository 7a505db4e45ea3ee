import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
	NodeHelpers,
	type ICredentialType,
	type ICredentialTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import packageJson from '../../package.json';

export const PACKAGE_NAME = packageJson.name;
const ROOT = path.resolve(__dirname, '../..');

type NodeClass = new () => INodeType | IVersionedNodeType;
type CredentialClass = new () => ICredentialType;

function walk(dir: string, suffix: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) found.push(...walk(full, suffix));
		else if (entry.endsWith(suffix)) found.push(full);
	}
	return found.sort();
}

/** Loads a class from a source file the way n8n loads it from `dist`: the export named like the file. */
function loadClass<T>(file: string, suffix: string): T {
	const className = path.basename(file, suffix);
	const mod = require(file) as Record<string, T>;
	const cls = mod[className];
	if (!cls) throw new Error(`${file} does not export a class named ${className}`);
	return cls;
}

/** Node types of this package by their real type name, `n8n-nodes-sales-funnel.<name>`. */
export function loadPackageNodeTypes(): Record<string, INodeType | IVersionedNodeType> {
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	for (const file of walk(path.join(ROOT, 'nodes'), '.node.ts')) {
		const NodeCtor = loadClass<NodeClass>(file, '.node.ts');
		const instance = new NodeCtor();
		types[`${PACKAGE_NAME}.${instance.description.name}`] = instance;
	}
	return types;
}

export function loadPackageCredentialTypes(): Record<string, ICredentialType> {
	const types: Record<string, ICredentialType> = {};
	const dir = path.join(ROOT, 'credentials');
	let files: string[] = [];
	try {
		files = walk(dir, '.credentials.ts');
	} catch {
		return types;
	}
	for (const file of files) {
		const CredCtor = loadClass<CredentialClass>(file, '.credentials.ts');
		const instance = new CredCtor();
		types[instance.name] = instance;
	}
	return types;
}

const BASE_PACKAGE = 'n8n-nodes-base';
let baseIndex: Record<string, { className: string; sourcePath: string }> | undefined;

/**
 * A real n8n-nodes-base node (devDependency, same n8n-workflow as n8n-core), loaded the way n8n's lazy loader does:
 * by `dist/known/nodes.json`. Templates use n8n's own nodes (Schedule Trigger, HTTP Request, Sticky Note, ...).
 */
export function loadBaseNodeType(typeName: string): INodeType | IVersionedNodeType | undefined {
	if (!typeName.startsWith(`${BASE_PACKAGE}.`)) return undefined;
	const packageDir = path.dirname(require.resolve(`${BASE_PACKAGE}/package.json`));
	baseIndex ??= require(path.join(packageDir, 'dist', 'known', 'nodes.json'));
	const known = baseIndex![typeName.slice(BASE_PACKAGE.length + 1)];
	if (!known) return undefined;
	try {
		const mod = require(path.join(packageDir, known.sourcePath)) as Record<string, NodeClass>;
		return new mod[known.className]();
	} catch (error) {
		// A few nodes (Send Email, via sanitize-html → htmlparser2) pull in ESM-only packages jest's CommonJS loader
		// cannot require. Templates ship such nodes switched off, so their description is all a run needs.
		if (
			!/Must use import to load ES Module|Cannot use import statement/.test(
				String((error as Error).message),
			)
		)
			throw error;
		return describedOnly(packageDir, typeName);
	}
}

/**
 * A node type with n8n's published description (`dist/types/nodes.json`) and no code: enough for a disabled node,
 * which n8n passes through without running; an enabled one fails with n8n's own "no execute method" error.
 */
function describedOnly(packageDir: string, typeName: string): IVersionedNodeType | undefined {
	const all = require(
		path.join(packageDir, 'dist', 'types', 'nodes.json'),
	) as INodeTypeDescription[];
	const entries = all.filter((d) => `${BASE_PACKAGE}.${d.name}` === typeName);
	if (entries.length === 0) return undefined;
	const nodeVersions: IVersionedNodeType['nodeVersions'] = {};
	for (const entry of entries) {
		for (const version of [entry.version].flat()) nodeVersions[version] = { description: entry };
	}
	const currentVersion =
		entries[0].defaultVersion ?? Math.max(...Object.keys(nodeVersions).map(Number));
	return {
		nodeVersions,
		currentVersion,
		description: {
			...entries[0],
			defaultVersion: currentVersion,
		} as IVersionedNodeType['description'],
		getNodeType: (version?: number) => nodeVersions[version ?? currentVersion],
	};
}

let baseCredentialIndex: Record<string, { className: string; sourcePath: string }> | undefined;

/** A real n8n-nodes-base credential type (HTTP Header Auth, SMTP, Telegram…), loaded by `dist/known/credentials.json`. */
export function loadBaseCredentialType(typeName: string): ICredentialType | undefined {
	const packageDir = path.dirname(require.resolve(`${BASE_PACKAGE}/package.json`));
	baseCredentialIndex ??= require(path.join(packageDir, 'dist', 'known', 'credentials.json'));
	const known = baseCredentialIndex![typeName];
	if (!known) return undefined;
	const mod = require(path.join(packageDir, known.sourcePath)) as Record<string, CredentialClass>;
	return new mod[known.className]();
}

/**
 * The INodeTypes n8n's engine asks for node classes: this package's nodes, stand-ins given by the harness, and
 * any n8n-nodes-base node on first use.
 */
export class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	add(typeName: string, type: INodeType | IVersionedNodeType) {
		this.types[typeName] = type;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType] ?? this.loadBase(nodeType);
		if (!type)
			throw new Error(
				`Unknown node type "${nodeType}" (known: ${Object.keys(this.types).join(', ')})`,
			);
		return type;
	}

	private loadBase(nodeType: string): INodeType | IVersionedNodeType | undefined {
		const type = loadBaseNodeType(nodeType);
		if (type) this.types[nodeType] = type;
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.types).map((name) => [name, { className: name, sourcePath: '' }]),
		);
	}
}

/** Credential types: this package's, the harness's stand-ins, and any n8n-nodes-base one on first use. */
export class TestCredentialTypes implements ICredentialTypes {
	constructor(private readonly types: Record<string, ICredentialType>) {}

	recognizes(credentialType: string): boolean {
		return this.known(credentialType) !== undefined;
	}

	getByName(credentialType: string): ICredentialType {
		const type = this.known(credentialType);
		if (!type) throw new Error(`Unknown credential type "${credentialType}"`);
		return type;
	}

	private known(credentialType: string): ICredentialType | undefined {
		if (!(credentialType in this.types)) {
			const base = loadBaseCredentialType(credentialType);
			if (base) this.types[credentialType] = base;
		}
		return this.types[credentialType];
	}

	getSupportedNodes(): string[] {
		return [];
	}

	getParentTypes(typeName: string): string[] {
		const parents: string[] = [];
		let current = this.known(typeName);
		while (current?.extends?.length) {
			for (const parent of current.extends) parents.push(parent);
			current = this.known(current.extends[0]);
		}
		return parents;
	}
}
