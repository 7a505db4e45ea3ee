/**
 * A portal table (deals, contacts, leads, activities): a Map by ID that also keeps its IDs sorted, and (for
 * activities) the IDs by owner, so a list by ID page (`>ID`, `order ID ASC`, `start=-1`) or by owner (`@OWNER_ID`)
 * costs the emulator O(page) instead of a scan and a sort of the whole table — as the database's primary key and
 * owner index do on a real portal. Only the emulator's own CPU changes: what a list charges is decided elsewhere.
 */
export class RecordTable<T> extends Map<number, T> {
	/** Bumped by every write through the Map, so derived indexes know when to rebuild. */
	private version = 0;
	private sorted: { version: number; ids: number[] } | undefined;
	private readonly secondary = new Map<string, { version: number; index: Map<number, number[]> }>();

	override set(id: number, record: T): this {
		const isNew = !super.has(id);
		super.set(id, record);
		this.version++;
		// New records get the next ID of their sequence: the usual insert appends to the sorted IDs in place.
		const sorted = this.sorted;
		if (sorted && sorted.version === this.version - 1) {
			if (!isNew) sorted.version = this.version;
			else if (sorted.ids.length === 0 || sorted.ids[sorted.ids.length - 1] < id) {
				sorted.ids.push(id);
				sorted.version = this.version;
			}
		}
		return this;
	}

	override delete(id: number): boolean {
		const deleted = super.delete(id);
		if (deleted) this.version++;
		return deleted;
	}

	override clear(): void {
		super.clear();
		this.version++;
	}

	/** Every ID, ascending. */
	sortedIds(): number[] {
		if (this.sorted?.version !== this.version)
			this.sorted = { version: this.version, ids: [...super.keys()].sort((a, b) => a - b) };
		return this.sorted.ids;
	}

	/**
	 * IDs by the value of a numeric field, each list ascending. Rebuilt after any write; the field is read from
	 * the records as they are then (the emulator changes no indexed field in place: an activity keeps its owner).
	 */
	idsBy(field: string, read: (record: T) => unknown): Map<number, number[]> {
		const known = this.secondary.get(field);
		if (known?.version === this.version) return known.index;
		const index = new Map<number, number[]>();
		for (const id of this.sortedIds()) {
			const value = Number(read(super.get(id) as T));
			if (!Number.isFinite(value)) continue;
			const list = index.get(value);
			if (list) list.push(id);
			else index.set(value, [id]);
		}
		this.secondary.set(field, { version: this.version, index });
		return index;
	}
}
