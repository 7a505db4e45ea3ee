import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from '../../harness/runWorkflow';
import { createDeals, crmFacts, seededAccount, type SeededAccount } from '../../support/crmFacts';
import { CRMS, startCrmWorld, type CrmWorld } from '../../support/crmWorlds';
import { onCrm } from '../../support/crmWorkflow';
import workflow from './leadDistribution.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function distributionOn(
	world: CrmWorld,
	seeded: SeededAccount,
	parameters: INodeParameters = {},
	id = `distribution-${world.crm}`,
): WorkflowJson {
	// The fixture's table team is replaced by the CRM's users.
	const team = {
		managers: {},
		strategy: 'roundRobin',
		managersSource: 'crmUsers',
		crmUsers: seeded.managers.map((m) => m.id),
		guard: true,
		notOwners: seeded.adminId,
	};
	return onCrm(
		fixture,
		'Lead Distribution',
		world,
		{ ...team, clientResponsible: '', clientStage: '', openTaskOwners: '', ...parameters },
		{ id },
	);
}

const newLeads = (count: number, from = 0) =>
	Array.from({ length: count }, (_, i) => ({
		name: `Клиент ${from + i}`,
		phone: `+7999${String(5_000_000 + from + i)}`,
	}));
const assignees = (items: IDataObject[]) => items.map((l) => String(l.responsibleUserId));
const tally = (ids: string[]) =>
	ids.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});

describe.each(CRMS)('Lead Distribution on %s (emulator with its real limits)', (crmKind) => {
	let world: CrmWorld;
	let seeded: SeededAccount;
	beforeAll(async () => {
		world = await startCrmWorld(crmKind);
		seeded = await seededAccount(world);
	});
	afterAll(() => world.close());
	beforeEach(async () => {
		await world.control('POST', 'reset');
	});

	test('the seeded clients who belong to another manager go to "Owned by Someone Else" with the reason; a lost client and a new one are assigned', async () => {
		const { ownedByTask, ownedByResponsible, formerClient } = seeded;
		const result = await world.harness.run(distributionOn(world, seeded), {
			trigger: {
				items: [
					{ name: ownedByTask.name, phone: ownedByTask.phone },
					{ name: 'Новый клиент', phone: '+79990001122' },
					{ name: ownedByResponsible.name, phone: ownedByResponsible.phone },
					{ name: formerClient.name, phone: formerClient.phone },
				],
			},
		});
		expect(result.status).toBe('success');
		const [assigned, owned] = result.outputs('Lead Distribution');
		expect(assigned.map((l) => l.name)).toEqual(['Новый клиент', formerClient.name]);
		expect(owned.map((l) => l.name)).toEqual([ownedByTask.name, ownedByResponsible.name]);
		expect(owned[0].owner).toMatchObject({
			userId: ownedByTask.taskOwnerId,
			rule: 'openTask',
			reason: `has an open task of manager ${ownedByTask.taskOwnerId}`,
			dealId: ownedByTask.dealId,
			taskId: expect.any(String),
		});
		expect((owned[0].owner as IDataObject).name).toBe(
			seeded.managers.find((m) => m.id === ownedByTask.taskOwnerId)!.name,
		);
		expect(owned[1].owner).toMatchObject({
			userId: ownedByResponsible.responsibleUserId,
			dealId: ownedByResponsible.dealId,
		});
		expect(result.rawItems('Lead Distribution', 1).map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 2 },
		]);
	});

	test("the team comes from the CRM's users; a deactivated user and one absent today get nothing", async () => {
		const picked = [
			...seeded.managers.map((m) => m.id),
			...(seeded.inactiveUserId ? [seeded.inactiveUserId] : []),
		];
		const away = seeded.managers[0];
		const result = await world.harness.run(
			distributionOn(world, seeded, {
				crmUsers: picked,
				absentManagers: away.name,
				turnsFrom: 'staticData',
			}),
			{ trigger: { items: newLeads(6) } },
		);
		const [assigned] = result.outputs('Lead Distribution');
		const given = assignees(assigned);
		expect(given).not.toContain(away.id);
		if (seeded.inactiveUserId) expect(given).not.toContain(seeded.inactiveUserId);
		expect(new Set(given)).toEqual(new Set(seeded.managers.slice(1).map((m) => m.id)));
		expect((assigned[0].assignee as IDataObject).name).toBe(seeded.managers[1].name);
	});

	test('with nobody picked, leads go only to the people who sell: never the administrator, a free or extranet user or a leaver', async () => {
		const result = await world.harness.run(
			distributionOn(world, seeded, {
				crmUsers: [],
				notOwners: '',
				guard: false,
				turnsFrom: 'staticData',
			}),
			{ trigger: { items: newLeads(12) } },
		);
		expect(result.status).toBe('success');
		const given = new Set(assignees(result.items('Lead Distribution', 0)));
		expect(given).toEqual(new Set(seeded.managers.map((m) => m.id)));
		expect(given).not.toContain(seeded.adminId);
	});

	test('an administrator takes leads when picked explicitly', async () => {
		const result = await world.harness.run(
			distributionOn(world, seeded, { crmUsers: [seeded.adminId], guard: false }),
			{ trigger: { items: newLeads(2) } },
		);
		expect(assignees(result.items('Lead Distribution', 0))).toEqual([
			seeded.adminId,
			seeded.adminId,
		]);
	});

	test("a client whose deal the integration's own user holds is not owned: the lead goes to a manager", async () => {
		const phone = '+79990007711';
		await clientHeldBy(world, seeded.adminId, phone);
		const result = await world.harness.run(distributionOn(world, seeded, { notOwners: '' }), {
			trigger: { items: [{ name: 'Клиент интеграции', phone }] },
		});
		const [assigned, owned] = result.outputs('Lead Distribution');
		expect(owned).toEqual([]);
		expect(seeded.managers.map((m) => m.id)).toContain(String(assigned[0].responsibleUserId));
	});

	test('with nobody who sells the node stops and names the setting to fill', async () => {
		const result = await world.harness.run(
			distributionOn(world, seeded, {
				crmUsers: [],
				// "Never own clients" is a setting of the guard: with it, the managers are left out as well.
				notOwners: seeded.managers.map((m) => m.id).join(', '),
				guard: true,
			}),
			{ trigger: { items: newLeads(1) } },
		);
		expect(result.status).toBe('error');
		const error = result.nodeError('Lead Distribution');
		expect(String(error?.message)).toMatch(
			/^No manager to give leads to: nobody in the CRM sells by default/,
		);
		expect(String(error?.message)).toContain(`(${seeded.adminId}): administrator`);
		expect(String((error as { description?: string })?.description)).toContain(
			'"Users Who Take Leads"',
		);
	});

	test('fewest open leads counts the open deals in the CRM', async () => {
		const facts = await crmFacts(world);
		const open = new Map(
			seeded.managers.map((m) => [
				m.id,
				facts.deals.filter((d) => d.responsibleUserId === m.id && d.semantics === 'open').length,
			]),
		);
		const fewest = [...open.entries()].sort(
			(a, b) =>
				a[1] - b[1] ||
				seeded.managers.findIndex((m) => m.id === a[0]) -
					seeded.managers.findIndex((m) => m.id === b[0]),
		)[0];
		const result = await world.harness.run(
			distributionOn(world, seeded, { strategy: 'leastOpenLeads', guard: false }),
			{ trigger: { items: newLeads(1) } },
		);
		const [lead] = result.items('Lead Distribution', 0);
		expect(lead.responsibleUserId).toBe(fewest[0]);
		expect(String((lead.assignee as IDataObject).reason)).toContain(`has ${fewest[1]}`);
	});

	test('by conversion reads won of closed deals in the window; the minimum conversion leaves the weakest out', async () => {
		const facts = await crmFacts(world);
		const since = Date.now() - 365 * 86_400_000;
		const rate = (id: string) => {
			const closed = facts.deals.filter(
				(d) => d.responsibleUserId === id && d.semantics !== 'open' && (d.closedAt ?? 0) >= since,
			);
			return closed.length
				? (closed.filter((d) => d.semantics === 'won').length / closed.length) * 100
				: null;
		};
		const rates = seeded.managers
			.map((m) => ({ ...m, rate: rate(m.id) }))
			.filter((m) => m.rate !== null) as Array<{ id: string; name: string; rate: number }>;
		const weakest = [...rates].sort((a, b) => a.rate - b.rate)[0];
		const threshold = weakest.rate + 0.01;
		const result = await world.harness.run(
			distributionOn(world, seeded, {
				strategy: 'byConversion',
				conversionDays: 365,
				minConversion: threshold,
				guard: false,
			}),
			{ trigger: { items: newLeads(40) } },
		);
		const given = tally(assignees(result.items('Lead Distribution', 0)));
		expect(given[weakest.id]).toBeUndefined();
		const best = [...rates].sort((a, b) => b.rate - a.rate)[0];
		expect(given[best.id]).toBe(Math.max(...Object.values(given)));
		const reason = String((result.items('Lead Distribution', 0)[0].assignee as IDataObject).reason);
		expect(reason).toMatch(/^by conversion: /);
	});

	test('100 leads round-robin over 4 managers split 25/25/25/25 across 4 separate executions, each followed by creating the deals', async () => {
		const four = seeded.managers.slice(0, 4);
		const flow = distributionOn(
			world,
			seeded,
			{ crmUsers: four.map((m) => m.id), guard: false, recentDays: 0.01 },
			`distribution-rr-${crmKind}`,
		);
		const all: string[] = [];
		for (let run = 0; run < 4; run++) {
			const result = await world.harness.run(flow, { trigger: { items: newLeads(25, run * 25) } });
			const given = result.items('Lead Distribution', 0);
			all.push(...assignees(given));
			await createDeals(
				world,
				given.map((l) => ({
					name: String(l.name),
					responsibleUserId: String(l.responsibleUserId),
				})),
			);
		}
		expect(Object.values(tally(all))).toEqual([25, 25, 25, 25]);
	});

	test("executions running at once: balancing by the CRM's recent deals makes up the extra leads; the workflow's memory cannot", async () => {
		const four = seeded.managers.slice(0, 4);
		const ids = four.map((m) => m.id);
		const burst = async (flow: WorkflowJson, from: number) => {
			// Four executions start together: each reads the same turn (and the same CRM counts).
			const runs = await Promise.all(
				[0, 1, 2, 3].map((k) =>
					world.harness.run(flow, { trigger: { items: newLeads(5, from + k * 5) } }),
				),
			);
			const given = runs.flatMap((r) => r.items('Lead Distribution', 0));
			await createDeals(
				world,
				given.map((l) => ({
					name: String(l.name),
					responsibleUserId: String(l.responsibleUserId),
				})),
			);
			return assignees(given);
		};
		const after = async (flow: WorkflowJson, from: number) => {
			const result = await world.harness.run(flow, { trigger: { items: newLeads(20, from) } });
			const given = result.items('Lead Distribution', 0);
			await createDeals(
				world,
				given.map((l) => ({
					name: String(l.name),
					responsibleUserId: String(l.responsibleUserId),
				})),
			);
			return assignees(given);
		};

		const byCrm = distributionOn(
			world,
			seeded,
			{ crmUsers: ids, guard: false, recentDays: 0.01 },
			`burst-crm-${crmKind}`,
		);
		const first = tally(await burst(byCrm, 0));
		expect(
			Math.max(...Object.values(first)) - Math.min(...ids.map((id) => first[id] ?? 0)),
		).toBeGreaterThan(0);
		const total = tally([
			...Object.entries(first).flatMap(([id, n]) => Array(n).fill(id)),
			...(await after(byCrm, 100)),
		]);
		expect(ids.map((id) => total[id])).toEqual([10, 10, 10, 10]);

		await world.control('POST', 'reset');
		const byMemory = distributionOn(
			world,
			seeded,
			{ crmUsers: ids, guard: false, turnsFrom: 'staticData' },
			`burst-memory-${crmKind}`,
		);
		const memory = tally([...(await burst(byMemory, 200)), ...(await after(byMemory, 300))]);
		expect(
			Math.max(...ids.map((id) => memory[id])) - Math.min(...ids.map((id) => memory[id])),
		).toBe(4);
	});

	test('what a run of 20 leads with the guard costs in requests', async () => {
		await world.control('DELETE', 'requests');
		const result = await world.harness.run(distributionOn(world, seeded), {
			trigger: { items: newLeads(20) },
		});
		expect(result.items('Lead Distribution', 0)).toHaveLength(20);
		// amoCRM: users and the account (who owns it, whose token this is); deals created lately (1 page); the contact
		// index (its 2 pages: the account ends before the probe of page 20 would be due, after 3 pages).
		// Bitrix24: users, `profile`, the deal fields (deals are read with their tags) and the funnels, in one batch;
		// deals created lately; the 40 lookup values (each number with and without +7) — nothing found, so no second
		// round.
		expect(await world.requestCount()).toBe(crmKind === 'amocrm' ? 5 : 3);
	});
});

/** A client (contact with this phone, an open deal) that the given user holds, made straight through the API. */
async function clientHeldBy(world: CrmWorld, userId: string, phone: string): Promise<void> {
	const post = async (url: string, headers: Record<string, string>, body: unknown) => {
		const res = await fetch(url, {
			method: 'POST',
			headers: { ...headers, 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
		return (await res.json()) as unknown;
	};
	if (world.crm === 'amocrm') {
		await post(
			`${world.url}/api/v4/leads/complex`,
			{ Authorization: `Bearer ${world.api.token}` },
			[
				{
					name: 'Сделка от интеграции',
					responsible_user_id: Number(userId),
					_embedded: {
						contacts: [
							{
								name: 'Клиент интеграции',
								responsible_user_id: Number(userId),
								custom_fields_values: [
									{ field_code: 'PHONE', values: [{ value: phone, enum_code: 'WORK' }] },
								],
							},
						],
					},
				},
			],
		);
		return;
	}
	await post(
		`${world.api.webhook}batch`,
		{},
		{
			halt: 1,
			cmd: {
				c: `crm.contact.add?fields[NAME]=${encodeURIComponent('Клиент интеграции')}&fields[ASSIGNED_BY_ID]=${userId}&fields[PHONE][0][VALUE]=${encodeURIComponent(phone)}&fields[PHONE][0][VALUE_TYPE]=WORK`,
				d: `crm.deal.add?fields[TITLE]=${encodeURIComponent('Сделка от интеграции')}&fields[ASSIGNED_BY_ID]=${userId}&fields[CONTACT_ID]=$result[c]`,
			},
		},
	);
}
