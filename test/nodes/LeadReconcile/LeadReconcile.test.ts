import type { INode } from 'n8n-workflow';

import { BASE } from '../../../scripts/lib/templates/baseNodes';
import { WorkflowBuilder } from '../../../scripts/lib/templates/builder';
import { KITS, PACKAGE } from '../../../scripts/lib/templates/crm';
import type { WorkflowJson } from '../../harness/runWorkflow';
import { crmState, newSince } from '../../support/crmState';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { TEST_CREDENTIALS } from '../../support/templates';

/**
 * Two executions that both took one person as new, played in one run: the same person twice through "create a deal
 * with its contact" (as two workers without a shared claim store would), then Lead Reconcile over what was written.
 */
function writtenTwice(world: CrmWorld): WorkflowJson {
	const kit = KITS[world.crm];
	const wf = new WorkflowBuilder(`reconcile-${world.crm}`, 'Reconcile test', '');
	const trigger = wf.add({ name: 'Leads', ...BASE.manualTrigger, at: [0, 0], parameters: {} });
	const deal = kit.createDeal(wf, {
		names: { deal: 'Create the deal', contact: 'Create the contact' },
		leadFrom: trigger,
		at: [1, 0],
		title: (l) => `"Заявка: " + ${l}.name`,
		contact: {
			name: (l) => `${l}.name`,
			phone: (l) => `${l}.phone`,
			email: (l) => `${l}.email || ""`,
		},
		pipeline: world.crm === 'amocrm' ? 'Воронка агентства' : '0',
		stage: () => (world.crm === 'amocrm' ? '"Пришел новый лид"' : '"NEW"'),
	});
	const reconcile = wf.add({
		name: 'Lead Reconcile',
		type: `${PACKAGE}.leadReconcile`,
		typeVersion: 1,
		at: [3, 0],
		credentials: kit.credentials,
		parameters: {
			...kit.choice,
			reconcileDealId: '={{ $json.id }}',
			reconcilePhone: `={{ $('Leads').item.json.phone }}`,
			reconcileEmail: `={{ $('Leads').item.json.email }}`,
			reconcileWindowMinutes: 60,
			doubleTag: 'Дубль',
		},
	});
	wf.connect(trigger, deal.first).connect(deal.last, reconcile);
	const body = wf.build();
	const ids = {
		amoCrmApi: TEST_CREDENTIALS.amoCrmApi,
		bitrix24WebhookApi: TEST_CREDENTIALS.bitrix24WebhookApi,
	};
	for (const node of body.nodes)
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials![type] = ids[type as keyof typeof ids];
	return {
		id: `reconcile-${world.crm}`,
		name: body.name,
		nodes: body.nodes as unknown as INode[],
		connections: body.connections as WorkflowJson['connections'],
		settings: body.settings,
	};
}

describe.each(CRMS)('Lead Reconcile on %s (emulator with its real limits)', (crm) => {
	let world: CrmWorld;
	beforeAll(async () => {
		world = await startCrmWorld(crm);
	});
	afterAll(() => world.close());

	test('a person written twice keeps the oldest deal; the later one is tagged «Дубль», noted with the deal that stays and closed', async () => {
		const before = await crmState(world);
		const run = await world.harness.run(writtenTwice(world), {
			trigger: {
				items: [
					{ name: 'Дважды Записанный', phone: '+79990007788', email: 'twice@reconcile.example' },
					{ name: 'Дважды Записанный', phone: '+79990007788', email: 'twice@reconcile.example' },
					{ name: 'Один Раз', phone: '+79990007799' },
				],
			},
		});
		expect(run.status).toBe('success');
		const after = await crmState(world);
		const changes = newSince(before, after);
		const twice = changes.deals.filter((d) => d.name === 'Заявка: Дважды Записанный');
		expect(twice).toHaveLength(2);
		const [kept, double] = [...twice].sort((a, b) => Number(a.id) - Number(b.id));
		expect(kept.semantics).toBe('open');
		expect(double).toMatchObject({ semantics: 'lost' });
		expect(double.tags).toContain('Дубль');
		expect(changes.notes.find((n) => n.dealId === double.id)?.text).toContain(
			`Дубль сделки ${kept.id}`,
		);
		expect(changes.deals.find((d) => d.name === 'Заявка: Один Раз')).toMatchObject({
			semantics: 'open',
		});
		expect(
			run
				.items('Lead Reconcile', 0)
				.map((i) => (i.reconciled as { keptDealId?: string }).keptDealId),
		).toEqual([kept.id, undefined]);
		expect(run.items('Lead Reconcile', 1)).toEqual([
			expect.objectContaining({
				duplicateOf: expect.objectContaining({ dealId: kept.id, reconciled: true }),
			}),
		]);
		const live = after.deals.filter(
			(d) =>
				d.semantics === 'open' &&
				d.contactIds.some((id) =>
					changes.contacts.find((c) => c.id === id)?.phones.includes('+79990007788'),
				),
		);
		expect(live).toHaveLength(1);
		if (crm === 'bitrix24') {
			// The later contact was merged into the one that stays.
			expect(after.contacts.filter((c) => c.phones.includes('+79990007788'))).toHaveLength(1);
		}
	});

	test('a person with one deal written is left alone', async () => {
		const before = await crmState(world);
		const run = await world.harness.run(writtenTwice(world), {
			trigger: { items: [{ name: 'Единственный', phone: '+79990006655' }] },
		});
		expect(run.items('Lead Reconcile', 0)).toEqual([
			expect.objectContaining({ reconciled: { doubles: false } }),
		]);
		const changes = newSince(before, await crmState(world));
		expect(changes.deals.map((d) => d.semantics)).toEqual(['open']);
		expect(changes.notes).toEqual([]);
	});
});
