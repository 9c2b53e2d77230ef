import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 25 characters of base32 = 125 bits of CSPRNG randomness. */
export function randomId(length = 25): string {
	const bytes = randomBytes(length);
	let out = '';
	for (const byte of bytes) out += BASE32[byte & 31];
	return out;
}

export function sha256(value: string): Uint8Array {
	return new Uint8Array(createHash('sha256').update(value).digest());
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.byteLength !== b.byteLength) return false;
	return timingSafeEqual(a, b);
}
