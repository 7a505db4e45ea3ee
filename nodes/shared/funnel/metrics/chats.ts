/**
 * Chat replies (a chat is answered within 5 minutes), from the deals' chat messages as the CRM's history tells
 * them. A client's message opens a wait unless one is open already (a second message before the answer joins it);
 * a manager's message closes it — a robot's message (an auto-reply, no user) does not, since it is not an answer.
 * A manager's message with no wait open (a follow-up, a first message to the client) is no reply.
 */
import type { ChatMessage } from '../../crm/types';

/** The limit for a chat reply: 5 minutes. */
export const CHAT_REPLY_LIMIT_MINUTES = 5;

export interface ChatWait {
	dealId: string;
	/** ms: the client's first message of the wait. */
	askedAt: number;
	/** ms: the manager's answer; null while unanswered. */
	answeredAt: number | null;
	answeredBy: string | null;
}

/** The waits of every deal's chat, in the deal's order of time. */
export function chatWaits(messages: Iterable<ChatMessage>): ChatWait[] {
	const byDeal = new Map<string, ChatMessage[]>();
	for (const message of messages) {
		const list = byDeal.get(message.dealId);
		if (list) list.push(message);
		else byDeal.set(message.dealId, [message]);
	}
	const waits: ChatWait[] = [];
	for (const [dealId, list] of byDeal) {
		list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
		let open: ChatWait | null = null;
		for (const message of list) {
			if (message.direction === 'inbound') {
				if (!open) {
					open = { dealId, askedAt: Date.parse(message.at), answeredAt: null, answeredBy: null };
					waits.push(open);
				}
			} else if (open && message.userId !== null) {
				open.answeredAt = Date.parse(message.at);
				open.answeredBy = message.userId;
				open = null;
			}
		}
	}
	return waits;
}

export interface ChatFigures {
	/** Client messages that waited for an answer, begun in the period. */
	waits: number;
	answered: number;
	/** Answered within the limit (5 minutes). */
	withinLimit: number;
	withinLimitPercent: number | null;
	medianMinutes: number | null;
}
