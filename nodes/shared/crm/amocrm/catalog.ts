import type { CrmLossReason, CrmPipeline, CrmUser } from '../types';
import { allOf } from './paging';
import { toLossReason, toPipeline, toUser } from './parse';
import type { RawAccount, RawCustomField, RawLossReason, RawPipeline, RawUser } from './rawTypes';
import type { AmoTransport } from './transport';

export type FieldEntity = 'leads' | 'contacts' | 'companies';

/**
 * The account's reference data, loaded on first use and kept for the rest of the execution (one request each,
 * however many items need it). Never kept across executions: stages and users change.
 */
export class AmoCatalog {
	private pipelinesLoad?: Promise<CrmPipeline[]>;
	private usersLoad?: Promise<CrmUser[]>;
	private rawUsersLoad?: Promise<RawUser[]>;
	private reasonsLoad?: Promise<CrmLossReason[]>;
	private accountLoad?: Promise<RawAccount>;
	private readonly fieldLoads = new Map<FieldEntity, Promise<RawCustomField[]>>();

	constructor(private readonly transport: AmoTransport) {}

	pipelines(): Promise<CrmPipeline[]> {
		this.pipelinesLoad ??= this.transport
			.get<{ _embedded?: { pipelines?: RawPipeline[] } }>('/api/v4/leads/pipelines')
			.then((body) =>
				(body?._embedded?.pipelines ?? [])
					.filter((p) => !p.is_archive)
					.sort((a, b) => a.sort - b.sort)
					.map(toPipeline),
			);
		return this.pipelinesLoad;
	}

	/** Every user, with who is the account's owner and whose token this is (from the account, cached). */
	users(): Promise<CrmUser[]> {
		this.usersLoad ??= Promise.all([this.rawUsers(), this.account()]).then(([users, account]) =>
			users.map((user) =>
				toUser(user, { owner: account.created_by, apiUser: account.current_user_id }),
			),
		);
		return this.usersLoad;
	}

	/**
	 * Every user by name and email only, without reading the account: enough to resolve a manager named in a
	 * parameter. The role flags (owner, the token's own user) are not set; use `users()` where they matter.
	 */
	usersByName(): Promise<CrmUser[]> {
		return this.rawUsers().then((users) => users.map((user) => toUser(user, {})));
	}

	private rawUsers(): Promise<RawUser[]> {
		this.rawUsersLoad ??= allOf<RawUser>(this.transport, '/api/v4/users', 'users');
		return this.rawUsersLoad;
	}

	lossReasons(): Promise<CrmLossReason[]> {
		this.reasonsLoad ??= allOf<RawLossReason>(
			this.transport,
			'/api/v4/leads/loss_reasons',
			'loss_reasons',
		).then((reasons) =>
			[...reasons].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0)).map(toLossReason),
		);
		return this.reasonsLoad;
	}

	/** The account and its task types; `current_user_id` is who our writes are created by. */
	account(): Promise<RawAccount> {
		this.accountLoad ??= this.transport
			.get<RawAccount>('/api/v4/account', { with: 'task_types' })
			.then((body) => {
				if (!body) throw new Error('amoCRM returned no account');
				return body;
			});
		return this.accountLoad;
	}

	customFields(entity: FieldEntity): Promise<RawCustomField[]> {
		let load = this.fieldLoads.get(entity);
		if (!load) {
			load = allOf<RawCustomField>(
				this.transport,
				`/api/v4/${entity}/custom_fields`,
				'custom_fields',
			);
			this.fieldLoads.set(entity, load);
		}
		return load;
	}
}
