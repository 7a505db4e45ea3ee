/**
 * Swamp stages: statuses that say nothing was done — "В работе", "На рассмотрении", "Сделка отложена"
 * — where leads pile up. A stage is a swamp when its name is a listed name, or starts with one followed by
 * more words or brackets ("Думает(поговорили)", "В работе у менеджера"); "Работа с возражениями" is not "В работе".
 */
import { nameKey } from '../../crm/stages';

export class SwampStages {
	private readonly keys: string[];

	constructor(names: string[]) {
		this.keys = names.map((name) => nameKey(name)).filter(Boolean);
	}

	get isEmpty(): boolean {
		return this.keys.length === 0;
	}

	/** The listed name a stage matches, or null. */
	match(stageName: string): string | null {
		const key = nameKey(stageName);
		for (const swamp of this.keys) {
			if (key === swamp) return swamp;
			if (key.startsWith(swamp) && !/[\p{L}\p{N}]/u.test(key[swamp.length])) return swamp;
		}
		return null;
	}
}
