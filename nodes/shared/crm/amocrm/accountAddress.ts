/**
 * Where an amoCRM account lives. Requests always go to the account's own host (never a common domain), built
 * from a subdomain and one of the three zones, or — for tests and the demo — a sandbox (emulator) URL. No other
 * host is accepted, so a token or a client secret can never be sent elsewhere.
 */
export type AmoZone = 'amocrm.ru' | 'amocrm.com' | 'kommo.com' | 'sandbox';

export const AMO_ZONES: readonly AmoZone[] = ['amocrm.ru', 'amocrm.com', 'kommo.com', 'sandbox'];

export interface AccountAddressInput {
	zone?: unknown;
	subdomain?: unknown;
	sandboxUrl?: unknown;
}

export type AccountAddress =
	| { ok: true; baseUrl: string; host: string; subdomain: string | null; zone: AmoZone }
	| { ok: false; reason: string };

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const SANDBOX = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z0-9-]+(?::\d{1,5})?(?:\/[\w.~-]+)*\/?$/i;

/**
 * Accepts `mycompany`, or the account's address pasted whole (`https://mycompany.amocrm.ru/leads/`) when it
 * is on the chosen zone.
 */
export function accountAddress(input: AccountAddressInput): AccountAddress {
	const zone = String(input.zone ?? 'amocrm.ru') as AmoZone;
	if (!AMO_ZONES.includes(zone))
		return {
			ok: false,
			reason: `unknown zone "${zone}"; choose amocrm.ru, amocrm.com, kommo.com or the sandbox`,
		};
	if (zone === 'sandbox') {
		const url = String(input.sandboxUrl ?? '').trim();
		if (!SANDBOX.test(url))
			return {
				ok: false,
				reason: `the sandbox URL "${url}" is not an http(s) address such as http://127.0.0.1:3101`,
			};
		const baseUrl = url.replace(/\/+$/, '');
		return { ok: true, baseUrl, host: new URL(baseUrl).host, subdomain: null, zone };
	}
	let text = String(input.subdomain ?? '')
		.trim()
		.toLowerCase();
	text = text.replace(/^https?:\/\//, '').replace(/[/?#].*$/, '');
	if (text.includes('.')) {
		const first = text.indexOf('.');
		const rest = text.slice(first + 1);
		if (rest !== zone) {
			return {
				ok: false,
				reason: `"${input.subdomain}" is not an address on ${zone}; enter only the subdomain (mycompany) or pick the matching zone`,
			};
		}
		text = text.slice(0, first);
	}
	if (!SUBDOMAIN.test(text)) {
		return {
			ok: false,
			reason: `"${String(input.subdomain ?? '')}" is not a valid subdomain; for https://mycompany.${zone} enter mycompany`,
		};
	}
	const host = `${text}.${zone}`;
	return { ok: true, baseUrl: `https://${host}`, host, subdomain: text, zone };
}

/**
 * The same rule as an n8n expression over the credential's fields — `$self` in a credential's own hidden
 * fields (the OAuth2 URLs n8n resolves itself), `$credentials` in its test request. An invalid subdomain
 * yields a `.invalid` host, which nothing answers, so no secret leaves for a host the user did not mean.
 */
export function accountUrlExpression(
	path: string,
	variable: '$self' | '$credentials' = '$self',
): string {
	const v = variable;
	const sub = `('' + (${v}.subdomain || '')).trim().toLowerCase().replace(/^https?:\\/\\//, '').split(/[./]/)[0]`;
	const sandbox = `('' + (${v}.sandboxUrl || '')).trim().replace(/\\/+$/, '')`;
	return (
		`={{ (${v}.zone === 'sandbox' ? ${sandbox} : ` +
		// No braces (they would end the {{ }}) and no globals such as String (the expression sandbox hides them).
		`(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(${sub}) && ${sub}.length <= 63 && ['amocrm.ru', 'amocrm.com', 'kommo.com'].includes(${v}.zone || 'amocrm.ru') ` +
		`? 'https://' + ${sub} + '.' + (${v}.zone || 'amocrm.ru') : 'https://invalid-subdomain.invalid')) + '${path}' }}`
	);
}
