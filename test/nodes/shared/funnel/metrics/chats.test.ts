import type { ChatMessage } from '../../../../../nodes/shared/crm/types';
import { chatWaits } from '../../../../../nodes/shared/funnel/metrics/chats';
import { computeFunnelMetrics } from '../../../../../nodes/shared/funnel/metrics/funnelMetrics';
import { week } from './histories';

const at = (minutes: number) =>
	new Date(Date.parse('2026-11-17T09:00:00Z') + minutes * 60_000).toISOString();
let seq = 0;
const message = (
	dealId: string,
	direction: 'inbound' | 'outbound',
	minutes: number,
	userId: string | null = null,
): ChatMessage => ({ id: String(++seq), dealId, at: at(minutes), direction, userId });

describe('chat waits', () => {
	test('a client message waits for the next manager message; a second client message joins the wait', () => {
		const waits = chatWaits([
			message('d1', 'inbound', 0),
			message('d1', 'inbound', 2),
			message('d1', 'outbound', 4, 'u1'),
			message('d1', 'inbound', 30),
			message('d1', 'outbound', 50, 'u2'),
		]);
		expect(waits).toEqual([
			{ dealId: 'd1', askedAt: Date.parse(at(0)), answeredAt: Date.parse(at(4)), answeredBy: 'u1' },
			{
				dealId: 'd1',
				askedAt: Date.parse(at(30)),
				answeredAt: Date.parse(at(50)),
				answeredBy: 'u2',
			},
		]);
	});

	test("a robot's auto-reply is no answer; a manager's message with nothing waiting is no reply", () => {
		const waits = chatWaits([
			message('d2', 'outbound', 0, 'u1'),
			message('d2', 'inbound', 1),
			message('d2', 'outbound', 1.5),
			message('d2', 'outbound', 9, 'u1'),
		]);
		expect(waits).toEqual([
			{ dealId: 'd2', askedAt: Date.parse(at(1)), answeredAt: Date.parse(at(9)), answeredBy: 'u1' },
		]);
	});

	test('messages in any order, per deal; an unanswered wait stays open', () => {
		const waits = chatWaits([
			message('d3', 'outbound', 3, 'u1'),
			message('d4', 'inbound', 5),
			message('d3', 'inbound', 1),
		]);
		expect(waits).toEqual([
			{ dealId: 'd3', askedAt: Date.parse(at(1)), answeredAt: Date.parse(at(3)), answeredBy: 'u1' },
			{ dealId: 'd4', askedAt: Date.parse(at(5)), answeredAt: null, answeredBy: null },
		]);
	});
});

describe('chat replies in the metrics', () => {
	test('within 5 minutes, per answering manager; unanswered ones count for the deal’s manager; none where the CRM does not tell', () => {
		const input = week();
		const [first, second] = [...input.deals];
		const result = computeFunnelMetrics({
			...input,
			chatMessages: [
				message(first.id, 'inbound', 0),
				message(first.id, 'outbound', 5, 'u2'),
				message(second.id, 'inbound', 10),
				message(second.id, 'outbound', 16, 'u2'),
				message(first.id, 'inbound', 60),
				// Asked and answered before the period: not this week's.
				message(second.id, 'inbound', -3 * 24 * 60),
				message(second.id, 'outbound', -3 * 24 * 60 + 2, 'u2'),
			],
		});
		expect(result.total.chats).toEqual({
			waits: 3,
			answered: 2,
			withinLimit: 1,
			withinLimitPercent: 33.33,
			medianMinutes: 5.5,
		});
		const u2 = result.managers.find((m) => m.id === 'u2')!;
		expect(u2.chats).toMatchObject({ waits: 2, answered: 2, withinLimit: 1 });
		const owner = result.managers.find((m) => m.id === first.responsibleUserId)!;
		expect(owner.chats?.waits).toBeGreaterThanOrEqual(1);
		expect(result.pipelines.every((p) => p.chats === null)).toBe(true);
		expect(computeFunnelMetrics(week()).total.chats).toBeNull();
	});
});
