import { isRecord } from '../fieldPath';
import type { LeadDraft } from '../lead';
import { joinNameParts, normalizeName } from '../name';

export type MessengerPlatform = 'telegram' | 'whatsapp' | 'green-api' | 'wazzup';

/** Who wrote, so a workflow can answer in the same chat. */
export interface MessengerContact {
	platform: MessengerPlatform;
	/** The chat to answer in (Telegram chat id, WhatsApp wa_id, GREEN-API chatId, Wazzup chatId). */
	chatId: string;
	/** WhatsApp, Telegram, Viber, ... for gateways that carry several (Wazzup chatType). */
	chatType?: string;
	userId?: string;
	username?: string;
	/** The business number or channel that received the message. */
	channelId?: string;
}

export interface MessengerDraft {
	draft: LeadDraft;
	contact: MessengerContact;
}

/**
 * A messenger webhook read for leads: each incoming message or shared contact is one lead; events that are
 * not a person writing (delivery statuses, our own outgoing messages, a gateway's connection test) are
 * `ignored` with what they were, so the node can answer 200 without starting a workflow.
 */
export type MessengerRead = {
	platform: MessengerPlatform;
	leads: MessengerDraft[];
	ignored: string[];
} | null;

/** Recognises the shape and reads it; null when the body is no messenger webhook this package knows. */
export function readMessengerWebhook(body: Record<string, unknown>): MessengerRead {
	if (body.object === 'whatsapp_business_account' && Array.isArray(body.entry))
		return readWhatsAppCloud(body);
	if (typeof body.typeWebhook === 'string') return readGreenApi(body);
	if ('update_id' in body || isTelegramMessage(body.message) || isTelegramContact(body))
		return readTelegram(body);
	if (
		Array.isArray(body.messages) ||
		Array.isArray(body.statuses) ||
		isRecord(body.createContact) ||
		isRecord(body.createDeal)
	) {
		return readWazzup(body);
	}
	return null;
}

/** Telegram Bot API `Update` (or a bare `Message` / `Contact`): a shared contact gives the phone. */
function readTelegram(body: Record<string, unknown>): MessengerRead {
	if (isTelegramContact(body)) {
		return { platform: 'telegram', leads: [telegramLead(body, undefined, body)], ignored: [] };
	}
	const message = isTelegramMessage(body.message)
		? body.message
		: isTelegramMessage(body.business_message)
			? body.business_message
			: null;
	if (!message) {
		const kind = Object.keys(body).find((k) => k !== 'update_id') ?? 'empty update';
		return { platform: 'telegram', leads: [], ignored: [`Telegram ${kind}`] };
	}
	const from = isRecord(message.from) ? message.from : {};
	if (from.is_bot === true)
		return { platform: 'telegram', leads: [], ignored: ['a Telegram message from a bot'] };
	const contact = isRecord(message.contact) ? message.contact : undefined;
	return { platform: 'telegram', leads: [telegramLead(message, contact, from)], ignored: [] };
}

function telegramLead(
	message: Record<string, unknown>,
	contact: Record<string, unknown> | undefined,
	from: Record<string, unknown>,
): MessengerDraft {
	const person = contact ?? from;
	const chat = isRecord(message.chat) ? message.chat : {};
	const chatId = text(chat.id) || text(from.id) || text(person.user_id);
	return {
		draft: {
			name: joinNameParts(person.first_name, person.last_name) || text(from.username),
			// Clients send the number with or without "+"; address-book contacts may be national (8 7172 ...).
			phone: contact ? contact.phone_number : person.phone_number,
			message: rawText(message.text) || rawText(message.caption),
			externalId: text(message.message_id),
			receivedAt: typeof message.date === 'number' ? message.date : undefined,
			source: 'messenger',
			channel: 'telegram',
			raw: message,
		},
		contact: {
			platform: 'telegram',
			chatId,
			userId: text(from.id) || text(person.user_id) || undefined,
			username: text(from.username) || undefined,
		},
	};
}

/** WhatsApp Cloud API: `entry[].changes[].value` with `contacts` (profile name, wa_id) and `messages`. */
function readWhatsAppCloud(body: Record<string, unknown>): MessengerRead {
	const leads: MessengerDraft[] = [];
	const ignored: string[] = [];
	for (const entry of list(body.entry)) {
		for (const change of list(entry.changes)) {
			const value = isRecord(change.value) ? change.value : {};
			if (change.field !== 'messages') {
				ignored.push(`WhatsApp ${text(change.field) || 'change'} event`);
				continue;
			}
			const names = new Map(
				list(value.contacts).map((c) => [
					text(c.wa_id),
					isRecord(c.profile) ? text(c.profile.name) : '',
				]),
			);
			const metadata = isRecord(value.metadata) ? value.metadata : {};
			for (const message of list(value.messages)) {
				const waId = text(message.from);
				const body = isRecord(message.text) ? rawText(message.text.body) : '';
				const caption =
					['image', 'video', 'document']
						.map((k) =>
							isRecord(message[k]) ? text((message[k] as Record<string, unknown>).caption) : '',
						)
						.find(Boolean) ?? '';
				const button = isRecord(message.button) ? text(message.button.text) : '';
				leads.push({
					draft: {
						name: names.get(waId) ?? '',
						// wa_id is the international number without "+".
						phone: waId ? `+${waId.replace(/^\+/, '')}` : '',
						message: body || caption || button,
						externalId: text(message.id),
						receivedAt: text(message.timestamp) || undefined,
						source: 'messenger',
						channel: 'whatsapp',
						raw: { contacts: value.contacts, message, metadata },
					},
					contact: {
						platform: 'whatsapp',
						chatId: waId,
						channelId: text(metadata.phone_number_id) || undefined,
					},
				});
			}
			for (const _status of list(value.statuses)) ignored.push('a WhatsApp delivery status');
		}
	}
	return { platform: 'whatsapp', leads, ignored };
}

/** GREEN-API: `typeWebhook`, `senderData.chatId` like `79161234567@c.us`. */
function readGreenApi(body: Record<string, unknown>): MessengerRead {
	const type = text(body.typeWebhook);
	if (type !== 'incomingMessageReceived')
		return { platform: 'green-api', leads: [], ignored: [`GREEN-API ${type}`] };
	const sender = isRecord(body.senderData) ? body.senderData : {};
	const chatId = text(sender.chatId);
	// In a group chat the person is `sender`; the chat is the group.
	const personId = chatId.endsWith('@g.us') ? text(sender.sender) : chatId;
	const data = isRecord(body.messageData) ? body.messageData : {};
	const message =
		(isRecord(data.textMessageData) ? rawText(data.textMessageData.textMessage) : '') ||
		(isRecord(data.extendedTextMessageData) ? rawText(data.extendedTextMessageData.text) : '') ||
		(isRecord(data.fileMessageData) ? rawText(data.fileMessageData.caption) : '');
	const digits = personId.replace(/@.*$/, '');
	return {
		platform: 'green-api',
		leads: [
			{
				draft: {
					name: text(sender.senderContactName) || text(sender.senderName) || text(sender.chatName),
					phone: /^\d{7,15}$/.test(digits) ? `+${digits}` : '',
					message,
					externalId: text(body.idMessage),
					receivedAt: typeof body.timestamp === 'number' ? body.timestamp : undefined,
					source: 'messenger',
					channel: 'whatsapp',
					raw: body,
				},
				contact: {
					platform: 'green-api',
					chatId,
					chatType: 'whatsapp',
					channelId: isRecord(body.instanceData)
						? text(body.instanceData.wid) || undefined
						: undefined,
				},
			},
		],
		ignored: [],
	};
}

/** Wazzup24: `messages[]` (incoming when `isEcho` is false), `statuses[]`, or `createContact` / `createDeal`. */
function readWazzup(body: Record<string, unknown>): MessengerRead {
	const leads: MessengerDraft[] = [];
	const ignored: string[] = [];
	for (const message of list(body.messages)) {
		if (message.isEcho === true) {
			ignored.push('a Wazzup24 outgoing message (echo)');
			continue;
		}
		if (message.isDeleted === true || message.status === 'deleted') {
			ignored.push('a deleted Wazzup24 message');
			continue;
		}
		const contact = isRecord(message.contact) ? message.contact : {};
		const chatType = text(message.chatType);
		const chatId = text(message.chatId);
		leads.push({
			draft: {
				name: text(contact.name),
				phone: text(contact.phone) || phoneFromChat(chatType, chatId),
				message: rawText(message.text),
				externalId: text(message.messageId),
				receivedAt: text(message.dateTime) || undefined,
				source: 'messenger',
				channel: chatType || 'wazzup',
				raw: message,
			},
			contact: {
				platform: 'wazzup',
				chatId,
				chatType: chatType || undefined,
				username: text(contact.username) || undefined,
				channelId: text(message.channelId) || undefined,
			},
		});
	}
	for (const _status of list(body.statuses)) ignored.push('a Wazzup24 message status');
	const created = isRecord(body.createContact)
		? body.createContact
		: isRecord(body.createDeal)
			? body.createDeal
			: null;
	if (created) {
		const chats = list(created.contactData);
		const first = chats[0] ?? {};
		const phoneChat = chats.find((c) => phoneFromChat(text(c.chatType), text(c.chatId)) !== '');
		leads.push({
			draft: {
				name: text(created.name),
				phone: phoneChat ? phoneFromChat(text(phoneChat.chatType), text(phoneChat.chatId)) : '',
				source: 'messenger',
				channel: text(first.chatType) || 'wazzup',
				raw: created,
			},
			contact: {
				platform: 'wazzup',
				chatId: text(first.chatId),
				chatType: text(first.chatType) || undefined,
			},
		});
	}
	return { platform: 'wazzup', leads, ignored };
}

/** For WhatsApp and Viber chats the chat id is the phone number. */
function phoneFromChat(chatType: string, chatId: string): string {
	if (!['whatsapp', 'viber'].includes(chatType)) return '';
	const digits = chatId.replace(/\D/g, '');
	return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : '';
}

function isTelegramMessage(value: unknown): value is Record<string, unknown> {
	return isRecord(value) && 'message_id' in value && isRecord(value.chat);
}

function isTelegramContact(value: Record<string, unknown>): boolean {
	return typeof value.phone_number === 'string' && typeof value.first_name === 'string';
}

function list(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Message text keeps its line breaks. */
function rawText(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function text(value: unknown): string {
	if (typeof value === 'string') return normalizeName(value);
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return '';
}
