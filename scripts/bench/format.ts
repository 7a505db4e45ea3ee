/** Numbers as the report shows them. */
export function fmt(n: number): string {
	return n.toLocaleString('en-US');
}

export function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}
