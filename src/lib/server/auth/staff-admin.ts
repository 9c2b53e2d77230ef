import { z } from 'zod';
import type { AuditLogStore } from '../db/audit-log';
import type { StaffUserRecord, StaffUserStore } from '../db/staff-users';
import { ROLE_LABELS } from '../../shared/roles';
import type { AccountService } from './accounts';
import { newStaffUserSchema } from './accounts';
import { hashPassword } from './passwords';
import type { PendingSignInService } from './pending-sign-ins';
import type { SessionService } from './sessions';
import type { SignInService } from './sign-in';
import { randomId } from './tokens';
import type { TwoFactorService } from './two-factor';

export interface Actor {
	id: string;
}

export interface StaffAccountSummary {
	id: string;
	username: string;
	displayName: string;
	role: StaffUserRecord['role'];
	isSafeguardingLead: boolean;
	active: boolean;
	isDemo: boolean;
	createdAt: number;
	twoFactorEnabled: boolean;
	mustChangePassword: boolean;
	lockedUntil: number | null;
}

export type AdminResult<T = object> = ({ ok: true } & T) | { ok: false; message: string };

/** A one-time password that is easy to read out and type: four groups of four. */
export function temporaryPassword(): string {
	const raw = randomId(16);
	return raw.match(/.{4}/g)!.join('-');
}

export const createAccountSchema = newStaffUserSchema;

/**
 * Coordinators managing staff accounts: create with a one-time password, deactivate and
 * reactivate, reset a password (and two-step sign-in), unlock. Every view and change is audited.
 */
export function createStaffAdminService(deps: {
	users: StaffUserStore;
	accounts: AccountService;
	sessions: SessionService;
	pending: PendingSignInService;
	signIn: SignInService;
	twoFactor: TwoFactorService;
	audit: AuditLogStore;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;

	function audit(actor: Actor, action: string, subjectId: string, detail = ''): void {
		deps.audit.record({
			at: now(),
			actorId: actor.id,
			action,
			subjectType: 'staff_user',
			subjectId,
			detail
		});
	}

	function summary(user: StaffUserRecord): StaffAccountSummary {
		return {
			id: user.id,
			username: user.username,
			displayName: user.displayName,
			role: user.role,
			isSafeguardingLead: user.isSafeguardingLead,
			active: user.active,
			isDemo: user.isDemo,
			createdAt: user.createdAt,
			twoFactorEnabled: user.twoFactorEnabled,
			mustChangePassword: user.mustChangePassword,
			lockedUntil: deps.signIn.lockOf(user.username)
		};
	}

	/** Ends every way in: sessions and half-finished sign-ins. Returns the closed session ids. */
	function endAccess(userId: string): string[] {
		deps.pending.endAllForUser(userId);
		return deps.sessions.invalidateAllForUser(userId);
	}

	return {
		list(actor: Actor): StaffAccountSummary[] {
			audit(actor, 'accounts.list', '*');
			return deps.users.list().map(summary);
		},

		view(actor: Actor, id: string): StaffAccountSummary | null {
			const user = deps.users.findById(id);
			if (!user) return null;
			audit(actor, 'account.view', id);
			return summary(user);
		},

		async create(
			actor: Actor,
			input: z.input<typeof createAccountSchema>
		): Promise<AdminResult<{ id: string; temporaryPassword: string }>> {
			const parsed = createAccountSchema.parse(input);
			if (deps.users.findByUsername(parsed.username)) {
				return {
					ok: false,
					message: `The username "${parsed.username}" is already taken. Choose another.`
				};
			}
			const password = temporaryPassword();
			const { id } = await deps.accounts.createUser(parsed, password, { mustChangePassword: true });
			audit(
				actor,
				'account.create',
				id,
				`${ROLE_LABELS[parsed.role]}${parsed.isSafeguardingLead ? ', safeguarding lead' : ''}`
			);
			return { ok: true, id, temporaryPassword: password };
		},

		deactivate(actor: Actor, id: string): AdminResult<{ closed: string[] }> {
			if (id === actor.id) {
				return {
					ok: false,
					message: 'You cannot deactivate your own account. Ask another coordinator to do it.'
				};
			}
			const outcome = deps.users.deactivate(id);
			if (outcome === 'missing') return { ok: false, message: 'That account no longer exists.' };
			if (outcome === 'last-coordinator') {
				return {
					ok: false,
					message:
						'This is the last active coordinator. Make another coordinator first, so someone can still manage accounts.'
				};
			}
			const closed = endAccess(id);
			audit(actor, 'account.deactivate', id, `${closed.length} session(s) ended.`);
			return { ok: true, closed };
		},

		reactivate(actor: Actor, id: string): AdminResult {
			const user = deps.users.findById(id);
			if (!user) return { ok: false, message: 'That account no longer exists.' };
			deps.users.setActive(id, true);
			audit(actor, 'account.reactivate', id);
			return { ok: true };
		},

		async resetPassword(
			actor: Actor,
			id: string,
			options: { resetTwoFactor: boolean }
		): Promise<AdminResult<{ temporaryPassword: string; closed: string[] }>> {
			if (id === actor.id) {
				return { ok: false, message: 'Change your own password from Your account.' };
			}
			const user = deps.users.findById(id);
			if (!user) return { ok: false, message: 'That account no longer exists.' };
			const password = temporaryPassword();
			deps.users.updatePassword(id, await hashPassword(password), now(), true);
			const closed = endAccess(id);
			audit(actor, 'account.reset-password', id, `${closed.length} session(s) ended.`);
			if (options.resetTwoFactor && user.twoFactorEnabled) deps.twoFactor.reset(actor.id, id);
			deps.signIn.unlock(actor.id, id);
			return { ok: true, temporaryPassword: password, closed };
		},

		unlock(actor: Actor, id: string): AdminResult {
			if (!deps.users.findById(id)) return { ok: false, message: 'That account no longer exists.' };
			if (!deps.signIn.unlock(actor.id, id)) {
				return { ok: false, message: 'This account is not locked.' };
			}
			return { ok: true };
		}
	};
}

export type StaffAdminService = ReturnType<typeof createStaffAdminService>;
