/**
 * Parameters of the n8n core nodes the templates use, in the versions n8n 2.40 ships (Set 3.4, If 2.2, Switch 3.2,
 * HTTP Request 4.2, Schedule Trigger 1.2, Webhook 2, Data Table 1.1, Form Trigger 2.2, Respond to Webhook 1.1), written the way the editor
 * saves them.
 */
import { stableUuid } from './builder';

export const BASE = {
	set: { type: 'n8n-nodes-base.set', typeVersion: 3.4 },
	if: { type: 'n8n-nodes-base.if', typeVersion: 2.2 },
	switch: { type: 'n8n-nodes-base.switch', typeVersion: 3.2 },
	httpRequest: { type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 },
	scheduleTrigger: { type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2 },
	manualTrigger: { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1 },
	webhook: { type: 'n8n-nodes-base.webhook', typeVersion: 2 },
	dataTable: { type: 'n8n-nodes-base.dataTable', typeVersion: 1.1 },
	noOp: { type: 'n8n-nodes-base.noOp', typeVersion: 1 },
	aggregate: { type: 'n8n-nodes-base.aggregate', typeVersion: 1 },
	emailSend: { type: 'n8n-nodes-base.emailSend', typeVersion: 2.1 },
	telegram: { type: 'n8n-nodes-base.telegram', typeVersion: 1.2 },
	removeDuplicates: { type: 'n8n-nodes-base.removeDuplicates', typeVersion: 2 },
	splitOut: { type: 'n8n-nodes-base.splitOut', typeVersion: 1 },
	filter: { type: 'n8n-nodes-base.filter', typeVersion: 2.2 },
	formTrigger: { type: 'n8n-nodes-base.formTrigger', typeVersion: 2.2 },
	respondToWebhook: { type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1 },
} as const;

export type SetupValue = string | number | boolean;
export type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';

/**
 * A Set node's fields: what the Setup node holds and what other Set nodes compute. The type follows the value
 * unless given (an expression that yields a number, a list or an object says so).
 */
export function setFields(
	owner: string,
	fields: Array<[name: string, value: SetupValue, type?: FieldType]>,
	includeOtherFields: boolean,
) {
	return {
		mode: 'manual',
		assignments: {
			assignments: fields.map(([name, value, type]) => ({
				id: stableUuid(`${owner}/field/${name}`),
				name,
				value,
				type:
					type ??
					(typeof value === 'number'
						? 'number'
						: typeof value === 'boolean'
							? 'boolean'
							: 'string'),
			})),
		},
		includeOtherFields,
		options: {},
	};
}

/** A value of the Setup node, as other nodes read it. */
export function setup(field: string): string {
	return `$('Setup').first().json[${JSON.stringify(field)}]`;
}

type Operator =
	| { type: 'boolean'; operation: 'true' | 'false'; singleValue: true }
	| {
			type: 'string';
			operation: 'equals' | 'notEquals' | 'contains' | 'notContains';
			singleValue?: undefined;
	  }
	| { type: 'string'; operation: 'exists' | 'notExists' | 'empty' | 'notEmpty'; singleValue: true }
	| {
			type: 'number';
			operation: 'equals' | 'notEquals' | 'gt' | 'gte' | 'lt' | 'lte';
			singleValue?: undefined;
	  };

export interface Condition {
	left: string;
	operator: Operator;
	right?: string | number;
}

export const is = {
	true: (left: string): Condition => ({
		left,
		operator: { type: 'boolean', operation: 'true', singleValue: true },
	}),
	textEquals: (left: string, right: string): Condition => ({
		left,
		operator: { type: 'string', operation: 'equals' },
		right,
	}),
	textNotEmpty: (left: string): Condition => ({
		left,
		operator: { type: 'string', operation: 'notEmpty', singleValue: true },
	}),
	numberEquals: (left: string, right: number | string): Condition => ({
		left,
		operator: { type: 'number', operation: 'equals' },
		right,
	}),
};

/** The filter value of If 2.2 and Switch 3.2 rules ("loose" types: webhook fields arrive as text or numbers). */
export function conditions(owner: string, list: Condition[], combinator: 'and' | 'or' = 'and') {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
		conditions: list.map((c, i) => ({
			id: stableUuid(`${owner}/condition/${i}`),
			leftValue: c.left,
			rightValue: c.right ?? '',
			operator: c.operator,
		})),
		combinator,
	};
}

export function ifParameters(owner: string, list: Condition[], combinator: 'and' | 'or' = 'and') {
	return {
		conditions: conditions(owner, list, combinator),
		looseTypeValidation: true,
		options: {},
	};
}

/** Switch 3.2 with named outputs in the order given, and a named fallback output last. */
export function switchParameters(
	owner: string,
	rules: Array<{ output: string; when: Condition[] }>,
	fallback: string,
) {
	return {
		rules: {
			values: rules.map((rule) => ({
				conditions: conditions(`${owner}/${rule.output}`, rule.when),
				renameOutput: true,
				outputKey: rule.output,
			})),
		},
		looseTypeValidation: true,
		options: { fallbackOutput: 'extra', renameFallbackOutput: fallback },
	};
}

export function resourceLocator(mode: 'list' | 'name' | 'id', value: string) {
	return { __rl: true, mode, value };
}

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

/** Data Table row columns as the editor saves a "define below" mapping. */
export function dataTableColumns(
	values: Record<string, string>,
	types: Record<string, ColumnType>,
) {
	return {
		mappingMode: 'defineBelow',
		value: values,
		matchingColumns: [],
		schema: Object.keys(values).map((id) => ({
			id,
			displayName: id,
			required: false,
			defaultMatch: false,
			display: true,
			type: types[id] ?? 'string',
			readOnly: false,
			removed: false,
		})),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}
