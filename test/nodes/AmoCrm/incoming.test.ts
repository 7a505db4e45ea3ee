import { amoWorld, byName, runAmo, type AmoWorld } from './helpers';

interface StoredUnsorted {
	uid: string;
	category: string;
	source_name: string;
	metadata: Record<string, unknown>;
	leadId: number;
	contactIds: number[];
	state: string;
}

describe('amoCRM node: incoming leads (Неразобранное)', () => {
	let world: AmoWorld;

	beforeAll(async () => {
		world = await amoWorld({ limits: false });
	});
	afterAll(() => world.close());
	beforeEach(() => world.api.control('POST', '/reset'));

	const state = async () =>
		(await world.api.state()) as {
			unsorted: StoredUnsorted[];
			leads: Array<{
				id: number;
				status_id: number;
				responsible_user_id: number;
				is_deleted: boolean;
			}>;
			contacts: Array<{
				id: number;
				name: string;
				custom_fields_values: Array<{ field_code: string; values: Array<{ value: string }> }>;
			}>;
			pipelines: Array<{
				id: number;
				name: string;
				statuses: Array<{ id: number; name: string; type: number }>;
			}>;
		};
	const posts = async () =>
		(
			(await world.api.control('GET', '/requests')).requests as Array<{
				method: string;
				path: string;
			}>
		).filter((r) => r.method !== 'GET');

	const fromForm = (items: Array<Record<string, string>>, onError?: 'continueErrorOutput') =>
		runAmo(
			world,
			{
				resource: 'incomingLead',
				operation: 'createFromForm',
				sourceName: '={{ $json.source }}',
				sourceUid: 'site-form-1',
				leadName: 'Заявка с сайта',
				contactName: '={{ $json.name }}',
				phone: '={{ $json.phone }}',
				email: '={{ $json.email }}',
				formDetails: { formName: 'Консультация', formPage: 'https://site.ru/webinar' },
			},
			items,
			onError ? { onError } : {},
		);

	test('form requests land in "Incoming leads" in one request, with their contact and the form metadata; a bad item leaves with its reason', async () => {
		const run = await fromForm(
			[
				{ source: 'Сайт', name: 'Анна', phone: '8 916 123 45 67', email: 'Anna@Mail.ru' },
				{ source: '', name: 'Без источника', phone: '', email: '' },
				{ source: 'Сайт', name: 'Борис', phone: '', email: 'boris@mail.ru' },
			],
			'continueErrorOutput',
		);
		const [made, failed] = run.outputs('amoCRM');
		expect(made).toHaveLength(2);
		expect(failed.map((f) => String(f.error))).toEqual(['An incoming lead needs its source']);
		expect(await posts()).toEqual([
			expect.objectContaining({ method: 'POST', path: '/api/v4/leads/unsorted/forms' }),
		]);
		const after = await state();
		const anna = after.unsorted.find((u) => u.uid === made[0].uid)!;
		expect(anna).toMatchObject({
			category: 'forms',
			source_name: 'Сайт',
			state: 'pending',
			metadata: expect.objectContaining({
				form_id: 'site-form-1',
				form_name: 'Консультация',
				form_page: 'https://site.ru/webinar',
			}),
		});
		const lead = after.leads.find((l) => l.id === made[0].leadId)!;
		const incoming = after.pipelines
			.flatMap((p) => p.statuses)
			.find((s) => s.id === lead.status_id)!;
		expect(incoming.type).toBe(1);
		const contact = after.contacts.find((c) => c.id === made[0].contactId)!;
		expect(contact.name).toBe('Анна');
		expect(contact.custom_fields_values.map((f) => [f.field_code, f.values[0].value])).toEqual([
			['PHONE', '+79161234567'],
			['EMAIL', 'anna@mail.ru'],
		]);
	});

	test('a call lands with its number and call metadata; a call without a number is refused before anything is sent', async () => {
		const call = {
			resource: 'incomingLead',
			operation: 'createFromCall',
			sourceName: 'Телефония',
			sourceUid: 'line-1',
			phone: '={{ $json.phone }}',
			callDetails: { duration: 42, from: '+74950000000', uniq: '={{ $json.uniq }}' },
		};
		const refused = await runAmo(world, call, [
			{ phone: '+79160000001', uniq: 'c1' },
			{ phone: '', uniq: 'c2' },
		]);
		expect(refused.status).toBe('error');
		expect(await posts()).toEqual([]);
		const run = await runAmo(world, call, [{ phone: '+7 916 000-00-01', uniq: 'c1' }]);
		const [made] = run.items('amoCRM');
		const stored = (await state()).unsorted.find((u) => u.uid === made.uid)!;
		expect(stored).toMatchObject({
			category: 'sip',
			metadata: expect.objectContaining({ phone: '+79160000001', duration: 42, uniq: 'c1' }),
		});
	});

	test('lists the waiting incoming leads, accepts one into a stage with a manager, declines another', async () => {
		const made = (
			await fromForm([
				{ source: 'Сайт', name: 'Анна', phone: '+79161234567', email: '' },
				{ source: 'Сайт', name: 'Спам', phone: '', email: 'spam@spam.ru' },
			])
		).items('amoCRM');
		const listed = await runAmo(world, {
			resource: 'incomingLead',
			operation: 'getMany',
			returnAll: true,
			filters: { category: 'forms' },
		});
		expect(listed.items('amoCRM').map((u) => u.uid)).toEqual(
			expect.arrayContaining(made.map((m) => m.uid)),
		);
		const pipelines = (await state()).pipelines;
		const main = pipelines[0];
		const stage = main.statuses.find((s) => s.type === 0 && s.id !== 142 && s.id !== 143)!;
		const accepted = await runAmo(world, {
			resource: 'incomingLead',
			operation: 'accept',
			uid: made[0].uid as string,
			pipeline: byName(main.name),
			stage: byName(stage.name),
			responsible: { __rl: true, mode: 'id', value: '1000005' },
		});
		expect(accepted.items('amoCRM')[0]).toMatchObject({ accepted: true, status_id: stage.id });
		const declined = await runAmo(world, {
			resource: 'incomingLead',
			operation: 'decline',
			uid: made[1].uid as string,
		});
		expect(declined.items('amoCRM')[0]).toEqual({ uid: made[1].uid, declined: true });
		const after = await state();
		const lead = after.leads.find((l) => l.id === made[0].leadId)!;
		expect([lead.status_id, lead.responsible_user_id]).toEqual([stage.id, 1_000_005]);
		expect(after.leads.find((l) => l.id === made[1].leadId)!.is_deleted).toBe(true);
		expect(after.unsorted.map((u) => [u.uid, u.state])).toEqual(
			expect.arrayContaining([
				[made[0].uid, 'accepted'],
				[made[1].uid, 'declined'],
			]),
		);
	});
});
