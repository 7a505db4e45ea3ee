/**
 * What a shareable template must not carry: secrets (tokens, webhook secrets, passwords), and anything that only
 * makes sense in one account or one n8n (credential ids, pipeline / stage / user ids picked from a dropdown,
 * a real portal's address, the exporting instance's id, pinned data). Agencies import the same file into many
 * client accounts; stage names, not ids, make it portable (SPEC §5).
 */

export interface TemplateLike {
	nodes?: Array<{
		name?: string;
		type?: string;
		parameters?: unknown;
		credentials?: Record<string, { id?: unknown; name?: unknown }>;
	}>;
	pinData?: unknown;
	meta?: { instanceId?: unknown };
	[key: string]: unknown;
}

const SECRET_PATTERNS: Array<[string, RegExp]> = [
	['a JWT (an amoCRM token)', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./],
	['a bearer token', /Bearer\s+[A-Za-z0-9._~+/-]{12,}/i],
	['a Bitrix24 inbound webhook with its secret', /\/rest\/\d+\/[A-Za-z0-9]{8,}\//],
	[
		'a secret in a URL',
		/[?&](?:secret|n8n_secret|token|auth|access_token|api_key)=[^&\s"'{}<>]{6,}/i,
	],
	['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

/** Addresses in templates are examples (your-company.bitrix24.ru), never a client's portal. */
const PORTAL_HOST =
	/\b([a-z0-9-]+)\.(bitrix24\.(?:ru|com|by|kz|ua|de|eu)|amocrm\.(?:ru|com)|kommo\.com)\b/gi;
const EXAMPLE_SUBDOMAINS = new Set([
	'your-company',
	'yourcompany',
	'mycompany',
	'my-company',
	'example',
	'company',
	'portal',
	'your-portal',
	'subdomain',
	'www',
]);

/** Parameters that name CRM things by id when they hold a bare number. */
const ID_PARAMETER =
	/(pipeline|stage|status|responsible|user|manager|owner|category|lossreason|field)s?(id)?$/i;

function walk(
	value: unknown,
	path: string,
	visit: (value: unknown, path: string, key: string) => void,
	key = '',
) {
	visit(value, path, key);
	if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit, key));
	else if (value && typeof value === 'object')
		for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, visit, k);
}

export function templateProblems(template: TemplateLike): string[] {
	const problems: string[] = [];
	if (template.pinData && Object.keys(template.pinData as object).length > 0)
		problems.push('pinData: a template carries no pinned data (it may hold real leads)');
	if (template.meta?.instanceId)
		problems.push("meta.instanceId: the exporting n8n's id must be removed");
	walk(template, '', (value, path) => {
		if (typeof value !== 'string') return;
		for (const [what, pattern] of SECRET_PATTERNS)
			if (pattern.test(value)) problems.push(`${path}: ${what}`);
		for (const match of value.matchAll(PORTAL_HOST)) {
			if (!EXAMPLE_SUBDOMAINS.has(match[1].toLowerCase()))
				problems.push(
					`${path}: a real account address (${match[0]}); use an example such as your-company.${match[2]}`,
				);
		}
	});
	for (const node of template.nodes ?? []) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			const id = ref?.id;
			if (id !== undefined && id !== null && String(id).trim() !== '')
				problems.push(
					`${node.name}.credentials.${type}.id: "${String(id)}" belongs to one n8n; leave it empty, the installer fills it`,
				);
		}
		walk(node.parameters, `${node.name}.parameters`, (value, path, key) => {
			if (!value || typeof value !== 'object' || Array.isArray(value)) {
				if (
					(typeof value === 'number' || (typeof value === 'string' && /^\d{3,}$/.test(value))) &&
					ID_PARAMETER.test(key) &&
					Number(value) >= 100
				) {
					problems.push(
						`${path}: ${String(value)} is an account-specific id; name the ${key} instead`,
					);
				}
				return;
			}
			const locator = value as { __rl?: unknown; mode?: unknown; value?: unknown };
			if (
				locator.__rl === true &&
				(locator.mode === 'id' || locator.mode === 'list') &&
				typeof locator.value === 'string' &&
				locator.value !== '' &&
				!locator.value.startsWith('=')
			) {
				problems.push(
					`${path}: picked by ${String(locator.mode)} (${locator.value}), which only exists in one account; choose "By Name"`,
				);
			}
		});
	}
	return [...new Set(problems)];
}
