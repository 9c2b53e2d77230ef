import type { StaffSessionStore } from '../db/staff-sessions';
import type { StaffUserRecord, StaffUserStore } from '../db/staff-users';
import { constantTimeEqual, randomId, sha256 } from './tokens';

/**
 * Staff sessions as in the Lucia guide: a token `<id>.<secret>`, only a SHA-256
 * of the secret stored, an inactivity timeout with renewal, and an absolute lifetime.
 */
export interface SessionPolicy {
	idleTimeoutMs: number;
	maxAgeMs: number;
	/** Bump `last_verified_at` at most this often, to keep writes low. */
	renewAfterMs: number;
}

export interface SessionUser {
	id: string;
	username: string;
	displayName: string;
	role: StaffUserRecord['role'];
	isSafeguardingLead: boolean;
}

export interface ValidSession {
	id: string;
	user: SessionUser;
	/** When the session expires unless used again. */
	expiresAt: number;
	/** When the session ends whatever the activity (its absolute lifetime). */
	endsAt: number;
	/** True when the expiry moved forward and the cookie should be re-sent. */
	renewed: boolean;
	/**
	 * A step she must finish before anything else: a one-time password to replace, or
	 * two-step sign-in to set up because her role requires it.
	 */
	restriction: SessionRestriction;
}

export type SessionRestriction = 'change-password' | 'set-up-two-factor' | null;

export interface SessionService {
	create(userId: string): { token: string; id: string; expiresAt: number };
	/** `renew: false` checks without counting as activity (the idle-warning poll). */
	validate(token: string, options?: { renew?: boolean }): ValidSession | null;
	/** Counts as activity now ("Stay signed in"); null when the session has already ended. */
	extend(sessionId: string): { expiresAt: number; endsAt: number } | null;
	invalidate(sessionId: string): void;
	invalidateAllForUser(userId: string): string[];
}

export function policyFrom(idleTimeoutMs: number, maxAgeMs: number): SessionPolicy {
	return {
		idleTimeoutMs,
		maxAgeMs,
		renewAfterMs: Math.min(60 * 60_000, Math.floor(idleTimeoutMs / 10))
	};
}

function toSessionUser(user: StaffUserRecord): SessionUser {
	return {
		id: user.id,
		username: user.username,
		displayName: user.displayName,
		role: user.role,
		isSafeguardingLead: user.isSafeguardingLead
	};
}

export function createSessionService(deps: {
	sessions: StaffSessionStore;
	users: StaffUserStore;
	policy: SessionPolicy;
	now?: () => number;
	/** Demo accounts may only sign in while the app runs in demo mode. */
	allowDemoAccounts: boolean;
	/** Roles that must use two-step sign-in (from configuration). */
	twoFactorRequired?: (role: StaffUserRecord['role']) => boolean;
}): SessionService {
	const twoFactorRequired = deps.twoFactorRequired ?? (() => false);
	function restrictionOf(user: StaffUserRecord): SessionRestriction {
		if (user.mustChangePassword) return 'change-password';
		if (!user.twoFactorEnabled && twoFactorRequired(user.role)) return 'set-up-two-factor';
		return null;
	}
	const now = deps.now ?? Date.now;
	const { policy } = deps;

	function expiryOf(createdAt: number, lastVerifiedAt: number): number {
		return Math.min(lastVerifiedAt + policy.idleTimeoutMs, createdAt + policy.maxAgeMs);
	}

	return {
		create(userId) {
			const id = randomId();
			const secret = randomId();
			const at = now();
			deps.sessions.insert({
				id,
				userId,
				secretHash: sha256(secret),
				createdAt: at,
				lastVerifiedAt: at
			});
			return { token: `${id}.${secret}`, id, expiresAt: expiryOf(at, at) };
		},

		validate(token, options = {}) {
			const parts = token.split('.');
			if (parts.length !== 2) return null;
			const [id, secret] = parts as [string, string];
			if (!/^[a-z2-7]{25}$/.test(id) || !/^[a-z2-7]{25}$/.test(secret)) return null;
			const session = deps.sessions.findById(id);
			if (!session) return null;
			if (!constantTimeEqual(sha256(secret), session.secretHash)) return null;
			const at = now();
			if (at >= expiryOf(session.createdAt, session.lastVerifiedAt)) {
				deps.sessions.delete(id);
				return null;
			}
			const user = deps.users.findById(session.userId);
			if (!user || !user.active || (user.isDemo && !deps.allowDemoAccounts)) {
				deps.sessions.delete(id);
				return null;
			}
			let lastVerifiedAt = session.lastVerifiedAt;
			let renewed = false;
			if (options.renew !== false && at - session.lastVerifiedAt >= policy.renewAfterMs) {
				lastVerifiedAt = at;
				deps.sessions.touch(id, at);
				renewed = true;
			}
			return {
				id,
				user: toSessionUser(user),
				expiresAt: expiryOf(session.createdAt, lastVerifiedAt),
				endsAt: session.createdAt + policy.maxAgeMs,
				renewed,
				restriction: restrictionOf(user)
			};
		},

		extend(sessionId) {
			const session = deps.sessions.findById(sessionId);
			const at = now();
			if (!session || at >= expiryOf(session.createdAt, session.lastVerifiedAt)) return null;
			deps.sessions.touch(sessionId, at);
			return {
				expiresAt: expiryOf(session.createdAt, at),
				endsAt: session.createdAt + policy.maxAgeMs
			};
		},

		invalidate(sessionId) {
			deps.sessions.delete(sessionId);
		},

		invalidateAllForUser(userId) {
			return deps.sessions.deleteAllForUser(userId);
		}
	};
}
