import type { PendingSignInStore } from '../db/pending-sign-ins';
import { constantTimeEqual, randomId, sha256 } from './tokens';

/** How long she has to type the code from her app after the password was accepted. */
export const PENDING_SIGN_IN_MS = 10 * 60_000;

/**
 * The step between a right password and the second-step code: a token of its own
 * (`<id>.<secret>`, only a hash stored), never a session, so nothing else accepts it.
 */
export function createPendingSignInService(deps: {
	store: PendingSignInStore;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	return {
		create(userId: string): { token: string; expiresAt: number } {
			const id = randomId();
			const secret = randomId();
			const at = now();
			deps.store.pruneBefore(at - PENDING_SIGN_IN_MS);
			deps.store.insert({ id, userId, secretHash: sha256(secret), createdAt: at });
			return { token: `${id}.${secret}`, expiresAt: at + PENDING_SIGN_IN_MS };
		},
		find(token: string): { id: string; userId: string } | null {
			const [id, secret, ...rest] = token.split('.');
			if (!id || !secret || rest.length > 0) return null;
			if (!/^[a-z2-7]{25}$/.test(id) || !/^[a-z2-7]{25}$/.test(secret)) return null;
			const record = deps.store.findById(id);
			if (!record || !constantTimeEqual(sha256(secret), record.secretHash)) return null;
			if (now() - record.createdAt >= PENDING_SIGN_IN_MS) {
				deps.store.delete(id);
				return null;
			}
			return { id, userId: record.userId };
		},
		end(id: string): void {
			deps.store.delete(id);
		},
		endAllForUser(userId: string): void {
			deps.store.deleteAllForUser(userId);
		}
	};
}

export type PendingSignInService = ReturnType<typeof createPendingSignInService>;
