import { anySameSecret, sameSecret } from '../../../../nodes/shared/input/secret';

describe('sameSecret: constant-time over SHA-256 digests', () => {
	test('the same text matches; any other text, length or type does not', () => {
		expect(sameSecret('s3cret-Token-123', 's3cret-Token-123')).toBe(true);
		expect(sameSecret('s3cret-Token-124', 's3cret-Token-123')).toBe(false);
		expect(sameSecret('s3cret', 's3cret-Token-123')).toBe(false);
		expect(sameSecret(['s3cret-Token-123'], 's3cret-Token-123')).toBe(false);
		expect(sameSecret(undefined, 's3cret-Token-123')).toBe(false);
	});

	test('a same-length secret with a 2-byte character answers false instead of throwing', () => {
		const expected = 'abcdefghijklmnop';
		const given = 'abcdefghijklmnoп'; // Cyrillic п: 16 characters, 17 bytes
		expect(given.length).toBe(expected.length);
		expect(() => sameSecret(given, expected)).not.toThrow();
		expect(sameSecret(given, expected)).toBe(false);
	});

	test('an empty expected secret matches nothing, not even an empty one', () => {
		expect(sameSecret('', '')).toBe(false);
		expect(anySameSecret(['', 'x'], '')).toBe(false);
	});

	test('anySameSecret finds the secret among several candidates', () => {
		expect(anySameSecret(['wrong', 'right-secret'], 'right-secret')).toBe(true);
		expect(anySameSecret([], 'right-secret')).toBe(false);
	});
});
