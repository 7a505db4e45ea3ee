/** Update leads, deals, contacts or companies: set fields, add phones and e-mails without replacing the others, assign, delete. */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { Command } from '../../../shared/crm/bitrix24/commands';
import {
	appendedValuesReconciler,
	deletedReconciler,
} from '../../../shared/crm/bitrix24/reconcile';
import { displayFor } from '../../../shared/n8n/crmNode/display';
import { readItems, sendItems } from '../../../shared/n8n/crmNode/items';
import {
	customFields,
	customFieldsOption,
	locatorValue,
	phoneForStorage,
	recordId,
	requireId,
	responsibleLocator,
} from '../common';
import type { Entity, Operation, OperationContext } from '../types';

function updateDescription(entity: Entity): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Add Email',
			name: 'addEmail',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: "An e-mail added to the record's e-mails (the others stay)",
		},
		{
			displayName: 'Comments',
			name: 'comments',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Replaces the comment field',
		},
		customFieldsOption,
		{
			displayName: 'Source Name or ID',
			name: 'sourceId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSources' },
			default: '',
			description:
				'Where the client came from. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	];
	if (entity !== 'deal') {
		fields.push(
			{
				displayName: 'Add Phone',
				name: 'addPhone',
				type: 'string',
				default: '',
				placeholder: 'e.g. +79161234567',
				description: "A phone added to the record's phones (the others stay), stored in E.164",
			},
			{
				displayName: 'Last Name',
				name: 'lastName',
				type: 'string',
				default: '',
				description: "The client's last name",
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: "The client's first name",
			},
		);
	} else {
		fields.splice(0, 1);
	}
	if (entity === 'lead' || entity === 'deal') {
		fields.push(
			{
				displayName: 'Amount',
				name: 'opportunity',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Expected amount (OPPORTUNITY)',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				description: 'The name shown in the funnel',
			},
		);
	}
	if (entity === 'company') {
		// A company has a name (TITLE) but no person's name and no source fields.
		const personal = ['lastName', 'name', 'sourceId'];
		fields.splice(0, fields.length, ...fields.filter((f) => !personal.includes(f.name)), {
			displayName: 'Company Name',
			name: 'title',
			type: 'string',
			default: '',
			description: 'The name the company has in Bitrix24 from now on',
		});
	}
	fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		recordId(entity, ['update']),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: fields,
			displayOptions: displayFor(entity, 'update'),
		},
	];
}

export function updateRecords(entity: Entity): Operation {
	return {
		description: updateDescription(entity),
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const prepared = await readItems(this, ctx.items.length, (i): Command => {
				const id = requireId.call(this, i, entity);
				const u = this.getNodeParameter('updateFields', i, {}) as IDataObject;
				const fields: IDataObject = {};
				const map: Record<string, string> = {
					comments: 'COMMENTS',
					sourceId: 'SOURCE_ID',
					lastName: 'LAST_NAME',
					name: 'NAME',
					opportunity: 'OPPORTUNITY',
					title: 'TITLE',
				};
				for (const [key, name] of Object.entries(map))
					if (u[key] !== undefined && u[key] !== '') fields[name] = u[key];
				// An item without ID is appended to the record's list: nothing else is touched.
				if (u.addPhone)
					fields.PHONE = [{ VALUE: phoneForStorage(String(u.addPhone)), VALUE_TYPE: 'WORK' }];
				if (u.addEmail) fields.EMAIL = [{ VALUE: String(u.addEmail).trim(), VALUE_TYPE: 'WORK' }];
				Object.assign(fields, customFields(u.customFields as IDataObject));
				if (Object.keys(fields).length === 0)
					throw new NodeOperationError(this.getNode(), 'Nothing to update', {
						itemIndex: i,
						description: 'Add at least one field under Update Fields',
					});
				const appends = Boolean(fields.PHONE || fields.EMAIL);
				return {
					method: `crm.${entity}.update`,
					params: { id, fields },
					...(appends ? { reconcile: appendedValuesReconciler(entity) } : {}),
				};
			});
			return await sendItems(
				prepared,
				(commands) => ctx.connection.runner.run(commands),
				(_v, command) => ({ id: String(command.params.id), updated: true }),
			);
		},
	};
}

export function deleteRecords(entity: Entity): Operation {
	return {
		description: [recordId(entity, ['delete'])],
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const reconcile = deletedReconciler(entity);
			const prepared = await readItems(this, ctx.items.length, (i): Command => ({
				method: `crm.${entity}.delete`,
				params: { id: requireId.call(this, i, entity) },
				reconcile,
			}));
			return await sendItems(
				prepared,
				(commands) => ctx.connection.runner.run(commands),
				(_v, command) => ({ id: String(command.params.id), deleted: true }),
			);
		},
	};
}

export function assignRecords(entity: Entity): Operation {
	return {
		description: [recordId(entity, ['assign']), responsibleLocator(entity, ['assign'], true)],
		async execute(this: IExecuteFunctions, ctx: OperationContext) {
			const prepared = await readItems(this, ctx.items.length, (i): Command => {
				const id = requireId.call(this, i, entity);
				const responsible = locatorValue.call(this, 'responsible', i);
				if (!/^\d+$/.test(responsible))
					throw new NodeOperationError(this.getNode(), 'Choose the responsible person', {
						itemIndex: i,
						description: 'Pick a user from the list or give a user ID',
					});
				return {
					method: `crm.${entity}.update`,
					params: { id, fields: { ASSIGNED_BY_ID: Number(responsible) } },
				};
			});
			return await sendItems(
				prepared,
				(commands) => ctx.connection.runner.run(commands),
				(_v, command) => ({
					id: String(command.params.id),
					responsibleId: String((command.params.fields as IDataObject).ASSIGNED_BY_ID),
				}),
			);
		},
	};
}
