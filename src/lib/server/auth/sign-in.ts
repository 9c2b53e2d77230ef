import type { AuditLogStore } from '../db/audit-log';
import type { SignInFailureStore } from '../db/sign-in-failures';
import type { SignInLockStore } from '../db/sign-in-locks';
import type { StaffUserStore } from '../db/staff-users';
import { getDecoyHash, verifyPassword } from './passwords';

export interface ThrottlePolicy {
	/** Failures for one username within the window that lock it. */
	maxFailures: number;
	windowMs: number;
	/** How long a locked username stays locked (a coordinator can unlock sooner). */
	lockoutMs: number;
	/** Failures from one address within the window that pause it (default: `maxFailures` × 10). */
	addressMaxFailures?: number;
}

export type SignInResult =
	| { ok: true; userId: string; secondFactor: boolean }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'locked'; lockedUntil: number }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * An address may fail this many times more than one username before it is paused: a whole
 * office often shares one address, and one person's lockout must not lock out the rest.
 */
const ADDRESS_FACTOR = 10;

export const userKey = (username: string) => `user:${username.trim().toLowerCase()}`;
const addressKey = (address: string) => `addr:${address}`;

/**
 * Checks a username and password. After `maxFailures` failures for one username within the
 * window (wrong passwords and wrong second-step codes alike) the username is locked for
 * `lockoutMs`, whether or not an account has it, so a lock reveals nothing. Many failures
 * from one address pause that address too.
 */
export function createSignInService(deps: {
	users: StaffUserStore;
	failures: SignInFailureStore;
	locks: SignInLockStore;
	audit: AuditLogStore;
	policy: ThrottlePolicy;
	allowDemoAccounts: boolean;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const { policy } = deps;

	function audit(actorId: string | null, action: string, userId: string, detail: string): void {
		deps.audit.record({
			at: now(),
			actorId,
			action,
			subjectType: 'staff_user',
			subjectId: userId,
			detail
		});
	}

	/** The time the username's lock ends, or null; an ended lock is removed (and audited). */
	function activeLock(username: string): number | null {
		const key = userKey(username);
		const lock = deps.locks.find(key);
		if (!lock) return null;
		if (lock.lockedUntil > now()) return lock.lockedUntil;
		deps.locks.remove(key);
		deps.failures.clear(key);
		const user = deps.users.findByUsername(username.trim());
		if (user) audit(null, 'account.unlock', user.id, 'The lock period ended.');
		return null;
	}

	function addressWait(address: string): number {
		const at = now();
		const { count, oldest } = deps.failures.countSince(addressKey(address), at - policy.windowMs);
		const limit = policy.addressMaxFailures ?? policy.maxFailures * ADDRESS_FACTOR;
		if (count >= limit && oldest !== null) {
			return Math.max(0, oldest + policy.windowMs - at);
		}
		return 0;
	}

	/** Records a failure; returns the lock's end when this failure locked the username. */
	function recordFailure(username: string, address: string): number | null {
		const at = now();
		const key = userKey(username);
		deps.failures.record(key, at);
		deps.failures.record(addressKey(address), at);
		deps.failures.pruneBefore(at - Math.max(policy.windowMs, policy.lockoutMs) * 4);
		const { count } = deps.failures.countSince(key, at - policy.windowMs);
		if (count < policy.maxFailures) return null;
		const until = at + policy.lockoutMs;
		deps.locks.lock(key, at, until);
		const user = deps.users.findByUsername(username.trim());
		if (user) {
			audit(
				null,
				'account.lock',
				user.id,
				`${count} failed sign-in attempts within ${Math.round(policy.windowMs / 60_000)} minutes.`
			);
		}
		return until;
	}

	return {
		async signIn(username: string, password: string, address: string): Promise<SignInResult> {
			const lockedUntil = activeLock(username);
			if (lockedUntil !== null) return { ok: false, reason: 'locked', lockedUntil };
			const wait = addressWait(address);
			if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };

			const user = deps.users.findByUsername(username.trim());
			const usable = user && user.active && (!user.isDemo || deps.allowDemoAccounts);
			const valid = await verifyPassword(
				usable ? user.passwordHash : await getDecoyHash(),
				password
			);
			if (!usable || !valid) {
				recordFailure(username, address);
				return { ok: false, reason: 'invalid' };
			}
			if (!user.twoFactorEnabled) deps.failures.clear(userKey(username));
			return { ok: true, userId: user.id, secondFactor: user.twoFactorEnabled };
		},

		/** Before checking a second-step code: is her username locked? */
		lockedUntil(userId: string): number | null {
			const user = deps.users.findById(userId);
			return user ? activeLock(user.username) : null;
		},

		/** A wrong second-step code counts as a failed sign-in. */
		secondFactorFailed(userId: string, address: string): number | null {
			const user = deps.users.findById(userId);
			return user ? recordFailure(user.username, address) : null;
		},

		secondFactorPassed(userId: string): void {
			const user = deps.users.findById(userId);
			if (user) deps.failures.clear(userKey(user.username));
		},

		/** A coordinator unlocks an account now; false when it was not locked. */
		unlock(actorId: string, userId: string): boolean {
			const user = deps.users.findById(userId);
			if (!user) return false;
			const key = userKey(user.username);
			const lock = deps.locks.find(key);
			deps.failures.clear(key);
			if (!lock || lock.lockedUntil <= now()) {
				if (lock) deps.locks.remove(key);
				return false;
			}
			deps.locks.remove(key);
			audit(actorId, 'account.unlock', user.id, 'Unlocked by a coordinator.');
			return true;
		},

		/** When the account's lock ends, or null (for the accounts list; does not audit). */
		lockOf(username: string): number | null {
			const lock = deps.locks.find(userKey(username));
			return lock && lock.lockedUntil > now() ? lock.lockedUntil : null;
		}
	};
}

export type SignInService = ReturnType<typeof createSignInService>;
