import type { SignInFailureStore } from '../db/sign-in-failures';
import type { StaffUserStore } from '../db/staff-users';
import { getDecoyHash, verifyPassword } from './passwords';

export interface ThrottlePolicy {
	maxFailures: number;
	windowMs: number;
}

export type SignInResult =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Checks a username and password, refusing further attempts for a while after
 * repeated failures for the same username (or many from one address).
 */
export function createSignInService(deps: {
	users: StaffUserStore;
	failures: SignInFailureStore;
	policy: ThrottlePolicy;
	allowDemoAccounts: boolean;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const { policy } = deps;

	function keysFor(username: string, address: string): Array<{ key: string; limit: number }> {
		return [
			{ key: `user:${username.trim().toLowerCase()}`, limit: policy.maxFailures },
			{ key: `addr:${address}`, limit: policy.maxFailures * 4 }
		];
	}

	function retryAfter(username: string, address: string): number {
		const at = now();
		let wait = 0;
		for (const { key, limit } of keysFor(username, address)) {
			const { count, oldest } = deps.failures.countSince(key, at - policy.windowMs);
			if (count >= limit && oldest !== null) {
				wait = Math.max(wait, oldest + policy.windowMs - at);
			}
		}
		return wait;
	}

	return {
		async signIn(username: string, password: string, address: string): Promise<SignInResult> {
			const wait = retryAfter(username, address);
			if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };

			const user = deps.users.findByUsername(username.trim());
			const usable = user && user.active && (!user.isDemo || deps.allowDemoAccounts);
			const valid = await verifyPassword(
				usable ? user.passwordHash : await getDecoyHash(),
				password
			);
			if (!usable || !valid) {
				const at = now();
				for (const { key } of keysFor(username, address)) deps.failures.record(key, at);
				deps.failures.pruneBefore(at - policy.windowMs * 4);
				return { ok: false, reason: 'invalid' };
			}
			deps.failures.clear(keysFor(username, address)[0]!.key);
			return { ok: true, userId: user.id };
		}
	};
}

export type SignInService = ReturnType<typeof createSignInService>;
