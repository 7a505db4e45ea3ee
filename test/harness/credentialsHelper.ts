import {
	ICredentialsHelper,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

import { applyCredentialDefaults } from './credentialDefaults';
import type { TestCredentialTypes } from './registry';

/**
 * Supplies credentials to nodes and authenticates their requests the way n8n's server does
 * (`packages/cli/src/credentials-helper.ts`): function-type `authenticate` is called, generic
 * `authenticate` objects have their `={{$credentials.x}}` expressions resolved; expirable-token
 * `preAuthentication` runs when the token is empty or expired and its result is persisted.
 * Data is looked up by credential id first, then by type.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly byId = new Map<string, ICredentialDataDecryptedObject>();
	private readonly byType = new Map<string, ICredentialDataDecryptedObject>();
	/** Every value ever stored, with its type: what the secret-leak scan looks for. */
	private readonly history: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];
	/** Every write n8n made to stored credentials (refreshed tokens), newest last. */
	readonly updates: Array<{
		type: string;
		id: string | null;
		data: ICredentialDataDecryptedObject;
	}> = [];

	constructor(private readonly credentialTypes: TestCredentialTypes) {
		super();
	}

	set(type: string, data: ICredentialDataDecryptedObject, id?: string) {
		if (id) this.byId.set(id, { ...data });
		else this.byType.set(type, { ...data });
		this.history.push({ type, data: structuredClone(data) });
	}

	/** Every credential set on or written to this helper (refreshed tokens too), by type. */
	everStored(): Array<{ type: string; data: ICredentialDataDecryptedObject }> {
		return this.history;
	}

	current(type: string, id?: string): ICredentialDataDecryptedObject | undefined {
		return (id && this.byId.get(id)) || this.byType.get(type);
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incoming: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incoming as IHttpRequestOptions;
		const type = this.credentialTypes.getByName(typeName);
		const { authenticate } = type;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node)
			throw new Error('Workflow and node are required for declarative credential authentication');
		requestOptions.headers ??= {};
		if (authenticate.type === 'generic') {
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = this.resolve(key, credentials, workflow, node);
					const valueResolved = this.resolve(value, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		const stored = this.current(typeName, details?.id ?? undefined) ?? {};
		const toPersist = { ...stored };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(stored[key]))
				toPersist[key] = value as ICredentialDataDecryptedObject[string];
		}
		this.store(typeName, details?.id ?? null, toPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.credentialTypes.getByName(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		const data = this.current(type, nodeCredentials.id ?? undefined) ?? {};
		return {
			id: nodeCredentials.id ?? undefined,
			name: nodeCredentials.name,
			type,
			getData: () => ({ ...data }),
			getDataKey: () => '',
			getDataToSave: () => ({ id: nodeCredentials.id, name: nodeCredentials.name, type, data: '' }),
			hasNodeAccess: () => true,
			setData: () => undefined,
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.current(type, nodeCredentials.id ?? undefined);
		if (!data)
			throw new Error(`No test credentials of type "${type}" (id ${nodeCredentials.id ?? 'none'})`);
		return applyCredentialDefaults(this.credentialTypes, type, data);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.store(type, nodeCredentials.id ?? null, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		const stored = this.current(type, nodeCredentials.id ?? undefined) ?? {};
		this.store(type, nodeCredentials.id ?? null, {
			...stored,
			oauthTokenData: data.oauthTokenData ?? data,
		});
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getByName(type).properties;
	}

	private store(type: string, id: string | null, data: ICredentialDataDecryptedObject) {
		if (id && this.byId.has(id)) this.byId.set(id, { ...data });
		else this.byType.set(type, { ...data });
		this.updates.push({ type, id, data: { ...data } });
		this.history.push({ type, data: structuredClone(data) });
	}

	private resolve(
		value: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}
}
