/** The emulator's stored records. Field names follow API v4 so serialising is mostly a copy. */

export type EntityType = 'leads' | 'contacts' | 'companies';

export interface Status {
	id: number;
	name: string;
	sort: number;
	is_editable: boolean;
	pipeline_id: number;
	color: string;
	/** 1 = incoming (unsorted), 0 = regular. */
	type: 0 | 1;
	account_id: number;
}

export interface Pipeline {
	id: number;
	name: string;
	sort: number;
	is_main: boolean;
	is_unsorted_on: boolean;
	is_archive: boolean;
	account_id: number;
	statuses: Status[];
}

export interface User {
	id: number;
	name: string;
	email: string;
	lang: string;
	is_admin: boolean;
	is_active: boolean;
	/** A free user: no paid seat (accounting, support); not someone who sells. */
	is_free?: boolean;
	group_id: number;
}

export interface LossReason {
	id: number;
	name: string;
	sort: number;
	created_at: number;
	updated_at: number;
}

export interface FieldEnum {
	id: number;
	value: string;
	sort: number;
}

export interface CustomField {
	id: number;
	name: string;
	type: string;
	code: string | null;
	sort: number;
	entity_type: EntityType;
	is_api_only: boolean;
	is_predefined: boolean;
	is_deletable: boolean;
	enums: FieldEnum[] | null;
	required_statuses: Array<{ pipeline_id: number; status_id: number }>;
}

export interface FieldValue {
	value: unknown;
	enum_id?: number;
	enum_code?: string | null;
}

export interface FieldValues {
	field_id: number;
	field_name: string;
	field_code: string | null;
	field_type: string;
	values: FieldValue[];
}

export interface Tag {
	id: number;
	name: string;
	color: string | null;
}

interface Audited {
	id: number;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
}

export interface Lead extends Audited {
	name: string;
	price: number;
	responsible_user_id: number;
	group_id: number;
	status_id: number;
	pipeline_id: number;
	loss_reason_id: number | null;
	source_id: number | null;
	closed_at: number | null;
	is_deleted: boolean;
	score: number | null;
	labor_cost: number | null;
	custom_fields_values: FieldValues[] | null;
	tagIds: number[];
	contacts: Array<{ id: number; is_main: boolean }>;
	companyIds: number[];
	/** Products linked to the lead (catalog elements with their quantity), shown with `with=catalog_elements`. */
	catalog_elements?: Array<{ id: number; catalog_id: number; quantity: number }>;
}

export interface Contact extends Audited {
	name: string;
	first_name: string;
	last_name: string;
	responsible_user_id: number;
	group_id: number;
	is_deleted: boolean;
	custom_fields_values: FieldValues[] | null;
	tagIds: number[];
	companyIds: number[];
}

export interface Company extends Audited {
	name: string;
	responsible_user_id: number;
	group_id: number;
	is_deleted: boolean;
	custom_fields_values: FieldValues[] | null;
	tagIds: number[];
}

export interface Task extends Audited {
	responsible_user_id: number;
	group_id: number;
	entity_id: number | null;
	entity_type: EntityType | null;
	is_completed: boolean;
	task_type_id: number;
	text: string;
	duration: number;
	complete_till: number;
	result: { text: string } | null;
}

export interface Note extends Audited {
	entity_id: number;
	entity_type: EntityType;
	responsible_user_id: number;
	group_id: number;
	note_type: string;
	params: Record<string, unknown>;
}

export interface UnsortedItem {
	uid: string;
	source_uid: string;
	source_name: string;
	category: 'forms' | 'sip' | 'mail' | 'chats';
	pipeline_id: number;
	created_at: number;
	metadata: Record<string, unknown>;
	leadId: number;
	contactIds: number[];
	companyIds: number[];
	state: 'pending' | 'accepted' | 'declined';
}

export interface Webhook {
	id: number;
	destination: string;
	settings: string[];
	sort: number;
	disabled: boolean;
	created_by: number;
	created_at: number;
	updated_at: number;
	/** Delivery failures with their times, for the "> 100 in 2 hours" auto-disable rule. */
	failures: number[];
}

export interface CrmEvent {
	id: string;
	type: string;
	entity_id: number;
	entity_type: 'lead' | 'contact' | 'company' | 'task';
	created_by: number;
	created_at: number;
	value_after: unknown[];
	value_before: unknown[];
}

export interface TaskType {
	id: number;
	name: string;
	code: string | null;
	color: string | null;
	icon_id: number | null;
}

export interface Integration {
	client_id: string;
	client_secret: string;
	redirect_uri: string;
	name: string;
	/** "Duplicate control" on the integration form: complex create then merges contacts by phone/email. */
	duplicate_control: boolean;
}

export interface LongLivedToken {
	id: string;
	user_id: number;
	expires_at: number;
	revoked: boolean;
	/** Duplicate control for complex create through this token's integration. */
	duplicate_control?: boolean;
}
