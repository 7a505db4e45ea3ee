import { counterTurn } from './counterTurn';
import type { Manager } from './managers';

/**
 * How leads are shared among managers («Как делить лиды»): equally in turn, by the load of leads in
 * work, or by conversion (better managers get more) — each optionally limited by a load cap and a minimum
 * conversion below which a manager gets no new leads.
 */
export type Strategy = 'roundRobin' | 'leastOpenLeads' | 'byConversion';

export interface DistributionSettings {
	strategy: Strategy;
	/** No manager gets more leads in work than this (open leads + leads given in this run); null = no cap. */
	loadCap: number | null;
	/** Managers whose conversion (percent) is below this get no new leads; null = no threshold. */
	minConversion: number | null;
	/**
	 * Round robin balanced by the CRM: how many leads each manager (by key) received lately, as the CRM shows them.
	 * The turn goes to whoever is furthest behind their share; the saved rotation only breaks ties. Concurrent
	 * executions that both read the same counts give one manager an extra lead, which the next execution sees in the
	 * CRM and evens out — unlike a rotation alone, whose lost advances are never made up.
	 */
	received?: ReadonlyMap<string, number> | null;
	/** Round robin's turn number from a shared counter (the claim store's INCR): replaces the saved rotation. */
	turn?: number | null;
}

/**
 * The turn of each manager, kept between executions (workflow static data): smooth weighted round robin
 * (nginx's algorithm) — with equal weights it is plain A, B, C, D, A, ...; with weights 2:1 it interleaves
 * A, B, A rather than A, A, B. Keyed by manager key so adding or removing a manager keeps everyone's turn.
 */
export interface RotationState {
	current: Record<string, number>;
}

export interface Decision {
	manager: Manager;
	strategy: Strategy;
	/** One sentence an ops person can check: why this manager. */
	reason: string;
}

export type Pick =
	{ ok: true; decision: Decision; rotation: RotationState } | { ok: false; reason: string };

/**
 * Chooses the manager for the next lead. Pure: the caller passes how many leads it gave each manager so far in
 * this run (added to their open leads for the load) and the rotation, and keeps the returned rotation.
 * Deterministic: ties go to the manager listed first.
 */
export function pickManager(
	managers: readonly Manager[],
	given: ReadonlyMap<string, number>,
	rotation: RotationState,
	settings: DistributionSettings,
): Pick {
	const present = managers.filter((m) => !m.absent);
	const absentNote =
		managers.length > present.length
			? `; absent: ${managers
					.filter((m) => m.absent)
					.map((m) => m.name)
					.join(', ')}`
			: '';
	if (present.length === 0)
		return {
			ok: false,
			reason: `every manager is marked absent (${managers.map((m) => m.name).join(', ')})`,
		};
	const load = (m: Manager) => m.openLeads + (given.get(m.key) ?? 0);

	if (settings.strategy === 'byConversion') {
		const unknown = present.filter((m) => m.conversion === null);
		if (unknown.length > 0) {
			return {
				ok: false,
				reason: `conversion is not given for ${unknown.map((m) => m.name).join(', ')}; distribution by conversion needs it for every present manager`,
			};
		}
	}

	let pool = present;
	const notes: string[] = [];
	if (settings.minConversion !== null) {
		const threshold = settings.minConversion;
		const above = pool.filter((m) => m.conversion !== null && m.conversion >= threshold);
		if (above.length === 0) {
			return fallback(
				present,
				load,
				rotation,
				settings,
				`nobody reaches the minimum conversion of ${threshold}%`,
				absentNote,
			);
		}
		if (above.length < pool.length)
			notes.push(
				`below ${threshold}% conversion: ${pool
					.filter((m) => !above.includes(m))
					.map((m) => m.name)
					.join(', ')}`,
			);
		pool = above;
	}
	if (settings.loadCap !== null) {
		const cap = settings.loadCap;
		const under = pool.filter((m) => load(m) < cap);
		if (under.length === 0)
			return fallback(
				pool,
				load,
				rotation,
				settings,
				`everyone is at the load cap of ${cap}`,
				absentNote,
			);
		if (under.length < pool.length)
			notes.push(
				`at the cap of ${cap}: ${pool
					.filter((m) => !under.includes(m))
					.map((m) => m.name)
					.join(', ')}`,
			);
		pool = under;
	}
	const skipped = (notes.length ? `; skipped ${notes.join('; ')}` : '') + absentNote;

	if (settings.strategy === 'leastOpenLeads') {
		const chosen = leastLoaded(pool, load);
		const others = pool.filter((m) => m !== chosen).map((m) => `${m.name} ${load(m)}`);
		return {
			ok: true,
			decision: {
				manager: chosen,
				strategy: settings.strategy,
				reason: `fewest leads in work: ${chosen.name} has ${load(chosen)}${others.length ? ` (${others.join(', ')})` : ''}${skipped}`,
			},
			rotation,
		};
	}

	if (settings.strategy === 'roundRobin' && typeof settings.turn === 'number') {
		const manager = counterTurn(pool, settings.turn);
		if (manager)
			return {
				ok: true,
				decision: {
					manager,
					strategy: 'roundRobin',
					reason: `round robin by the shared counter: turn ${settings.turn + 1} is ${manager.name}'s${skipped}`,
				},
				rotation,
			};
	}
	if (settings.strategy === 'roundRobin' && settings.received)
		return balancedTurn(pool, given, settings.received, rotation, skipped);

	const weightOf =
		settings.strategy === 'byConversion'
			? (m: Manager) => m.conversion ?? 0
			: (m: Manager) => m.weight;
	const turn = nextTurn(pool, weightOf, rotation);
	if (!turn)
		return {
			ok: false,
			reason: `every available manager has weight 0 (${pool.map((m) => m.name).join(', ')})${skipped}`,
		};
	const { manager, total } = turn;
	const reason =
		settings.strategy === 'byConversion'
			? `by conversion: ${manager.name} ${manager.conversion}% gets ${share(weightOf(manager), total)} of leads; ${load(manager)} in work${settings.loadCap !== null ? ` of ${settings.loadCap}` : ''}${skipped}`
			: pool.every((m) => m.weight === pool[0].weight)
				? `round robin: ${manager.name}'s turn among ${pool.length}${skipped}`
				: `weighted round robin: ${manager.name}'s turn (weight ${manager.weight} of ${total})${skipped}`;
	return {
		ok: true,
		decision: { manager, strategy: settings.strategy, reason },
		rotation: turn.rotation,
	};
}

/**
 * Round robin balanced by the CRM's recent leads (see DistributionSettings.received). Ties go to whoever was picked
 * longest ago (the rotation remembers each manager's last turn number), so equal counts still rotate across
 * executions even when the CRM does not change between them.
 */
function balancedTurn(
	pool: readonly Manager[],
	given: ReadonlyMap<string, number>,
	received: ReadonlyMap<string, number>,
	rotation: RotationState,
	skipped: string,
): Pick {
	const got = (m: Manager) => (received.get(m.key) ?? 0) + (given.get(m.key) ?? 0);
	const weighted = pool.filter((m) => m.weight > 0);
	if (weighted.length === 0)
		return {
			ok: false,
			reason: `every available manager has weight 0 (${pool.map((m) => m.name).join(', ')})${skipped}`,
		};
	const share = (m: Manager) => got(m) / m.weight;
	const least = Math.min(...weighted.map(share));
	const lastTurn = (m: Manager) => rotation.current[m.key] ?? -Infinity;
	let manager = weighted.find((m) => share(m) - least < 1e-9) as Manager;
	for (const m of weighted)
		if (share(m) - least < 1e-9 && lastTurn(m) < lastTurn(manager)) manager = m;
	const turnNumber = Math.max(0, ...Object.values(rotation.current)) + 1;
	const counts = weighted.map((m) => `${m.name} ${got(m)}`).join(', ');
	return {
		ok: true,
		decision: {
			manager,
			strategy: 'roundRobin',
			reason: `round robin by the CRM: ${manager.name} is furthest behind (recent leads: ${counts})${skipped}`,
		},
		rotation: { current: { ...rotation.current, [manager.key]: turnNumber } },
	};
}

/** Smooth weighted round robin over the pool; managers outside it keep their place. */
function nextTurn(
	pool: readonly Manager[],
	weightOf: (m: Manager) => number,
	rotation: RotationState,
) {
	const weighted = pool.filter((m) => weightOf(m) > 0);
	if (weighted.length === 0) return null;
	const current = { ...rotation.current };
	let total = 0;
	let best: Manager | null = null;
	for (const m of weighted) {
		const w = weightOf(m);
		total += w;
		current[m.key] = (current[m.key] ?? 0) + w;
		if (best === null || current[m.key] > current[best.key]) best = m;
	}
	const manager = best as Manager;
	current[manager.key] -= total;
	return { manager, total, rotation: { current } };
}

/** When the cap or the threshold leaves nobody, the lead still gets a manager: the least loaded one. */
function fallback(
	pool: readonly Manager[],
	load: (m: Manager) => number,
	rotation: RotationState,
	settings: DistributionSettings,
	why: string,
	absentNote: string,
): Pick {
	const chosen = leastLoaded(pool, load);
	return {
		ok: true,
		decision: {
			manager: chosen,
			strategy: settings.strategy,
			reason: `${why}: gave it to the least loaded, ${chosen.name} (${load(chosen)} in work)${absentNote}`,
		},
		rotation,
	};
}

function leastLoaded(pool: readonly Manager[], load: (m: Manager) => number): Manager {
	let chosen = pool[0];
	for (const m of pool) if (load(m) < load(chosen)) chosen = m;
	return chosen;
}

function share(weight: number, total: number): string {
	return `${Math.round((weight / total) * 100)}%`;
}

/** Keeps only the turns of managers still in the team, so the saved state does not grow forever. */
export function pruneRotation(
	rotation: RotationState,
	managers: readonly Manager[],
): RotationState {
	const keys = new Set(managers.map((m) => m.key));
	const current: Record<string, number> = {};
	for (const [key, value] of Object.entries(rotation.current))
		if (keys.has(key)) current[key] = round(value);
	return { current };
}

/** Reads a saved rotation defensively: static data may be from an older version or edited by hand. */
export function rotationFrom(saved: unknown): RotationState {
	const current: Record<string, number> = {};
	const source =
		typeof saved === 'object' && saved !== null
			? (saved as { current?: unknown }).current
			: undefined;
	if (typeof source === 'object' && source !== null) {
		for (const [key, value] of Object.entries(source))
			if (typeof value === 'number' && Number.isFinite(value)) current[key] = value;
	}
	return { current };
}

function round(n: number): number {
	return Math.round(n * 1e6) / 1e6;
}
