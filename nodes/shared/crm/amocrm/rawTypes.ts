/** amoCRM API v4 shapes as they arrive, read once by parse.ts. */

export interface RawLink {
	href: string;
}

export interface HalPage {
	_page?: number;
	_links?: { self?: RawLink; next?: RawLink };
	_embedded?: Record<string, unknown[]>;
}

export interface RawTag {
	id: number;
	name: string;
	color?: string | null;
}

export interface RawFieldValue {
	value: unknown;
	enum_id?: number;
	enum_code?: string | null;
}

export interface RawFieldValues {
	field_id: number;
	field_name?: string;
	field_code?: string | null;
	field_type?: string;
	values: RawFieldValue[] | null;
}

export interface RawLead {
	id: number;
	name: string;
	price: number | null;
	responsible_user_id: number | null;
	status_id: number;
	pipeline_id: number;
	loss_reason_id: number | null;
	created_by: number;
	updated_by: number;
	created_at: number;
	updated_at: number;
	closed_at: number | null;
	closest_task_at: number | null;
	is_deleted: boolean;
	custom_fields_values: RawFieldValues[] | null;
	_embedded?: {
		tags?: RawTag[];
		contacts?: Array<{ id: number; is_main?: boolean }>;
		companies?: Array<{ id: number }>;
		loss_reason?: Array<{ id: number; name: string }>;
	};
}

export interface RawContact {
	id: number;
	name: string;
	first_name?: string;
	last_name?: string;
	responsible_user_id: number | null;
	created_by?: number;
	created_at: number | null;
	updated_at: number | null;
	custom_fields_values: RawFieldValues[] | null;
	_embedded?: { tags?: RawTag[]; leads?: Array<{ id: number }>; companies?: Array<{ id: number }> };
}

export interface RawTask {
	id: number;
	responsible_user_id: number | null;
	entity_id: number | null;
	entity_type: string | null;
	is_completed: boolean;
	task_type_id: number;
	text: string;
	complete_till: number;
	created_at: number | null;
	updated_at?: number | null;
	result?: { text?: string } | unknown[];
}

export interface RawNote {
	id: number;
	entity_id: number;
	note_type: string;
	created_at: number;
	updated_at?: number;
	responsible_user_id: number | null;
	params: Record<string, unknown> | null;
}

export interface RawStatus {
	id: number;
	name: string;
	sort: number;
	type: number;
	pipeline_id: number;
	color?: string;
}

export interface RawPipeline {
	id: number;
	name: string;
	sort: number;
	is_main: boolean;
	is_archive?: boolean;
	_embedded?: { statuses?: RawStatus[] };
}

export interface RawUser {
	id: number;
	name: string;
	email: string | null;
	rights?: { is_active?: boolean; is_admin?: boolean; is_free?: boolean };
}

export interface RawLossReason {
	id: number;
	name: string;
	sort?: number;
}

export interface RawCustomField {
	id: number;
	name: string;
	type: string;
	code: string | null;
	sort?: number;
	entity_type?: string;
	enums: Array<{ id: number; value: string }> | null;
}

export interface RawAccount {
	id: number;
	name: string;
	subdomain: string;
	current_user_id: number;
	/** The user who created the account: its owner. */
	created_by?: number;
	_embedded?: { task_types?: Array<{ id: number; name: string; code: string | null }> };
}

export interface RawComplexResult {
	id: number;
	contact_id: number | null;
	company_id: number | null;
	request_id: string[] | string;
	merged: boolean;
}
