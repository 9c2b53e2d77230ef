import { z } from 'zod';
import type { AuditLogStore } from '../db/audit-log';
import type { StaffTwoFactorStore } from '../db/staff-two-factor';
import type { StaffUserStore } from '../db/staff-users';
import { verifyPassword } from './passwords';
import { plainBox, type SecretBox } from './secret-box';
import { randomId, sha256 } from './tokens';
import { groupedSecret, matchingStep, newTotpSecret, totpStep, totpUri } from './totp';

export const RECOVERY_CODE_COUNT = 8;

/** What a person types: six digits from the app, or a recovery code; spaces and dashes ignored. */
export const codeSchema = z
	.string()
	.transform((value) => value.replace(/[\s-]/g, '').toLowerCase())
	.pipe(
		z
			.string()
			.min(1, 'Enter the 6-digit code from your authenticator app.')
			.max(20, 'That code is too long. Enter the 6-digit code from your app.')
			.regex(/^(\d{6}|[a-z2-7]{10})$/, 'Enter the 6 digits from your app, or a recovery code.')
	);

function newRecoveryCode(): string {
	const raw = randomId(10);
	return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

function recoveryHash(code: string): Uint8Array {
	return sha256(`recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);
}

export type CodeCheck = { ok: true; usedRecoveryCode: boolean } | { ok: false; replayed: boolean };

/**
 * Two-factor sign-in with an authenticator app (RFC 6238): enrolment with a confirmed code,
 * checking codes (±1 step, each step usable once), recovery codes, and turning it off.
 */
export function createTwoFactorService(deps: {
	store: StaffTwoFactorStore;
	users: StaffUserStore;
	audit: AuditLogStore;
	/** Encrypts secrets at rest when a key is configured. */
	box?: SecretBox;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const box = deps.box ?? plainBox;

	function audit(actorId: string | null, action: string, userId: string, detail = ''): void {
		deps.audit.record({
			at: now(),
			actorId,
			action,
			subjectType: 'staff_user',
			subjectId: userId,
			detail
		});
	}

	return {
		status(userId: string): { enabled: boolean; recoveryCodesLeft: number } {
			const record = deps.store.find(userId);
			return {
				enabled: record?.enabledAt != null,
				recoveryCodesLeft: deps.store.unusedRecoveryCodes(userId)
			};
		},

		/** Starts (or restarts) enrolment: a new secret waits until she confirms a code from it. */
		startEnrolment(userId: string): { secret: string; grouped: string; uri: string } {
			const user = deps.users.findById(userId);
			if (!user) throw new Error('No such account.');
			const secret = newTotpSecret();
			deps.store.setPendingSecret(userId, box.seal(secret));
			return { secret, grouped: groupedSecret(secret), uri: totpUri(secret, user.username) };
		},

		/** The enrolment under way, so a page reload shows the same QR code. */
		pendingEnrolment(userId: string): { secret: string; grouped: string; uri: string } | null {
			const user = deps.users.findById(userId);
			const sealed = deps.store.find(userId)?.pendingSecret;
			if (!user || !sealed) return null;
			const secret = box.open(sealed);
			return { secret, grouped: groupedSecret(secret), uri: totpUri(secret, user.username) };
		},

		cancelEnrolment(userId: string): void {
			deps.store.setPendingSecret(userId, null);
		},

		/** Confirms enrolment with a code from the new secret; returns the recovery codes, shown once. */
		confirmEnrolment(
			userId: string,
			code: string
		): { ok: true; recoveryCodes: string[] } | { ok: false; message: string } {
			const sealed = deps.store.find(userId)?.pendingSecret;
			const pending = sealed ? box.open(sealed) : null;
			if (!pending) {
				return { ok: false, message: 'Start again: choose "Set up two-step sign-in".' };
			}
			const at = now();
			const step = matchingStep(pending, code.replace(/\s/g, ''), at);
			if (step === null) {
				return {
					ok: false,
					message:
						'That code did not match. Check the time on your phone is right, and enter the newest code.'
				};
			}
			const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
			if (!deps.store.enable(userId, at, step, recoveryCodes.map(recoveryHash))) {
				return { ok: false, message: 'Start again: choose "Set up two-step sign-in".' };
			}
			audit(userId, 'two-factor.enable', userId);
			return { ok: true, recoveryCodes };
		},

		/**
		 * Checks a code at sign-in: an app code within one step either side that has not been
		 * used before, or an unused recovery code (which is then spent).
		 */
		checkCode(userId: string, rawCode: string): CodeCheck {
			const record = deps.store.find(userId);
			if (!record?.secret || record.enabledAt === null) return { ok: false, replayed: false };
			const code = rawCode.replace(/[\s-]/g, '').toLowerCase();
			const at = now();
			if (/^\d{6}$/.test(code)) {
				const step = matchingStep(box.open(record.secret), code, at);
				if (step === null) return { ok: false, replayed: false };
				if (!deps.store.useStep(userId, step)) return { ok: false, replayed: true };
				return { ok: true, usedRecoveryCode: false };
			}
			if (deps.store.useRecoveryCode(userId, recoveryHash(code), at)) {
				audit(userId, 'two-factor.recovery-code-used', userId);
				return { ok: true, usedRecoveryCode: true };
			}
			return { ok: false, replayed: false };
		},

		/** Turning it off needs her password and a current code. */
		async disable(
			userId: string,
			password: string,
			code: string
		): Promise<{ ok: true } | { ok: false; field: 'password' | 'code'; message: string }> {
			const user = deps.users.findById(userId);
			if (!user || !(await verifyPassword(user.passwordHash, password))) {
				return { ok: false, field: 'password', message: 'Your password is not right.' };
			}
			const check = this.checkCode(userId, code);
			if (!check.ok) {
				return {
					ok: false,
					field: 'code',
					message: check.replayed
						? 'That code has just been used. Wait for the next code from your app.'
						: 'That code did not match. Enter the newest code from your app.'
				};
			}
			deps.store.disable(userId);
			audit(userId, 'two-factor.disable', userId);
			return { ok: true };
		},

		/** A coordinator clears it (a lost phone); the person sets it up again at next sign-in. */
		reset(actorId: string, userId: string): void {
			deps.store.disable(userId);
			audit(actorId, 'two-factor.reset', userId);
		},

		currentStep(): number {
			return totpStep(now());
		}
	};
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
