import { CallAttempts } from '../../../nodes/CallAttempts/CallAttempts.node';
import { DEFAULT_TASK_TEXT } from '../../../nodes/shared/funnel/calls/callKey';

const defaultOf = (properties: Array<{ name: string; default?: unknown }>, name: string) =>
	properties.find((p) => p.name === name)?.default;

describe("the node's defaults are the seeds' rules", () => {
	test('Call Attempts: seed 001 cadence, its loss reason and foreign stage, the task text', () => {
		const properties = new CallAttempts().description.properties;
		expect(defaultOf(properties, 'cadence')).toBe('webinarFunnel');
		expect(defaultOf(properties, 'lossReason')).toBe('Не дозвонились более 3 раз');
		expect(defaultOf(properties, 'foreignStage')).toBe('Недозвонились до клиента. Европа');
		expect(defaultOf(properties, 'foreignRule')).toBe('notRussia');
		expect(defaultOf(properties, 'taskText')).toBe(DEFAULT_TASK_TEXT);
	});
});
