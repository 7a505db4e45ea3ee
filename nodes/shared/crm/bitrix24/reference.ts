/**
 * The portal's metadata a report names things with — the funnels and their stages, the users, the fields (where the
 * loss-reason list lives) — in one batch, and one more for what the first answer names: the stages of the other
 * deal funnels and any further page of users. The scope keeps the funnels and fields for the reads that follow.
 */
import type { CrmPipeline, CrmUser } from '../types';
import type { Command, CommandOutcome } from './commands';
import { fieldsCommand, fieldsFrom } from './fieldInfo';
import { dealFunnelsFrom, leadFunnelFrom, stageEntityOf, statusListCommand } from './funnels';
import { PAGE, rowsOf } from './paging';
import { userFromRow } from './records';
import type { Bitrix24Scope } from './scope';

const USERS = { method: 'user.get', params: { sort: 'ID', order: 'ASC' } };

function valueOf(outcome: CommandOutcome): unknown {
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}

/**
 * Funnels and users; the funnels and the fields are adopted by the scope. Users are for names only: a webhook
 * without the right to list them gets none rather than an error.
 */
export async function readReference(
	scope: Bitrix24Scope,
): Promise<{ pipelines: CrmPipeline[]; users: CrmUser[] }> {
	const runner = await scope.runner();
	const needFields = scope.knownFields() === undefined;
	const needFunnels = !scope.funnelsKnown();
	const funnelCommands: Command[] = !needFunnels
		? []
		: scope.entity === 'deal'
			? [
					{ method: 'crm.category.list', params: { entityTypeId: 2 } },
					statusListCommand('DEAL_STAGE'),
				]
			: [statusListCommand('STATUS')];
	const [usersAnswer, ...rest] = await runner.run([
		{ ...USERS, params: { ...USERS.params, start: 0 } },
		...(needFields ? [fieldsCommand(scope.entity)] : []),
		...funnelCommands,
	]);
	if (needFields) scope.adoptFields(fieldsFrom(valueOf(rest.shift()!)));

	const categories = needFunnels && scope.entity === 'deal' ? rowsOf(valueOf(rest[0])) : [];
	const others = categories.filter((c) => Number(c.id) !== 0);
	const userStarts: number[] = [];
	if (usersAnswer.ok && usersAnswer.next !== undefined)
		for (let start = usersAnswer.next; start < (usersAnswer.total ?? 0); start += PAGE)
			userStarts.push(start);
	const more = await runner.run([
		...others.map((c) => statusListCommand(stageEntityOf(Number(c.id)))),
		...userStarts.map((start) => ({ ...USERS, params: { ...USERS.params, start } })),
	]);

	if (needFunnels) {
		if (scope.entity === 'deal') {
			const stagesByEntity = new Map([['DEAL_STAGE', rowsOf(valueOf(rest[1]))]]);
			others.forEach((c, i) =>
				stagesByEntity.set(stageEntityOf(Number(c.id)), rowsOf(valueOf(more[i]))),
			);
			scope.adoptFunnels(dealFunnelsFrom(categories, stagesByEntity));
		} else scope.adoptFunnels(leadFunnelFrom(rowsOf(valueOf(rest[0]))));
	}
	const userPages = usersAnswer.ok ? [usersAnswer, ...more.slice(others.length)] : [];
	const users = userPages.every((p) => p.ok)
		? userPages.flatMap((p) => rowsOf(valueOf(p)).map((row) => userFromRow(row)))
		: [];
	return { pipelines: await scope.listPipelines(), users };
}
