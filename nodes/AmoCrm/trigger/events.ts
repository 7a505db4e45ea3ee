import type { INodePropertyOptions } from 'n8n-workflow';

/** The events a user can subscribe to, by amoCRM's subscription codes (`{action}_{entity}`). */
export const TRIGGER_EVENTS: INodePropertyOptions[] = [
	{ name: 'Company Added', value: 'add_company' },
	{ name: 'Company Updated', value: 'update_company' },
	{ name: 'Contact Added', value: 'add_contact' },
	{ name: 'Contact Deleted', value: 'delete_contact' },
	{
		name: 'Contact Note Added',
		value: 'note_contact',
		description: 'A note or a call on a contact',
	},
	{ name: 'Contact Responsible Changed', value: 'responsible_contact' },
	{ name: 'Contact Updated', value: 'update_contact' },
	{
		name: 'Incoming Lead Added (Unsorted)',
		value: 'add_unsorted',
		description: 'A form or call landed in "Неразобранное"',
	},
	{ name: 'Lead Added', value: 'add_lead' },
	{ name: 'Lead Deleted', value: 'delete_lead' },
	{ name: 'Lead Note Added', value: 'note_lead', description: 'A note or a call on a lead' },
	{ name: 'Lead Responsible Changed', value: 'responsible_lead' },
	{ name: 'Lead Restored', value: 'restore_lead' },
	{
		name: 'Lead Stage Changed',
		value: 'status_lead',
		description: 'Moved to another stage or pipeline, closed won or lost',
	},
	{ name: 'Lead Updated', value: 'update_lead', description: 'Any change of a lead' },
	{ name: 'Task Added', value: 'add_task' },
	{ name: 'Task Deleted', value: 'delete_task' },
	{ name: 'Task Updated', value: 'update_task', description: 'Changed or completed' },
];
