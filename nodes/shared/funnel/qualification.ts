import type { LeadClass } from './lead';
import { normalizeName } from './name';
import { toNumber } from './tagging/tagRules';
import { plainText } from './text';

/**
 * Lead qualification as sales teams do it («Как правильно принимать и обрабатывать входящие заявки»): each criterion
 * scored 1–5, the sum is the lead's quality. Weights let a team count a criterion double; thresholds on the
 * sum give the A/B/C tags agencies put on leads.
 */
export interface Criterion {
	name: string;
	/** 1–5, or null/'' when nobody could tell (the criterion then adds nothing and is listed as missing). */
	points: unknown;
	/** Multiplies the points; 1 by default. */
	weight?: number;
}

export interface ClassThresholds {
	/** A score at or above this is A (hot). */
	a: number;
	/** A score at or above this (and below A) is B (warm); below is C. */
	b: number;
}

/** The four universal criteria of lead qualification, in sales teams' words. */
export const QUALIFICATION_CRITERIA = [
	'Fit to the ideal client (целевой портрет)',
	'Readiness to buy (готовность к покупке)',
	'Real need (реальная потребность)',
	'Channel (канал коммуникации)',
] as const;

/** With the four criteria at weight 1 the sum runs 4–20: A from an average of 4, B from an average of 2.75. */
export const DEFAULT_THRESHOLDS: ClassThresholds = { a: 16, b: 11 };

export interface ScoredCriterion {
	name: string;
	points: number | null;
	weight: number;
	weighted: number;
}

export type ScoreResult =
	| {
			ok: true;
			score: number;
			class: LeadClass;
			/** Highest score possible with these weights. */
			maxScore: number;
			criteria: ScoredCriterion[];
			missing: string[];
			reason: string;
	  }
	| { ok: false; reason: string };

export const MIN_POINTS = 1;
export const MAX_POINTS = 5;

export function scoreLead(
	criteria: readonly Criterion[],
	thresholds: ClassThresholds = DEFAULT_THRESHOLDS,
): ScoreResult {
	const problem = checkThresholds(thresholds);
	if (problem) return { ok: false, reason: problem };
	if (criteria.length === 0) return { ok: false, reason: 'no scoring criteria given' };
	const scored: ScoredCriterion[] = [];
	const missing: string[] = [];
	let score = 0;
	let maxScore = 0;
	for (const [index, criterion] of criteria.entries()) {
		const name = normalizeName(criterion.name) || `criterion ${index + 1}`;
		const weight = criterion.weight ?? 1;
		if (!Number.isFinite(weight) || weight < 0)
			return { ok: false, reason: `${name}: weight ${weight} must be 0 or more` };
		maxScore += MAX_POINTS * weight;
		const blank =
			criterion.points === null ||
			criterion.points === undefined ||
			String(criterion.points).trim() === '';
		if (blank) {
			missing.push(name);
			scored.push({ name, points: null, weight, weighted: 0 });
			continue;
		}
		const points = toNumber(criterion.points);
		if (points === null || points < MIN_POINTS || points > MAX_POINTS) {
			return {
				ok: false,
				reason: `${name}: "${String(criterion.points)}" is not a score from ${MIN_POINTS} to ${MAX_POINTS}`,
			};
		}
		const weighted = points * weight;
		score += weighted;
		scored.push({ name, points, weight, weighted });
	}
	score = round(score);
	const leadClass: LeadClass = score >= thresholds.a ? 'A' : score >= thresholds.b ? 'B' : 'C';
	const band =
		leadClass === 'A'
			? `≥ ${thresholds.a}`
			: leadClass === 'B'
				? `${thresholds.b}–${thresholds.a}`
				: `< ${thresholds.b}`;
	const parts = scored.map(
		(c) => `${c.name} ${c.points ?? '—'}${c.weight !== 1 ? `×${c.weight}` : ''}`,
	);
	const reason =
		`score ${score} of ${round(maxScore)} (${parts.join(', ')}) → ${leadClass} (${band})` +
		(missing.length ? `; not scored: ${missing.join(', ')}` : '');
	return {
		ok: true,
		score,
		class: leadClass,
		maxScore: round(maxScore),
		criteria: scored,
		missing,
		reason,
	};
}

function checkThresholds(t: ClassThresholds): string {
	if (!Number.isFinite(t.a) || !Number.isFinite(t.b))
		return 'the A and B thresholds must be numbers';
	if (t.b > t.a) return `the B threshold (${t.b}) must not be above the A threshold (${t.a})`;
	return '';
}

/** What a form or a manager said about budget or urgency. */
export type Answer = 'yes' | 'likely' | 'no' | 'unknown';

const YES = new Set([
	'yes',
	'y',
	'true',
	'1',
	'да',
	'есть',
	'срочно',
	'urgent',
	'горит',
	'asap',
	'сейчас',
	'сразу',
]);
const LIKELY = new Set([
	'likely',
	'maybe',
	'probably',
	'возможно',
	'наверное',
	'скорее да',
	'вероятно',
	'предположительно',
	'partly',
	'частично',
]);
const NO = new Set(['no', 'n', 'false', '0', 'нет', 'не срочно', 'не горит', 'none']);

/** Reads yes / likely / no from booleans, numbers and the words people type in Russian or English. */
export function parseAnswer(value: unknown): Answer {
	if (value === true) return 'yes';
	if (value === false) return 'no';
	if (value === null || value === undefined) return 'unknown';
	if (typeof value === 'number') return value > 0 ? 'yes' : 'no';
	const text = normalizeName(plainText(value)).toLowerCase().replace(/ё/g, 'е');
	if (text === '') return 'unknown';
	if (YES.has(text)) return 'yes';
	if (LIKELY.has(text)) return 'likely';
	if (NO.has(text)) return 'no';
	// An amount ("150 000", "от 100 тыс") says there is a budget.
	if (/\d/.test(text) && !/^0+([.,]0+)?$/.test(text)) return 'yes';
	return 'unknown';
}

/**
 * Agencies' A/B/C: A — has a budget and is ready to start as soon as possible; B — money without urgency, or
 * urgency with money likely; C — unclear about budget or timing, came to ask.
 */
export function classifyByBudgetAndUrgency(
	budget: Answer,
	urgency: Answer,
): { class: LeadClass; reason: string } {
	const said = `budget: ${budget}, urgent: ${urgency}`;
	if (budget === 'yes' && urgency === 'yes')
		return { class: 'A', reason: `${said} → A (budget and urgency)` };
	if (budget === 'yes') return { class: 'B', reason: `${said} → B (money without urgency)` };
	if (budget === 'likely' && urgency === 'yes')
		return { class: 'B', reason: `${said} → B (urgent, money likely)` };
	return { class: 'C', reason: `${said} → C (budget or timing unclear)` };
}

function round(n: number): number {
	return Math.round(n * 100) / 100;
}
