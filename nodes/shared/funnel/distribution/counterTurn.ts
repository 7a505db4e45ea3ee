import type { Manager } from './managers';

/**
 * Round robin from a shared counter: the n-th lead handed out by any execution (the counter's n, taken atomically, e.g.
 * Redis INCR) goes to the n-th place of the team's rotation, so leads given at the same moment by different workers
 * still go A, B, C, D. The rotation is smooth weighted round robin over whole weights (2:1 → A, B, A), the same
 * sequence for every execution that sees the same team.
 */
export function counterTurn(pool: readonly Manager[], turn: number): Manager | null {
	const sequence = rotationOf(pool);
	if (sequence.length === 0) return null;
	const place = ((turn % sequence.length) + sequence.length) % sequence.length;
	return sequence[place];
}

/** One period of smooth weighted round robin; weights count as whole numbers (1.4 → 1), at most 1,000 places. */
function rotationOf(pool: readonly Manager[]): Manager[] {
	const weighted = pool
		.map((m) => ({ m, w: Math.max(0, Math.round(m.weight)) }))
		.filter((x) => x.w > 0);
	const total = weighted.reduce((sum, x) => sum + x.w, 0);
	const current = weighted.map(() => 0);
	const sequence: Manager[] = [];
	for (let step = 0; step < Math.min(total, 1000); step++) {
		let best = 0;
		weighted.forEach((x, k) => {
			current[k] += x.w;
			if (current[k] > current[best]) best = k;
		});
		current[best] -= total;
		sequence.push(weighted[best].m);
	}
	return sequence;
}
