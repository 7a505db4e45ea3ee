import { activityMethods } from './activities';
import type { MethodSpec, MethodTable } from './context';
import { duplicateMethods } from './duplicates';
import { entityMethods } from './entities';
import { historyMethods } from './history';
import { itemMethods } from './items';
import { statusMethods } from './statuses';
import { userFieldMethodTable } from './userfields';
import { userMethods } from './users';

const tables: MethodTable[] = [
	entityMethods,
	itemMethods,
	statusMethods,
	duplicateMethods,
	activityMethods,
	userFieldMethodTable,
	userMethods,
	historyMethods,
];

/** Every method the emulator answers, by lower-cased name (method names are case-insensitive). */
export const METHODS = new Map<string, MethodSpec>(
	tables.flatMap((t) => Object.entries(t)).map(([name, spec]) => [name.toLowerCase(), spec]),
);

export { type MethodContext, type MethodSpec, ListResult } from './context';
