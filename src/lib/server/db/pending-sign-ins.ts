import type { Db } from './connection';

export interface PendingSignInRecord {
	id: string;
	userId: string;
	secretHash: Uint8Array;
	createdAt: number;
}

/** Sign-ins whose password was right and whose second factor is still to come. */
export function createPendingSignInStore(db: Db) {
	const insert = db.prepare(
		'INSERT INTO staff_pending_sign_ins (id, user_id, secret_hash, created_at) VALUES (?, ?, ?, ?)'
	);
	const byId = db.prepare<
		[string],
		{ id: string; user_id: string; secret_hash: Buffer; created_at: number }
	>('SELECT * FROM staff_pending_sign_ins WHERE id = ?');
	const remove = db.prepare('DELETE FROM staff_pending_sign_ins WHERE id = ?');
	const removeForUser = db.prepare('DELETE FROM staff_pending_sign_ins WHERE user_id = ?');
	const prune = db.prepare('DELETE FROM staff_pending_sign_ins WHERE created_at < ?');

	return {
		insert(record: PendingSignInRecord): void {
			insert.run(record.id, record.userId, Buffer.from(record.secretHash), record.createdAt);
		},
		findById(id: string): PendingSignInRecord | undefined {
			const row = byId.get(id);
			return row
				? {
						id: row.id,
						userId: row.user_id,
						secretHash: new Uint8Array(row.secret_hash),
						createdAt: row.created_at
					}
				: undefined;
		},
		delete(id: string): void {
			remove.run(id);
		},
		deleteAllForUser(userId: string): void {
			removeForUser.run(userId);
		},
		pruneBefore(at: number): void {
			prune.run(at);
		}
	};
}

export type PendingSignInStore = ReturnType<typeof createPendingSignInStore>;
