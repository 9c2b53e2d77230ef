import type { Db } from './connection';

export interface TwoFactorRecord {
	secret: string | null;
	pendingSecret: string | null;
	enabledAt: number | null;
	/** The last 30-second step a code was accepted for; a code for it or earlier is a replay. */
	lastStep: number;
}

/** Two-factor secrets (on the staff account) and one-time recovery codes (hashes only). */
export function createStaffTwoFactorStore(db: Db) {
	const get = db.prepare<
		[string],
		{
			totp_secret: string | null;
			totp_pending_secret: string | null;
			totp_enabled_at: number | null;
			totp_last_step: number;
		}
	>(
		'SELECT totp_secret, totp_pending_secret, totp_enabled_at, totp_last_step FROM staff_users WHERE id = ?'
	);
	const setPending = db.prepare('UPDATE staff_users SET totp_pending_secret = ? WHERE id = ?');
	const enable = db.prepare(
		`UPDATE staff_users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
			totp_enabled_at = ?, totp_last_step = ? WHERE id = ? AND totp_pending_secret IS NOT NULL`
	);
	const disable = db.prepare(
		`UPDATE staff_users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL,
			totp_last_step = 0 WHERE id = ?`
	);
	// Only moves forward, so two requests racing with the same code cannot both succeed.
	const useStep = db.prepare(
		'UPDATE staff_users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?'
	);
	const removeCodes = db.prepare('DELETE FROM staff_recovery_codes WHERE user_id = ?');
	const insertCode = db.prepare(
		'INSERT INTO staff_recovery_codes (user_id, code_hash, used_at) VALUES (?, ?, NULL)'
	);
	const useCode = db.prepare(
		'UPDATE staff_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL'
	);
	const unusedCodes = db.prepare<[string], { n: number }>(
		'SELECT COUNT(*) AS n FROM staff_recovery_codes WHERE user_id = ? AND used_at IS NULL'
	);

	return {
		find(userId: string): TwoFactorRecord | undefined {
			const row = get.get(userId);
			if (!row) return undefined;
			return {
				secret: row.totp_secret,
				pendingSecret: row.totp_pending_secret,
				enabledAt: row.totp_enabled_at,
				lastStep: row.totp_last_step
			};
		},
		setPendingSecret(userId: string, secret: string | null): void {
			setPending.run(secret, userId);
		},
		/** Turns the pending secret into the active one and stores fresh recovery-code hashes. */
		enable(userId: string, at: number, step: number, recoveryCodeHashes: Uint8Array[]): boolean {
			return db
				.transaction(() => {
					if (enable.run(at, step, userId).changes !== 1) return false;
					removeCodes.run(userId);
					for (const hash of recoveryCodeHashes) insertCode.run(userId, Buffer.from(hash));
					return true;
				})
				.immediate();
		},
		disable(userId: string): void {
			db.transaction(() => {
				disable.run(userId);
				removeCodes.run(userId);
			}).immediate();
		},
		/** Records that a code for `step` was used; false when it (or a later one) already was. */
		useStep(userId: string, step: number): boolean {
			return useStep.run(step, userId, step).changes === 1;
		},
		useRecoveryCode(userId: string, hash: Uint8Array, at: number): boolean {
			return useCode.run(at, userId, Buffer.from(hash)).changes === 1;
		},
		unusedRecoveryCodes(userId: string): number {
			return unusedCodes.get(userId)?.n ?? 0;
		}
	};
}

export type StaffTwoFactorStore = ReturnType<typeof createStaffTwoFactorStore>;
