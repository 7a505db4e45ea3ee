import { hal, noContent, type ApiRequest, type ApiResponse } from '../http';
import { valuesOf } from '../listing';
import type { Webhook } from '../model';
import type { Router } from '../router';
import { BatchValidator, isRecord } from '../validation';

export const WEBHOOK_LIMIT = 100;

/** Event codes a subscription may ask for (§4.1), `{action}_{entity}`. */
export const WEBHOOK_SETTINGS = new Set([
	...['add', 'update', 'delete', 'restore', 'status', 'responsible', 'note'].map(
		(a) => `${a}_lead`,
	),
	...['add', 'update', 'delete', 'restore', 'responsible', 'note'].flatMap((a) => [
		`${a}_contact`,
		`${a}_company`,
	]),
	...['add', 'update', 'delete', 'responsible', 'note'].map((a) => `${a}_customer`),
	...['add', 'update', 'delete', 'responsible'].map((a) => `${a}_task`),
	'add_talk',
	'update_talk',
	'add_chat_template_review',
	'add_message',
	'add_outgoing_message',
	'add_unsorted',
	'update_unsorted',
	'delete_unsorted',
]);

/** `GET/POST/DELETE /api/v4/webhooks` (admin): subscriptions by destination URL, at most 100 per account. */
export function webhookRoutes(router: Router) {
	router.get('/api/v4/webhooks', listWebhooks);
	router.post('/api/v4/webhooks', subscribe);
	router.delete('/api/v4/webhooks', unsubscribe);
}

function webhookOut(req: ApiRequest, webhook: Webhook) {
	return {
		id: webhook.id,
		destination: webhook.destination,
		created_at: webhook.created_at,
		updated_at: webhook.updated_at,
		account_id: req.account.id,
		created_by: webhook.created_by,
		sort: webhook.sort,
		disabled: webhook.disabled,
		settings: webhook.settings,
	};
}

function listWebhooks(req: ApiRequest): ApiResponse {
	const filter = isRecord(req.query.filter) ? req.query.filter : {};
	const destination = valuesOf(filter.destination)[0];
	const found = [...req.account.webhooks.values()].filter(
		(w) => !destination || w.destination === destination,
	);
	if (found.length === 0) return noContent();
	return hal({
		_total_items: found.length,
		_embedded: { webhooks: found.map((w) => webhookOut(req, w)) },
	});
}

function subscribe(req: ApiRequest): ApiResponse {
	const { account } = req;
	const body = isRecord(req.body) ? req.body : {};
	const validator = new BatchValidator();
	const errors = validator.item(0, body);
	const destination = typeof body.destination === 'string' ? body.destination.trim() : '';
	if (!/^https?:\/\/\S+$/i.test(destination)) errors.notChoice('destination');
	const settings = Array.isArray(body.settings) ? body.settings.map(String) : [];
	if (settings.length === 0) errors.blank('settings');
	settings.forEach((s, i) => {
		if (!WEBHOOK_SETTINGS.has(s)) errors.notChoice(`settings.${i}`);
	});
	const existing = [...account.webhooks.values()].find((w) => w.destination === destination);
	if (!existing && account.webhooks.size >= WEBHOOK_LIMIT)
		errors.add(
			'destination',
			'LimitExceeded',
			`No more than ${WEBHOOK_LIMIT} webhooks per account`,
		);
	const [webhook] = validator.applyAll([
		() => {
			const now = account.clock.now();
			if (existing) {
				existing.settings = settings;
				existing.disabled = false;
				existing.failures = [];
				existing.updated_at = now;
				if (body.sort !== undefined) existing.sort = Number(body.sort);
				return existing;
			}
			const created: Webhook = {
				id: account.nextId('webhooks'),
				destination,
				settings,
				sort: body.sort !== undefined ? Number(body.sort) : 1,
				disabled: false,
				created_by: req.identity!.userId,
				created_at: now,
				updated_at: now,
				failures: [],
			};
			account.webhooks.set(created.id, created);
			return created;
		},
	]);
	return hal(webhookOut(req, webhook));
}

function unsubscribe(req: ApiRequest): ApiResponse {
	const body = isRecord(req.body) ? req.body : {};
	const destination = typeof body.destination === 'string' ? body.destination.trim() : '';
	for (const [id, webhook] of req.account.webhooks)
		if (webhook.destination === destination) req.account.webhooks.delete(id);
	return noContent();
}
