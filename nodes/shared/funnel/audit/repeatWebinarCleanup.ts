/**
 * The webinar funnel's weekly cleanup of "Отправлен на повтор вебинара": a client who came to the webinar again goes
 * back through the webinar funnels ("он переместится в одну из трех колонок после вебинара"); the others, once
 * they have waited a week, get the invitation again (a step of the template) and are closed as lost
 * "Закрыто не реализовано" with the reason "Без причины".
 */
import { nameKey } from '../../crm/stages';
import type { CrmDeal } from '../../crm/types';
import { stageSince } from './stageTime';

export interface RepeatWebinarCleanup {
	/** The stage being cleaned. */
	stageName: string;
	/** Days in the stage after which a deal is closed. */
	olderThanDays: number;
	lossReason: string;
}

export const WEBINAR_FUNNEL_CLEANUP: RepeatWebinarCleanup = {
	stageName: 'Отправлен на повтор вебинара',
	olderThanDays: 7,
	lossReason: 'Без причины',
};

/** Where the Webinar Router sent a person who came again: the stage to move the deal back to. */
export interface Reattendance {
	targetStage: string;
	segment: string;
	webinarDate: string | null;
}

export type CleanupDecision =
	| { action: 'moveBack'; targetStage: string; reason: string }
	| { action: 'closeLost'; lossReason: string; ageDays: number; reason: string }
	| { action: 'keep'; ageDays: number | null; reason: string }
	| { action: 'notInStage'; reason: string };

export function decideRepeatWebinarCleanup(
	deal: CrmDeal,
	currentStageName: string,
	reattendance: Reattendance | null,
	now: string,
	settings: RepeatWebinarCleanup = WEBINAR_FUNNEL_CLEANUP,
): CleanupDecision {
	if (nameKey(currentStageName) !== nameKey(settings.stageName) || deal.semantics !== 'open') {
		return {
			action: 'notInStage',
			reason: `the deal is in "${currentStageName}", not in "${settings.stageName}"`,
		};
	}
	if (reattendance) {
		return {
			action: 'moveBack',
			targetStage: reattendance.targetStage,
			reason: `came to the webinar again${reattendance.webinarDate ? ` on ${reattendance.webinarDate}` : ''} (${reattendance.segment})`,
		};
	}
	const since = stageSince(deal).ms;
	const ageDays = Number.isNaN(since) ? null : Math.floor((Date.parse(now) - since) / 86_400_000);
	if (ageDays !== null && ageDays >= settings.olderThanDays) {
		return {
			action: 'closeLost',
			lossReason: settings.lossReason,
			ageDays,
			reason: `${ageDays} days in "${settings.stageName}" without coming back (limit ${settings.olderThanDays})`,
		};
	}
	return {
		action: 'keep',
		ageDays,
		reason:
			ageDays === null
				? 'the time in the stage is unknown'
				: `${ageDays} days in the stage, fewer than ${settings.olderThanDays}`,
	};
}

/**
 * An index of the people routed by the Webinar Router (their emails and E.164 phones) to find who came again.
 * Later webinars win when a person came to several.
 */
export class ReattendanceIndex {
	private readonly byKey = new Map<string, Reattendance>();

	add(card: {
		email?: string | null;
		phone?: string | null;
		targetStage: string;
		segment: string;
		webinarDate?: string | null;
	}) {
		const value: Reattendance = {
			targetStage: card.targetStage,
			segment: card.segment,
			webinarDate: card.webinarDate ?? null,
		};
		for (const key of [card.email?.toLowerCase(), card.phone]) {
			if (!key) continue;
			const known = this.byKey.get(key);
			if (!known || (value.webinarDate ?? '') >= (known.webinarDate ?? ''))
				this.byKey.set(key, value);
		}
	}

	/** The re-attendance of a deal's contacts, by any of their emails or phones. */
	find(keys: Array<string | null | undefined>): Reattendance | null {
		for (const key of keys) {
			const found = key ? this.byKey.get(key.startsWith('+') ? key : key.toLowerCase()) : undefined;
			if (found) return found;
		}
		return null;
	}
}
