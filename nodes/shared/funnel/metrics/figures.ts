/** The numbers of one row (the total, a pipeline, a manager), gathered deal by deal and call by call. */
import { firstResponseAt } from '../audit/firstResponse';
import { responseTier, type ResponseTier } from '../audit/responseTime';
import { CHAT_REPLY_LIMIT_MINUTES, type ChatFigures, type ChatWait } from './chats';
import { conversionOf, countClose, percentOf, type CloseRecord } from './conversion';

const DAY_MS = 86_400_000;

export interface StageBar {
	stageId: string;
	name: string;
	/** Deals of the period that reached this stage or went past it. */
	reached: number;
	/** Percent of the bar before (the first stage: of the deals that entered the pipeline). */
	conversionPercent: number | null;
}

export interface FunnelView {
	pipelineId: string;
	pipelineName: string;
	/** Deals that entered the pipeline in the period: made there, or moved in from another pipeline. */
	entered: number;
	stages: StageBar[];
	won: number;
	/** Won of the last stage's deals. */
	wonConversionPercent: number | null;
	lost: number;
	/** Went on to another pipeline before the period ended. */
	movedOut: number;
	stillOpen: number;
}

export interface LossReasonCount {
	/** null: lost without a reason. */
	reasonId: string | null;
	reason: string | null;
	count: number;
}

export interface SalesFigures {
	created: number;
	won: number;
	lost: number;
	closed: number;
	/** Won ÷ (won + lost), of the deals closed in the period. */
	wonOfClosedPercent: number | null;
	/** Won in the period ÷ created in the period. */
	wonOfCreatedPercent: number | null;
	revenue: number;
	/** Revenue ÷ won deals with a price. */
	averageCheck: number | null;
	/** Won deals without a price (not in the average check). */
	wonWithoutPrice: number;
	/** Days from creation to the win, averaged over the won deals. */
	averageCycleDays: number | null;
	/** Units per won deal, over the won deals that list products; null when none does. */
	unitsPerCheck: number | null;
	wonWithProducts: number;
	/** Only with a cost field: revenue less cost over the won deals that have both, and its share of that revenue. */
	margin: { amount: number; percent: number | null; deals: number } | null;
	lossReasons: LossReasonCount[];
}

export interface ResponseFigures {
	/** New deals of the period whose first response was measured (answered or not yet). */
	newDeals: number;
	tiers: Record<ResponseTier, number>;
	/** New deals nobody has called yet. */
	notYet: number;
	/** Within 20 minutes, of the new deals. */
	idealPercent: number | null;
	medianMinutes: number | null;
}

export interface TalkDay {
	date: string;
	minutes: number;
}

export interface TalkFigures {
	calls: number;
	minutes: number;
	/** Days with talk time. */
	activeDays: number;
	averagePerDayMinutes: number | null;
	maxDay: TalkDay | null;
	/** Days over the limit (3 hours by default: longer no manager stays good on the phone). */
	daysOverLimit: TalkDay[];
}

export interface MetricsRow {
	scope: 'total' | 'pipeline' | 'manager';
	id: string;
	name: string;
	sales: SalesFigures;
	firstResponse: ResponseFigures;
	/** Managers and the total; pipelines have none (calls belong to people). */
	talk: TalkFigures | null;
	/** Chat replies, managers and the total, where the CRM tells the chat messages (amoCRM); else null. */
	chats: ChatFigures | null;
	funnels: FunnelView[];
}

interface FunnelTally {
	entered: number;
	reached: number[];
	won: number;
	lost: number;
	movedOut: number;
}

/** Everything a row counts, before it is turned into figures. */
export class RowTally {
	created = 0;
	closes: CloseRecord = { won: 0, lost: 0 };
	revenue = 0;
	priced = 0;
	cycleDays: number[] = [];
	units = 0;
	withProducts = 0;
	costDeals = 0;
	costRevenue = 0;
	cost = 0;
	readonly losses = new Map<string | null, number>();
	readonly responses: number[] = [];
	notYet = 0;
	readonly talkByDay = new Map<string, number>();
	calls = 0;
	/** Minutes to each answered chat wait; unanswered ones counted apart. */
	readonly chatAnswers: number[] = [];
	chatUnanswered = 0;
	readonly funnels = new Map<string, FunnelTally>();

	constructor(
		readonly scope: MetricsRow['scope'],
		readonly id: string,
		readonly name: string,
	) {}

	addCreated(): void {
		this.created++;
	}

	addClose(
		semantics: 'won' | 'lost',
		facts: {
			price: number | null;
			createdAt: number;
			closedAt: number;
			lossReasonId: string | null;
			units: number | null;
			cost: number | null;
		},
	): void {
		countClose(this.closes, semantics);
		if (semantics === 'lost') {
			this.losses.set(facts.lossReasonId, (this.losses.get(facts.lossReasonId) ?? 0) + 1);
			return;
		}
		if (facts.price !== null && facts.price > 0) {
			this.revenue += facts.price;
			this.priced++;
		}
		if (Number.isFinite(facts.createdAt))
			this.cycleDays.push(Math.max(0, (facts.closedAt - facts.createdAt) / DAY_MS));
		if (facts.units !== null) {
			this.units += facts.units;
			this.withProducts++;
		}
		if (facts.cost !== null && facts.price !== null && facts.price > 0) {
			this.costDeals++;
			this.costRevenue += facts.price;
			this.cost += facts.cost;
		}
	}

	addResponse(calls: Parameters<typeof firstResponseAt>[0], createdAt: string): void {
		const first = firstResponseAt(calls, createdAt);
		if (first === null) this.notYet++;
		else this.responses.push(Math.max(0, (Date.parse(first) - Date.parse(createdAt)) / 60_000));
	}

	addTalk(day: string, seconds: number): void {
		this.calls++;
		this.talkByDay.set(day, (this.talkByDay.get(day) ?? 0) + seconds / 60);
	}

	addChatWait(wait: ChatWait): void {
		if (wait.answeredAt === null) this.chatUnanswered++;
		else this.chatAnswers.push(Math.max(0, (wait.answeredAt - wait.askedAt) / 60_000));
	}

	addRun(
		pipelineId: string,
		stageCount: number,
		reachedIndex: number | null,
		outcome: string,
	): void {
		let funnel = this.funnels.get(pipelineId);
		if (!funnel) {
			funnel = { entered: 0, reached: new Array(stageCount).fill(0), won: 0, lost: 0, movedOut: 0 };
			this.funnels.set(pipelineId, funnel);
		}
		funnel.entered++;
		if (reachedIndex !== null) for (let i = 0; i <= reachedIndex; i++) funnel.reached[i]++;
		if (outcome === 'won') funnel.won++;
		else if (outcome === 'lost') funnel.lost++;
		else if (outcome === 'moved') funnel.movedOut++;
	}

	figures(context: {
		pipelines: Array<{ id: string; name: string; stages: Array<{ id: string; name: string }> }>;
		reasonName: (id: string) => string;
		talkLimitMinutes: number;
		withCost: boolean;
		withTalk: boolean;
		withChats: boolean;
	}): MetricsRow {
		const won = this.closes.won;
		const conversion = conversionOf(this.closes);
		const sales: SalesFigures = {
			created: this.created,
			won,
			lost: this.closes.lost,
			closed: conversion.closed,
			wonOfClosedPercent: conversion.percent,
			wonOfCreatedPercent: percentOf(won, this.created),
			revenue: round(this.revenue),
			averageCheck: this.priced ? round(this.revenue / this.priced) : null,
			wonWithoutPrice: won - this.priced,
			averageCycleDays: this.cycleDays.length
				? round(this.cycleDays.reduce((a, b) => a + b, 0) / this.cycleDays.length, 1)
				: null,
			unitsPerCheck: this.withProducts ? round(this.units / this.withProducts, 2) : null,
			wonWithProducts: this.withProducts,
			margin: context.withCost
				? {
						amount: round(this.costRevenue - this.cost),
						percent: percentOf(this.costRevenue - this.cost, this.costRevenue),
						deals: this.costDeals,
					}
				: null,
			lossReasons: [...this.losses.entries()]
				.map(([reasonId, count]) => ({
					reasonId,
					reason: reasonId === null ? null : context.reasonName(reasonId),
					count,
				}))
				.sort(
					(a, b) =>
						b.count - a.count ||
						Number(a.reasonId === null) - Number(b.reasonId === null) ||
						String(a.reason).localeCompare(String(b.reason)),
				),
		};
		const tiers: Record<ResponseTier, number> = {
			ideal: 0,
			normal: 0,
			acceptable: 0,
			undesirable: 0,
		};
		for (const minutes of this.responses) tiers[responseTier(minutes).tier]++;
		const newDeals = this.responses.length + this.notYet;
		const firstResponse: ResponseFigures = {
			newDeals,
			tiers,
			notYet: this.notYet,
			idealPercent: percentOf(tiers.ideal, newDeals),
			medianMinutes: median(this.responses),
		};
		const days = [...this.talkByDay.entries()]
			.map(([date, minutes]) => ({ date, minutes: round(minutes, 1) }))
			.sort((a, b) => a.date.localeCompare(b.date));
		const minutes = days.reduce((sum, d) => sum + d.minutes, 0);
		const talk: TalkFigures | null = context.withTalk
			? {
					calls: this.calls,
					minutes: round(minutes, 1),
					activeDays: days.length,
					averagePerDayMinutes: days.length ? round(minutes / days.length, 1) : null,
					maxDay: days.reduce<TalkDay | null>(
						(max, d) => (!max || d.minutes > max.minutes ? d : max),
						null,
					),
					daysOverLimit:
						this.scope === 'manager'
							? days.filter((d) => d.minutes > context.talkLimitMinutes)
							: [],
				}
			: null;
		const withinLimit = this.chatAnswers.filter((m) => m <= CHAT_REPLY_LIMIT_MINUTES).length;
		const waits = this.chatAnswers.length + this.chatUnanswered;
		const chats: ChatFigures | null = context.withChats
			? {
					waits,
					answered: this.chatAnswers.length,
					withinLimit,
					withinLimitPercent: percentOf(withinLimit, waits),
					medianMinutes: median(this.chatAnswers),
				}
			: null;
		const funnels: FunnelView[] = context.pipelines
			.filter((p) => this.funnels.has(p.id))
			.map((p) => funnelView(p, this.funnels.get(p.id)!));
		return {
			scope: this.scope,
			id: this.id,
			name: this.name,
			sales,
			firstResponse,
			talk,
			chats,
			funnels,
		};
	}
}

function funnelView(
	pipeline: { id: string; name: string; stages: Array<{ id: string; name: string }> },
	tally: FunnelTally,
): FunnelView {
	const stages = pipeline.stages.map((stage, i) => ({
		stageId: stage.id,
		name: stage.name,
		reached: tally.reached[i] ?? 0,
		conversionPercent: percentOf(
			tally.reached[i] ?? 0,
			i === 0 ? tally.entered : (tally.reached[i - 1] ?? 0),
		),
	}));
	const last = stages.length ? stages[stages.length - 1].reached : tally.entered;
	return {
		pipelineId: pipeline.id,
		pipelineName: pipeline.name,
		entered: tally.entered,
		stages,
		won: tally.won,
		wonConversionPercent: percentOf(tally.won, last),
		lost: tally.lost,
		movedOut: tally.movedOut,
		stillOpen: tally.entered - tally.won - tally.lost - tally.movedOut,
	};
}

export function round(n: number, digits = 2): number {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return round(sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 1);
}
