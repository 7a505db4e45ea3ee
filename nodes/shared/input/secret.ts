import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret a request presented is the expected one, in constant time: both sides are hashed to SHA-256
 * first, so the comparison always runs over 32 bytes — neither the content nor the length of the secret shows in
 * the timing, and a same-length text with multi-byte characters cannot make the comparison throw. An empty
 * expected secret matches nothing.
 */
export function sameSecret(given: unknown, expected: unknown): boolean {
	if (typeof given !== 'string' || typeof expected !== 'string' || expected === '') return false;
	return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Whether any of the candidates is the secret. Every candidate is compared, so the time does not tell which
 * one matched.
 */
export function anySameSecret(candidates: readonly unknown[], expected: unknown): boolean {
	let matched = false;
	for (const candidate of candidates) matched = sameSecret(candidate, expected) || matched;
	return matched;
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}
