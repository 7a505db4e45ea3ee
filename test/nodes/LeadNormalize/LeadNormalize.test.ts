import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WorkflowHarness, type WorkflowJson } from '../../harness/runWorkflow';
import workflow from './leadNormalize.workflow.json';

const fixture = workflow as unknown as WorkflowJson;

function withParameters(parameters: INodeParameters): WorkflowJson {
	const copy = structuredClone(fixture);
	const node = copy.nodes.find((n) => n.name === 'Normalize lead')!;
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

describe('Lead Normalize node (executed by n8n-core WorkflowExecute)', () => {
	const harness = new WorkflowHarness();

	test('sends each request to exactly one output: Valid or Invalid with its reason', async () => {
		const requests = [
			{ Name: 'Иван', Phone: '8 (916) 123-45-67', Email: 'IVAN@MAIL.RU', tranid: '1:1' },
			{ Name: 'Без контактов', Comments: 'Позвоните' },
			{ name: 'Anna', email: 'anna@example.com', utm_source: 'vk' },
			{ Имя: 'Пётр', Телефон: '123' },
		];
		const result = await harness.run(fixture, { trigger: { items: requests } });

		expect(result.status).toBe('success');
		expect(result.executionOrder).toEqual([
			'Incoming requests',
			'Normalize lead',
			'Valid leads',
			'Invalid requests',
		]);
		const [valid, invalid] = result.outputs('Normalize lead');
		expect(valid.map((l) => l.name)).toEqual(['Иван', 'Anna']);
		expect(valid[0]).toMatchObject({
			phone: '+79161234567',
			email: 'ivan@mail.ru',
			emailRaw: 'IVAN@MAIL.RU',
			source: 'site form',
			channel: 'tilda',
			externalId: '1:1',
		});
		expect(valid[1]).toMatchObject({ phone: null, utm: { source: 'vk' } });
		expect(invalid.map((l) => l.name)).toEqual(['Без контактов', 'Пётр']);
		expect(invalid[0].invalidReason).toBe('no valid phone or email to contact the client');
		expect(invalid[1].invalidReason).toContain('internal extension');
		expect(result.items('Valid leads')).toHaveLength(2);
		expect(result.items('Invalid requests')).toHaveLength(2);
	});

	test('links every output item to the input item it came from', async () => {
		const result = await harness.run(fixture, {
			trigger: { items: [{ phone: 'x' }, { phone: '89161234567' }, { email: 'a@b.ru' }] },
		});
		const pairs = (output: number) =>
			result.rawItems('Normalize lead', output).map((i) => i.pairedItem);
		expect(pairs(0)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(pairs(1)).toEqual([{ item: 0 }]);
	});

	test('maps fields given by expressions in "Map Each Field" mode', async () => {
		const mapped = withParameters({
			mappingMode: 'manual',
			name: '={{ $json.contact.first_name }} {{ $json.contact.last_name }}',
			phone: '={{ $json.contact.phone_number }}',
			email: '',
			message: '={{ $json.text }}',
			moreFields: { externalId: '={{ $json.message_id }}', utmSource: 'telegram-bot' },
			source: 'messenger',
			channel: 'telegram',
		});
		const result = await harness.run(mapped, {
			trigger: {
				items: [
					{
						message_id: 42,
						text: 'Здравствуйте',
						contact: { first_name: 'Иван', last_name: 'Петров', phone_number: '79161234567' },
					},
				],
			},
		});
		expect(result.items('Normalize lead', 0)).toEqual([
			expect.objectContaining({
				name: 'Иван Петров',
				phone: '+79161234567',
				message: 'Здравствуйте',
				externalId: '42',
				source: 'messenger',
				channel: 'telegram',
				utm: { source: 'telegram-bot', medium: '', campaign: '', content: '', term: '' },
			}),
		]);
	});

	test('applies the options: required contact, default country, dropping the raw data', async () => {
		const strict = withParameters({
			options: { requiredContact: 'phone', defaultCountry: 'KZ', keepRaw: false },
		});
		const result = await harness.run(strict, {
			trigger: { items: [{ email: 'a@b.ru' }, { phone: '8 (727) 312-34-56' }] },
		});
		const [valid, invalid] = result.outputs('Normalize lead');
		expect(valid).toEqual([
			expect.objectContaining({ phone: '+77273123456', phoneCountry: 'KZ', raw: undefined }),
		]);
		expect(invalid).toEqual([
			expect.objectContaining({ invalidReason: 'a valid phone is required' }),
		]);
	});

	test('stops with a clear error naming the item when the time zone is unknown', async () => {
		const broken = withParameters({ options: { timezone: 'Mars/Olympus' } });
		const result = await harness.run(broken, { trigger: { items: [{ phone: '89161234567' }] } });
		expect(result.status).toBe('error');
		const error = result.nodeError('Normalize lead') as Error & {
			description?: string;
			context?: IDataObject;
		};
		expect(error.message).toBe('Unknown time zone "Mars/Olympus"');
		expect(error.description).toContain('IANA time zone');
		expect(error.context?.itemIndex).toBe(0);
	});

	test('with "On Error: Continue" a bad parameter sends the item to Invalid instead of stopping', async () => {
		const broken = withParameters({ options: { timezone: 'Mars/Olympus' } });
		broken.nodes.find((n) => n.name === 'Normalize lead')!.onError = 'continueRegularOutput';
		const result = await harness.run(broken, { trigger: { items: [{ phone: '89161234567' }] } });
		expect(result.status).toBe('success');
		expect(result.items('Normalize lead', 1)).toEqual([
			{ invalidReason: 'Unknown time zone "Mars/Olympus"', raw: { phone: '89161234567' } },
		]);
	});
});
