import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** Custom fields as the user fills them: a field from the account's list and a value. */
export function customFieldsParameter(loadOptionsMethod: string): INodeProperties {
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		description:
			"Values of the account's own fields. A select field takes one of its options as text, a date takes a unix timestamp.",
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'fieldId',
						type: 'options',
						typeOptions: { loadOptionsMethod },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The value, e.g. Вебинар for a select field "Источник"',
					},
				],
			},
		],
	};
}

/** amoCRM's `custom_fields_values` from the collection; each field's values replace the stored ones. */
export function customFieldValues(
	collection: IDataObject | undefined,
): Array<{ field_id: number; values: Array<{ value: unknown }> }> {
	const rows = ((collection?.field as IDataObject[] | undefined) ?? []).filter(
		(row) => row.fieldId !== '' && row.fieldId !== undefined,
	);
	const byField = new Map<number, unknown[]>();
	for (const row of rows) {
		const id = Number(row.fieldId);
		byField.set(id, [...(byField.get(id) ?? []), row.value]);
	}
	return [...byField.entries()].map(([field_id, values]) => ({
		field_id,
		values: values.map((value) => ({ value })),
	}));
}
