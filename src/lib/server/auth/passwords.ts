import { hash, verify } from '@node-rs/argon2';

/** Argon2id (the library's algorithm 2) with OWASP's recommended minimum cost. */
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export async function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of a random password, verified against when the username is unknown (keeps timing even). */
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
	decoyHash ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
	return decoyHash;
}
