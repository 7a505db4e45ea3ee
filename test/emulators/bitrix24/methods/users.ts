/** `user.get`, `user.current`, `profile` (reference §3.8), and the event methods webhooks may not call (§4). */
import { errors, isoWithOffset } from '../envelope';
import { matchFilter, orderBy } from '../filter';
import type { UserRecord } from '../portal';
import { page, param, startParam, type MethodContext, type MethodTable } from './context';

export function showUser(user: UserRecord): Record<string, unknown> {
	return {
		ID: String(user.ID),
		XML_ID: `user_${user.ID}`,
		ACTIVE: user.ACTIVE,
		NAME: user.NAME,
		LAST_NAME: user.LAST_NAME,
		SECOND_NAME: user.SECOND_NAME,
		EMAIL: user.EMAIL,
		LAST_LOGIN: user.LAST_LOGIN === null ? '' : isoWithOffset(user.LAST_LOGIN),
		DATE_REGISTER: isoWithOffset(user.DATE_REGISTER),
		IS_ONLINE: 'N',
		TIME_ZONE: user.TIME_ZONE,
		TIME_ZONE_OFFSET: '0',
		PERSONAL_MOBILE: user.PERSONAL_MOBILE,
		WORK_POSITION: user.WORK_POSITION,
		UF_DEPARTMENT: user.UF_DEPARTMENT,
		USER_TYPE: user.USER_TYPE ?? 'employee',
	};
}

function userFilter(ctx: MethodContext): Record<string, unknown> {
	const nested = param(ctx.params, 'filter');
	// Filter keys may also be given at the top level.
	const reserved = new Set(['SORT', 'ORDER', 'START', 'ADMIN_MODE', 'FILTER']);
	const filter =
		nested && typeof nested === 'object'
			? { ...(nested as Record<string, unknown>) }
			: Object.fromEntries(
					Object.entries(ctx.params).filter(([k]) => !reserved.has(k.toUpperCase())),
				);
	// ACTIVE arrives as true (JSON), "1" or "true" (a query string), or "Y".
	if ('ACTIVE' in filter)
		filter.ACTIVE = [true, 'true', '1', 1, 'Y', 'y'].includes(filter.ACTIVE as never) ? 'Y' : 'N';
	return filter;
}

function currentUser(ctx: MethodContext): UserRecord {
	const user = ctx.state.users.find((u) => u.ID === ctx.userId);
	if (!user) throw errors.noAuth();
	return user;
}

export const userMethods: MethodTable = {
	'user.get': {
		scope: 'user',
		cost: 0.03,
		run: (ctx) => {
			const filter = userFilter(ctx);
			const rows = ctx.state.users.filter((user) =>
				matchFilter(filter, (field) => {
					if (field === 'ACTIVE') return { values: [user.ACTIVE ? 'Y' : 'N'] };
					if (field === 'USER_TYPE') return { values: [user.USER_TYPE ?? 'employee'] };
					const value = (user as unknown as Record<string, unknown>)[field];
					return value === undefined
						? undefined
						: { values: Array.isArray(value) ? value : [value] };
				}),
			);
			const sortField = String(param(ctx.params, 'sort') ?? 'ID').toUpperCase();
			const direction = String(param(ctx.params, 'order') ?? 'ASC');
			rows.sort(
				orderBy<UserRecord>(
					{ [sortField]: direction },
					(u, f) => (u as unknown as Record<string, unknown>)[f],
				),
			);
			return page(rows, startParam(ctx.params), (slice) => slice.map(showUser));
		},
	},
	'user.current': { scope: 'user', cost: 0.01, run: (ctx) => showUser(currentUser(ctx)) },
	profile: {
		scope: 'basic',
		cost: 0.01,
		run: (ctx) => {
			const user = currentUser(ctx);
			return {
				ID: String(user.ID),
				ADMIN: user.IS_ADMIN,
				NAME: user.NAME,
				LAST_NAME: user.LAST_NAME,
				PERSONAL_GENDER: '',
				PERSONAL_PHOTO: '',
				TIME_ZONE: user.TIME_ZONE,
				TIME_ZONE_OFFSET: 10800,
			};
		},
	},
	'event.bind': {
		scope: 'basic',
		cost: 0,
		run: () => {
			throw errors.wrongAuthType();
		},
	},
	'event.unbind': {
		scope: 'basic',
		cost: 0,
		run: () => {
			throw errors.wrongAuthType();
		},
	},
	'event.get': {
		scope: 'basic',
		cost: 0,
		run: () => {
			throw errors.wrongAuthType();
		},
	},
};
