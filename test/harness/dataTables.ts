/**
 * n8n's Data Tables for the harness: what the server hands the Data Table node through
 * `additionalData['data-table'].dataTableProxyProvider`, kept in memory with the server's semantics
 * (n8n 2.40 `modules/data-table/*`, SQLite flavour):
 * - table names are unique per project; listing by name matches `%name%` ignoring case, newest change first;
 * - column names match /^[a-zA-Z][a-zA-Z0-9_]*$/ and may not be a system column (id, createdAt, updatedAt);
 * - cells are checked and converted with n8n's `validateFieldType` (not strict: "5" fits a number column), unknown
 *   columns are refused, dates are kept as Date;
 * - filters: eq / neq (neq also matches NULL) / gt… / like (case-sensitive, `%` wildcards) / ilike / isEmpty and
 *   isNotEmpty (NULL or '' for text; NULL otherwise); an empty filter is refused by update, upsert and delete;
 * - upsert updates every matching row, or inserts one; update and delete return the rows they touched.
 */
import {
	validateFieldType,
	type DataTable,
	type DataTableColumn,
	type DataTableColumnJsType,
	type DataTableColumnType,
	type DataTableFilter,
	type DataTableRow,
	type DataTableRowReturn,
	type IDataTableProjectAggregateService,
	type IDataTableProjectService,
	type ListDataTableOptions,
	type ListDataTableRowsOptions,
} from 'n8n-workflow';

const PROJECT_ID = 'harness-project';
const SYSTEM_COLUMNS = ['id', 'createdAt', 'updatedAt'];
const SYSTEM_TYPES: Record<string, DataTableColumnType> = {
	id: 'number',
	createdAt: 'date',
	updatedAt: 'date',
};
const COLUMN_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const FIELD_TYPE = {
	number: 'number',
	string: 'string',
	boolean: 'boolean',
	date: 'dateTime',
} as const;

interface StoredTable {
	table: DataTable;
	rows: DataTableRowReturn[];
	nextRowId: number;
}

export class DataTableError extends Error {}

export class InMemoryDataTables {
	private readonly tables = new Map<string, StoredTable>();
	private nextTableId = 1;
	/** Clock for createdAt/updatedAt; strictly increasing so "newest first" is stable. */
	private lastTime = 0;

	/** What n8n-core reads from `additionalData['data-table']`. */
	readonly provider = {
		getDataTableAggregateProxy: async () => this.aggregate(),
		getDataTableProxy: async (_workflow: unknown, node: { name: string }, dataTableId: string) => {
			if (!this.tables.has(dataTableId)) {
				throw new DataTableError(
					`Data table with ID '${dataTableId}' could not be found in this project (node "${node.name}")`,
				);
			}
			return this.proxy(dataTableId);
		},
	};

	/** A table's rows as a test reads them, by table name. */
	rows(name: string): DataTableRowReturn[] {
		const stored = [...this.tables.values()].find((t) => t.table.name === name);
		return stored ? structuredClone(stored.rows) : [];
	}

	tableNames(): string[] {
		return [...this.tables.values()].map((t) => t.table.name);
	}

	private now(): Date {
		this.lastTime = Math.max(Date.now(), this.lastTime + 1);
		return new Date(this.lastTime);
	}

	private aggregate(): IDataTableProjectAggregateService {
		return {
			getProjectId: () => PROJECT_ID,
			createDataTable: async (options) => {
				if ([...this.tables.values()].some((t) => t.table.name === options.name)) {
					throw new DataTableError(
						`Data table with name "${options.name}" already exists in this project`,
					);
				}
				for (const column of options.columns) {
					if (!COLUMN_NAME.test(column.name))
						throw new DataTableError(
							'Only alphabetical characters and non-leading numbers and underscores are allowed for column names',
						);
					if (SYSTEM_COLUMNS.some((s) => s.toLowerCase() === column.name.toLowerCase())) {
						throw new DataTableError(
							`Column name "${column.name}" is reserved as a system column name`,
						);
					}
				}
				const id = `dt${this.nextTableId++}`;
				const at = this.now();
				const columns: DataTableColumn[] = options.columns.map((c, index) => ({
					id: `${id}c${index}`,
					name: c.name,
					type: c.type,
					index: c.index ?? index,
					dataTableId: id,
				}));
				const table: DataTable = {
					id,
					name: options.name,
					columns,
					createdAt: at,
					updatedAt: at,
					projectId: PROJECT_ID,
				};
				this.tables.set(id, { table, rows: [], nextRowId: 1 });
				return structuredClone(table);
			},
			getManyAndCount: async (options: ListDataTableOptions) => {
				const nameFilters = [options.filter?.name ?? []].flat().map((n) => String(n).toLowerCase());
				const ids = [options.filter?.id ?? []].flat();
				const matching = [...this.tables.values()]
					.map((t) => t.table)
					.filter(
						(t) =>
							nameFilters.every((n) => t.name.toLowerCase().includes(n)) &&
							(ids.length === 0 || ids.includes(t.id)),
					)
					.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
				const skip = options.skip ?? 0;
				const page =
					options.take === undefined
						? matching.slice(skip)
						: matching.slice(skip, skip + options.take);
				return { count: matching.length, data: structuredClone(page) };
			},
			deleteDataTableAll: async () => {
				const had = this.tables.size > 0;
				this.tables.clear();
				return had;
			},
		};
	}

	private proxy(dataTableId: string): IDataTableProjectService {
		const stored = () => {
			const found = this.tables.get(dataTableId);
			if (!found) throw new DataTableError(`Data table with ID '${dataTableId}' not found`);
			return found;
		};
		const touch = () => (stored().table.updatedAt = this.now());
		const unsupported = async (): Promise<never> => {
			throw new DataTableError('Not supported by the harness');
		};
		return {
			updateDataTable: async (options) => {
				stored().table.name = options.name;
				touch();
				return true;
			},
			deleteDataTable: async () => this.tables.delete(dataTableId),
			getColumns: async () => structuredClone(stored().table.columns),
			addColumn: unsupported,
			moveColumn: unsupported,
			deleteColumn: unsupported,
			getManyRowsAndCount: async (dto: Partial<ListDataTableRowsOptions>) => {
				const { table, rows } = stored();
				let matching = rows.filter(
					(row) => !dto.filter || matches(row, transformFilter(dto.filter, table.columns)),
				);
				if (dto.sortBy) {
					const [column, direction] = dto.sortBy;
					matching = [...matching].sort(
						(a, b) => compare(a[column], b[column]) * (direction === 'DESC' ? -1 : 1),
					);
				}
				const skip = dto.skip ?? 0;
				const page =
					dto.take === undefined ? matching.slice(skip) : matching.slice(skip, skip + dto.take);
				return { count: matching.length, data: structuredClone(page) };
			},
			insertRows: (async (rows: DataTableRow[], returnType: 'all' | 'id' | 'count') => {
				const inserted = rows.map((row) => this.insert(stored(), row));
				touch();
				if (returnType === 'count') return { success: true, insertedRows: inserted.length };
				if (returnType === 'id') return inserted.map((r) => ({ id: r.id }));
				return structuredClone(inserted);
			}) as IDataTableProjectService['insertRows'],
			updateRows: async (options) => {
				const target = stored();
				const { data, filter } = updateParams(options.filter, options.data, target.table.columns);
				const touched = target.rows.filter((row) => matches(row, filter));
				const at = this.now();
				for (const row of touched) Object.assign(row, data, { updatedAt: at });
				touch();
				return structuredClone(touched);
			},
			upsertRow: async (options) => {
				const target = stored();
				const { data, filter } = updateParams(options.filter, options.data, target.table.columns);
				const touched = target.rows.filter((row) => matches(row, filter));
				if (touched.length > 0) {
					const at = this.now();
					for (const row of touched) Object.assign(row, data, { updatedAt: at });
					touch();
					return structuredClone(touched);
				}
				const inserted = this.insert(target, options.data);
				touch();
				return [structuredClone(inserted)];
			},
			deleteRows: async (options) => {
				const target = stored();
				if (!options.filter?.filters?.length)
					throw new DataTableError(
						'Filter is required for delete operations to prevent accidental deletion of all data',
					);
				const filter = transformFilter(options.filter, target.table.columns);
				const deleted = target.rows.filter((row) => matches(row, filter));
				if (!options.dryRun) {
					target.rows = target.rows.filter((row) => !deleted.includes(row));
					touch();
				}
				return structuredClone(deleted);
			},
			clearRows: async () => {
				const target = stored();
				const deletedCount = target.rows.length;
				target.rows = [];
				touch();
				return { deletedCount };
			},
		};
	}

	private insert(target: StoredTable, row: DataTableRow): DataTableRowReturn {
		const cells = transformRow(row, target.table.columns);
		const at = this.now();
		const complete: DataTableRowReturn = {
			id: target.nextRowId++,
			createdAt: at,
			updatedAt: at,
		} as DataTableRowReturn;
		for (const column of target.table.columns) complete[column.name] = cells[column.name] ?? null;
		target.rows.push(complete);
		return complete;
	}
}

function typeMap(
	columns: DataTableColumn[],
	withSystem: boolean,
): Map<string, DataTableColumnType> {
	return new Map<string, DataTableColumnType>([
		...(withSystem ? Object.entries(SYSTEM_TYPES) : []),
		...columns.map((c): [string, DataTableColumnType] => [c.name, c.type]),
	]);
}

function transformCell(
	key: string,
	cell: DataTableColumnJsType,
	type: DataTableColumnType | undefined,
): DataTableColumnJsType {
	if (cell === null || cell === undefined || !type) return cell ?? null;
	const result = validateFieldType(key, cell, FIELD_TYPE[type], {
		strict: false,
		parseStrings: false,
	});
	if (!result.valid)
		throw new DataTableError(
			`value '${String(cell)}' does not match column type '${type}': ${result.errorMessage}`,
		);
	if (type === 'date') return (result.newValue as unknown as { toJSDate(): Date }).toJSDate();
	return result.newValue as DataTableColumnJsType;
}

function transformRow(
	row: DataTableRow,
	columns: DataTableColumn[],
	withSystem = false,
): DataTableRow {
	const types = typeMap(columns, withSystem);
	const out: DataTableRow = {};
	for (const [key, value] of Object.entries(row)) {
		if (!types.has(key)) throw new DataTableError(`unknown column name '${key}'`);
		out[key] = transformCell(key, value, types.get(key));
	}
	return out;
}

function transformFilter(filter: DataTableFilter, columns: DataTableColumn[]): DataTableFilter {
	const types = typeMap(columns, true);
	return {
		type: filter.type,
		filters: filter.filters.map((f) => {
			if (!types.has(f.columnName))
				throw new DataTableError(`unknown column name '${f.columnName}'`);
			const type = types.get(f.columnName);
			if (type !== 'string' && f.condition === 'isEmpty')
				return { ...f, condition: 'eq' as const, value: null };
			if (type !== 'string' && f.condition === 'isNotEmpty')
				return { ...f, condition: 'neq' as const, value: null };
			return { ...f, value: transformCell(f.columnName, f.value, type) };
		}),
	};
}

function updateParams(filter: DataTableFilter, data: DataTableRow, columns: DataTableColumn[]) {
	if (columns.length === 0)
		throw new DataTableError('No columns found for this data table or data table not found');
	if (!filter?.filters?.length) throw new DataTableError('Filter must not be empty');
	if (!data || Object.keys(data).length === 0)
		throw new DataTableError('Data columns must not be empty');
	return { data: transformRow(data, columns), filter: transformFilter(filter, columns) };
}

function matches(row: DataTableRow, filter: DataTableFilter): boolean {
	const results = filter.filters.map((f) => test(row[f.columnName] ?? null, f.condition, f.value));
	return filter.type === 'or' ? results.some(Boolean) : results.every(Boolean);
}

function test(
	cell: DataTableColumnJsType,
	condition: DataTableFilter['filters'][number]['condition'],
	value: DataTableColumnJsType,
): boolean {
	switch (condition) {
		case 'isEmpty':
			return cell === null || cell === '';
		case 'isNotEmpty':
			return cell !== null && cell !== '';
		case 'eq':
			return value === null ? cell === null : cell !== null && compare(cell, value) === 0;
		case 'neq':
			return value === null ? cell !== null : cell === null || compare(cell, value) !== 0;
		case 'gt':
			return cell !== null && compare(cell, value) > 0;
		case 'gte':
			return cell !== null && compare(cell, value) >= 0;
		case 'lt':
			return cell !== null && compare(cell, value) < 0;
		case 'lte':
			return cell !== null && compare(cell, value) <= 0;
		case 'like':
			return cell !== null && likePattern(String(value), false).test(String(cell));
		case 'ilike':
			return cell !== null && likePattern(String(value), true).test(String(cell));
	}
	return false;
}

function likePattern(pattern: string, ignoreCase: boolean): RegExp {
	const withWildcards = pattern.includes('%') ? pattern : `%${pattern}%`;
	const source = withWildcards
		.split('%')
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.*');
	return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

function compare(a: unknown, b: unknown): number {
	const left = a instanceof Date ? a.getTime() : a;
	const right = b instanceof Date ? b.getTime() : b;
	if (typeof left === 'number' && typeof right === 'number') return left - right;
	if (typeof left === 'boolean' || typeof right === 'boolean') return Number(left) - Number(right);
	const x = String(left);
	const y = String(right);
	return x < y ? -1 : x > y ? 1 : 0;
}
