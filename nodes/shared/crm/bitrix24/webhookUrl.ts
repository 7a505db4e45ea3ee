/**
 * The inbound webhook URL a Bitrix24 portal gives (Developer resources → Inbound webhook):
 * `https://PORTAL/rest/USER_ID/SECRET/`. Checked strictly, because the whole credential is this one string:
 * HTTPS only (the API refuses plain HTTP), a host name, a numeric user, a secret of letters and digits. The
 * sandbox mode accepts `http://` and any host, for a local emulator — never for a real portal.
 */

export interface WebhookUrl {
	/** `https://portal.bitrix24.ru/rest/1/abc123/` — always with the trailing slash. */
	base: string;
	/** `portal.bitrix24.ru` (host and port): the rate limits are kept per portal. */
	portal: string;
	userId: number;
}

export type WebhookUrlCheck = { ok: true; value: WebhookUrl } | { ok: false; reason: string };

const HOST =
	/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function parseWebhookUrl(
	input: string,
	options: { sandbox?: boolean } = {},
): WebhookUrlCheck {
	const raw = String(input ?? '').trim();
	if (!raw)
		return {
			ok: false,
			reason:
				'Enter the inbound webhook URL, e.g. https://your-company.bitrix24.ru/rest/1/abc123def456gh78/',
		};
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return {
			ok: false,
			reason: `"${mask(raw)}" is not a URL; it looks like https://your-company.bitrix24.ru/rest/1/abc123def456gh78/`,
		};
	}
	if (url.protocol !== 'https:' && !(options.sandbox && url.protocol === 'http:')) {
		return {
			ok: false,
			reason: options.sandbox
				? 'The URL must start with https:// or http://'
				: 'Bitrix24 accepts only https:// webhook URLs (plain http:// is refused with "Https required"); use the Sandbox environment for a local emulator',
		};
	}
	if (url.username || url.password)
		return { ok: false, reason: 'The webhook URL must not contain a user name or password' };
	if (url.search || url.hash)
		return {
			ok: false,
			reason: 'Remove everything after the secret (the "?" or "#" part) from the webhook URL',
		};
	if (!options.sandbox && !HOST.test(url.hostname)) {
		return {
			ok: false,
			reason: `"${url.hostname}" is not a portal host name such as your-company.bitrix24.ru`,
		};
	}
	const parts = url.pathname.split('/').filter(Boolean);
	if (parts[0] !== 'rest' || parts.length < 3) {
		return {
			ok: false,
			reason:
				'The webhook URL path must be /rest/USER_ID/SECRET/, as Bitrix24 shows it (Developer resources → Other → Inbound webhook)',
		};
	}
	const [, userId, secret, ...rest] = parts;
	if (!/^\d+$/.test(userId) || Number(userId) <= 0)
		return {
			ok: false,
			reason: `The user id in the webhook URL must be a number, not "${userId}"`,
		};
	if (!/^[a-z0-9]{8,64}$/i.test(secret))
		return { ok: false, reason: 'The secret in the webhook URL must be 8–64 letters and digits' };
	if (rest.length) {
		return {
			ok: false,
			reason: `Remove the method name ("${rest.join('/')}") from the end of the webhook URL: keep only …/rest/${userId}/SECRET/`,
		};
	}
	const portal = url.host.toLowerCase();
	return {
		ok: true,
		value: {
			base: `${url.protocol}//${portal}/rest/${userId}/${secret}/`,
			portal,
			userId: Number(userId),
		},
	};
}

/** Hides the secret when a URL has to appear in a message. */
export function mask(text: string): string {
	return text.replace(
		/(\/rest\/\d+\/)([^/?#\s]+)/g,
		(_m, head: string, secret: string) => `${head}${secret.slice(0, 2)}…`,
	);
}
