import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
	it('hashes with argon2id and verifies the right password only', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).not.toContain('correct horse');
		expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
	});

	it('salts each hash', async () => {
		const a = await hashPassword('same password here');
		const b = await hashPassword('same password here');
		expect(a).not.toBe(b);
	});

	it('treats a malformed stored hash as a failed check, not a crash', async () => {
		expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
	});
});
