import { z } from 'zod';
import type { StaffUserStore } from '../db/staff-users';
import { STAFF_ROLES, type StaffRole } from '../../shared/roles';
import {
	hashPassword,
	PASSWORD_MAX_LENGTH,
	PASSWORD_MIN_LENGTH,
	verifyPassword
} from './passwords';
import type { SessionService } from './sessions';
import { randomId } from './tokens';

export const newPasswordSchema = z
	.string()
	.min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
	.max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const newStaffUserSchema = z.object({
	username: z
		.string()
		.trim()
		.min(3, 'Use at least 3 characters.')
		.max(40, 'Use at most 40 characters.')
		.regex(/^[a-z0-9._-]+$/i, 'Use letters, numbers, dots, dashes or underscores only.'),
	displayName: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
	role: z.enum(STAFF_ROLES),
	isSafeguardingLead: z.boolean().default(false)
});

export type NewStaffUser = z.input<typeof newStaffUserSchema>;

export type ChangePasswordResult =
	| { ok: true; newSession: { token: string; id: string; expiresAt: number }; closed: string[] }
	| { ok: false; field: 'currentPassword' | 'newPassword'; message: string };

/** Creating staff accounts and changing passwords. */
export function createAccountService(deps: {
	users: StaffUserStore;
	sessions: SessionService;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	return {
		async createUser(
			input: NewStaffUser,
			password: string,
			options: { isDemo?: boolean; mustChangePassword?: boolean } = {}
		): Promise<{ id: string; role: StaffRole }> {
			const user = newStaffUserSchema.parse(input);
			newPasswordSchema.parse(password);
			if (deps.users.findByUsername(user.username)) {
				throw new Error(`The username "${user.username}" is already taken.`);
			}
			const id = randomId();
			deps.users.insert({
				id,
				username: user.username,
				displayName: user.displayName,
				role: user.role,
				isSafeguardingLead: user.isSafeguardingLead,
				passwordHash: await hashPassword(password),
				isDemo: options.isDemo ?? false,
				mustChangePassword: options.mustChangePassword ?? false,
				createdAt: now()
			});
			return { id, role: user.role };
		},

		/** Changes the password, signs out every session of the user, and opens a fresh one. */
		async changePassword(
			userId: string,
			currentPassword: string,
			newPassword: string
		): Promise<ChangePasswordResult> {
			const user = deps.users.findById(userId);
			if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
				return {
					ok: false,
					field: 'currentPassword',
					message: 'Your current password is not right. Check it and try again.'
				};
			}
			const parsed = newPasswordSchema.safeParse(newPassword);
			if (!parsed.success) {
				return {
					ok: false,
					field: 'newPassword',
					message: parsed.error.issues[0]?.message ?? 'Choose another password.'
				};
			}
			if (newPassword === currentPassword) {
				return {
					ok: false,
					field: 'newPassword',
					message: 'Choose a password different from your current one.'
				};
			}
			deps.users.updatePassword(userId, await hashPassword(newPassword), now());
			const closed = deps.sessions.invalidateAllForUser(userId);
			return { ok: true, newSession: deps.sessions.create(userId), closed };
		},

		/**
		 * Replaces a one-time password at her first sign-in (she has just typed it, so it is not
		 * asked again). Signs out every other session and opens a fresh one.
		 */
		async replaceTemporaryPassword(
			userId: string,
			newPassword: string
		): Promise<
			| { ok: true; newSession: { token: string; id: string; expiresAt: number }; closed: string[] }
			| { ok: false; message: string }
		> {
			const user = deps.users.findById(userId);
			if (!user || !user.mustChangePassword) {
				return { ok: false, message: 'Change your password from Your account.' };
			}
			const parsed = newPasswordSchema.safeParse(newPassword);
			if (!parsed.success) {
				return {
					ok: false,
					message: parsed.error.issues[0]?.message ?? 'Choose another password.'
				};
			}
			if (await verifyPassword(user.passwordHash, newPassword)) {
				return { ok: false, message: 'Choose a password different from the one-time password.' };
			}
			deps.users.updatePassword(userId, await hashPassword(newPassword), now());
			const closed = deps.sessions.invalidateAllForUser(userId);
			return { ok: true, newSession: deps.sessions.create(userId), closed };
		}
	};
}

export type AccountService = ReturnType<typeof createAccountService>;
