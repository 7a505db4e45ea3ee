/**
 * The installer's pure part: a template made ready for an n8n — credentials pointed, Setup fields filled with values
 * of the field's type — without any n8n.
 */
import {
	loadTemplates,
	prepareTemplate,
	sameWorkflow,
	type Template,
} from '../../scripts/lib/templateInstaller';

const weekly = loadTemplates().find((t) => t.slug === 'amocrm-4-weekly-cleanup') as Template;

function setupValues(set: Record<string, string>): Record<string, unknown> {
	const body = prepareTemplate(weekly, { set });
	const setup = body.nodes.find((n) => n.name === 'Setup') as {
		parameters: { assignments: { assignments: Array<{ name: string; value: unknown }> } };
	};
	return Object.fromEntries(setup.parameters.assignments.assignments.map((a) => [a.name, a.value]));
}

describe('prepareTemplate fills Setup fields with values of their type', () => {
	test('texts stay text, numbers become numbers, yes/no fields become true or false (Russian answers too)', () => {
		expect(
			setupValues({
				Pipelines: 'Вебинар, Воронка агентства',
				'Close after (days)': '10',
				'Dry run (report only)': 'false',
			}),
		).toMatchObject({
			Pipelines: 'Вебинар, Воронка агентства',
			'Close after (days)': 10,
			'Dry run (report only)': false,
		});
		expect(setupValues({ 'dry run (report only)': 'Да' })['Dry run (report only)']).toBe(true);
		expect(setupValues({ 'Dry run (report only)': 'нет' })['Dry run (report only)']).toBe(false);
	});

	test("a value the field cannot take is refused with the field's name, before anything is sent", () => {
		expect(() => setupValues({ 'Close after (days)': 'a week' })).toThrow(
			'Setup field "Close after (days)" takes a number, not "a week"',
		);
		expect(() => setupValues({ 'Dry run (report only)': 'maybe' })).toThrow(
			'Setup field "Dry run (report only)" takes true or false, not "maybe"',
		);
	});

	test('credentials are pointed by type and the template itself is left untouched', () => {
		const body = prepareTemplate(weekly, {
			credentials: { amoCrmApi: { id: '42', name: 'Клиент amoCRM' } },
		});
		const audit = body.nodes.find((n) => n.name === 'Audit the pipelines and clean up') as {
			credentials: Record<string, unknown>;
		};
		expect(audit.credentials).toEqual({ amoCrmApi: { id: '42', name: 'Клиент amoCRM' } });
		expect(JSON.stringify(weekly.workflow)).not.toContain('"42"');
	});
});

describe('sameWorkflow tells "unchanged" from "updated"', () => {
	test("a credential reference that differs only by name is unchanged: n8n stores the credential's own name", () => {
		const sent = prepareTemplate(weekly, { credentials: { amoCrmApi: { id: '42' } } });
		const stored = prepareTemplate(weekly, {
			credentials: { amoCrmApi: { id: '42', name: 'Клиент amoCRM' } },
		});
		expect(sameWorkflow(sent, stored)).toBe(true);
		const other = prepareTemplate(weekly, { credentials: { amoCrmApi: { id: '43' } } });
		expect(sameWorkflow(sent, other)).toBe(false);
	});
});
