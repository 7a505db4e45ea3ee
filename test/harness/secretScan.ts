/**
 * Every run of the harness is a secret-leak test: after a workflow runs, what n8n would persist and show (every
 * node's output items on every output, errors with their message, description and stack, the webhook answer, pinned
 * data) is searched for the values of the credentials set on the harness. A hit fails the run with the node and the
 * credential field named — never the value itself.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, IRun } from 'n8n-workflow';

export interface Secret {
	/** `amoCrmApi.accessToken`: where the value comes from, safe to print. */
	label: string;
	value: string;
}

/** Shorter values (a zone, a port, "sandbox") are not secrets and would match everywhere. */
const MIN_SECRET_LENGTH = 8;
const SECRET_NAME = /secret|token|password|apikey|api_key|privatekey|webhookurl/i;

/**
 * The secret values of one stored credential: its password-typed fields (its own and its parents'), any field
 * named like a secret (the OAuth token data n8n keeps: access_token, refresh_token), and of a URL holding a secret
 * (a Bitrix24 inbound webhook) also the path segments that look like a key.
 */
export function credentialSecrets(
	type: string,
	data: ICredentialDataDecryptedObject,
	typesInChain: ICredentialType[],
): Secret[] {
	const passwordFields = new Set(
		typesInChain.flatMap((t) =>
			t.properties.filter((p) => p.typeOptions?.password === true).map((p) => p.name),
		),
	);
	const found: Secret[] = [];
	const add = (label: string, value: string) => {
		const text = value.trim();
		if (text.length >= MIN_SECRET_LENGTH) found.push({ label, value: text });
	};
	const visit = (value: unknown, path: string, secretByName: boolean) => {
		if (typeof value === 'string') {
			if (!secretByName) return;
			add(`${type}.${path}`, value);
			for (const segment of keyLikeSegments(value)) add(`${type}.${path} (path segment)`, segment);
		} else if (value && typeof value === 'object') {
			for (const [key, inner] of Object.entries(value))
				visit(inner, path ? `${path}.${key}` : key, secretByName || SECRET_NAME.test(key));
		}
	};
	for (const [key, value] of Object.entries(data))
		visit(value, key, passwordFields.has(key) || SECRET_NAME.test(key));
	return found;
}

/** `https://portal/rest/1/k3y…/` → the parts of its path that look like a key (letters and digits, not a word). */
function keyLikeSegments(value: string): string[] {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return [];
	}
	return url.pathname
		.split('/')
		.filter(
			(s) =>
				s.length >= MIN_SECRET_LENGTH &&
				/^[A-Za-z0-9_-]+$/.test(s) &&
				/\d/.test(s) &&
				/[A-Za-z]/.test(s),
		);
}

/** What n8n keeps of a run: the result data as it is serialised (errors through their toJSON), plus each error's
 * message, description and stack as the editor shows them. */
export function persistedText(run: IRun): string {
	const resultData = run.data.resultData;
	const parts = [JSON.stringify(resultData)];
	const errors = [
		resultData.error,
		...Object.values(resultData.runData).flatMap((tasks) => tasks.map((t) => t.error)),
	];
	for (const error of errors) {
		if (!error) continue;
		const e = error as Error & { description?: unknown; messages?: unknown };
		parts.push(
			String(e.message ?? ''),
			String(e.description ?? ''),
			String(e.stack ?? ''),
			JSON.stringify(e.messages ?? null),
		);
	}
	return parts.join('\n');
}

export function leaksIn(text: string, secrets: Secret[]): Secret[] {
	const hits = secrets.filter(
		(s) => text.includes(s.value) || text.includes(encodeURIComponent(s.value)),
	);
	return [...new Map(hits.map((s) => [s.label, s])).values()];
}

/** Which nodes' data hold a given secret, for the failure message. */
export function nodesHolding(run: IRun, secret: Secret): string[] {
	return Object.entries(run.data.resultData.runData)
		.filter(
			([, tasks]) =>
				leaksIn(
					JSON.stringify(tasks) +
						tasks
							.map((t) => `${t.error?.message}\n${t.error?.description}\n${t.error?.stack}`)
							.join('\n'),
					[secret],
				).length > 0,
		)
		.map(([name]) => name);
}

export class SecretLeakError extends Error {
	constructor(where: string, leaks: Secret[]) {
		super(
			`Secret leak: ${leaks.map((l) => l.label).join(', ')} appeared in ${where}. Credentials must never reach outputs, errors or answers.`,
		);
		this.name = 'SecretLeakError';
	}
}
