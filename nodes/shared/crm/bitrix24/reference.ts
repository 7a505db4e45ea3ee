/**
 * A portal's reference data — its funnels with their stages, the funnel entity's fields, its users and the webhook's
 * own profile (who the connection works as, whether an admin) — in one batch.
 *
 * The stages of a deal funnel live in the status entity `DEAL_STAGE_{id}`, and the ids come from
 * `crm.category.list` in the same batch: command k asks for `DEAL_STAGE_$result[cats][categories][k][id]`, a
 * partial reference the portal replaces with the k-th funnel's id before running it (a missing k — fewer funnels —
 * reads an entity that does not exist: no rows). The default funnel's stages are `DEAL_STAGE` itself. A portal with
 * more funnels than the batch guesses, more than 50 users, or a part that failed is completed with a second read.
 */
import type { CrmPipeline, CrmUser } from '../types';
import type { Bitrix24Client } from './client';
import type { CommandRunner } from './commands';
import { toQueryString, type Params } from './encode';
import { Bitrix24Error } from './errors';
import { fieldsCommand, fieldsFrom, type EntityFields } from './fieldInfo';
import {
	dealFunnelsFrom,
	leadFunnelFrom,
	stageEntityOf,
	statusListCommand,
	type FunnelEntity,
} from './funnels';
import { listAll, PAGE, readWithRetry, rowsOf } from './paging';
import { userFromRow } from './records';

/** Deal funnels whose stages the first batch reads by reference; a portal with more takes one more request. */
export const GUESSED_FUNNELS = 12;

const USERS = { method: 'user.get', params: { sort: 'ID', order: 'ASC' } };

export interface ReferenceData {
	funnels: CrmPipeline[];
	fields: EntityFields;
	/** The users, or why they could not be read (a webhook without the `user` scope): only their readers fail. */
	users: { ok: true; value: CrmUser[] } | { ok: false; error: Bitrix24Error };
}

export async function readReference(
	client: Bitrix24Client,
	runner: CommandRunner,
	entity: FunnelEntity,
): Promise<ReferenceData> {
	const commands: Array<{ key: string; method: string; query: string }> = [];
	const add = (key: string, command: { method: string; params: Params }) =>
		commands.push({ key, method: command.method, query: toQueryString(command.params) });
	if (entity === 'deal') {
		add('cats', { method: 'crm.category.list', params: { entityTypeId: 2 } });
		add('s', statusListCommand('DEAL_STAGE'));
		for (let k = 0; k < GUESSED_FUNNELS; k++)
			add(`s${k}`, statusListCommand(`DEAL_STAGE_$result[cats][categories][${k}][id]`));
	} else {
		add('s', statusListCommand('STATUS'));
	}
	add('fields', fieldsCommand(entity));
	add('users', { method: USERS.method, params: { ...USERS.params, start: 0 } });
	add('me', { method: 'profile', params: {} });
	const answer = await readWithRetry(client, commands, 6);
	const failed = (key: string) => {
		const error = answer.errors[key];
		if (error && !error.isTransient) throw error;
		return !(key in answer.results);
	};

	let funnels: CrmPipeline[];
	if (entity === 'lead') {
		funnels = failed('s')
			? leadFunnelFrom(await listAll(runner, 'crm.status.list', statusListCommand('STATUS').params))
			: leadFunnelFrom(rowsOf(answer.results.s));
	} else {
		if (failed('cats') || failed('s')) {
			const [cats, stages] = await runner.run([
				{ method: 'crm.category.list', params: { entityTypeId: 2 } },
				statusListCommand('DEAL_STAGE'),
			]);
			if (!cats.ok) throw cats.error;
			if (!stages.ok) throw stages.error;
			answer.results.cats = cats.value;
			answer.results.s = stages.value;
		}
		const categories = rowsOf(answer.results.cats);
		const stagesByEntity = new Map([['DEAL_STAGE', rowsOf(answer.results.s)]]);
		const missing: number[] = [];
		categories.forEach((category, k) => {
			const id = Number(category.id);
			if (id === 0) return;
			if (k < GUESSED_FUNNELS && !failed(`s${k}`))
				stagesByEntity.set(stageEntityOf(id), rowsOf(answer.results[`s${k}`]));
			else missing.push(id);
		});
		if (missing.length) {
			const more = await runner.run(missing.map((id) => statusListCommand(stageEntityOf(id))));
			more.forEach((outcome, i) => {
				if (!outcome.ok) throw outcome.error;
				stagesByEntity.set(stageEntityOf(missing[i]), rowsOf(outcome.value));
			});
		}
		funnels = dealFunnelsFrom(categories, stagesByEntity);
	}

	const fields = fieldsFrom(
		failed('fields') ? await runner.one(fieldsCommand(entity)) : answer.results.fields,
	);

	// The profile is what keeps the connection's own user from taking leads: a transient failure is read again.
	const profile =
		!('me' in answer.results) && (answer.errors.me?.isTransient ?? true)
			? await runner.one({ method: 'profile', params: {} }).catch(() => null)
			: answer.results.me;
	const me = profile && typeof profile === 'object' ? (profile as Record<string, unknown>) : null;
	const self =
		me?.ID !== undefined
			? { id: String(me.ID), isAdmin: [true, 'Y', 'true', 1, '1'].includes(me.ADMIN as never) }
			: undefined;
	const toUser = (row: Record<string, unknown>) => userFromRow(row, self);

	let users: ReferenceData['users'];
	const usersError = answer.errors.users;
	if (usersError && !usersError.isTransient) users = { ok: false, error: usersError };
	else if (!('users' in answer.results))
		users = {
			ok: true,
			value: (await listAll(runner, USERS.method, USERS.params)).map(toUser),
		};
	else {
		const rows = rowsOf(answer.results.users);
		const next = answer.nexts.users;
		if (next !== undefined) {
			const total = answer.totals.users ?? next + PAGE;
			const starts: number[] = [];
			for (let start = next; start < total; start += PAGE) starts.push(start);
			for (const page of await runner.run(
				starts.map((start) => ({ method: USERS.method, params: { ...USERS.params, start } })),
			)) {
				if (!page.ok) throw page.error;
				rows.push(...rowsOf(page.value));
			}
		}
		users = { ok: true, value: rows.map(toUser) };
	}
	return { funnels, fields, users };
}
