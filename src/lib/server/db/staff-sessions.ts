import type { Db } from './connection';

export interface StaffSessionRecord {
	id: string;
	userId: string;
	secretHash: Uint8Array;
	createdAt: number;
	lastVerifiedAt: number;
}

interface Row {
	id: string;
	user_id: string;
	secret_hash: Buffer;
	created_at: number;
	last_verified_at: number;
}

/** Storage for staff sign-in sessions (only a hash of each secret is kept). */
export function createStaffSessionStore(db: Db) {
	const insert = db.prepare(
		'INSERT INTO staff_sessions (id, user_id, secret_hash, created_at, last_verified_at) VALUES (?, ?, ?, ?, ?)'
	);
	const byId = db.prepare<[string], Row>('SELECT * FROM staff_sessions WHERE id = ?');
	const touch = db.prepare('UPDATE staff_sessions SET last_verified_at = ? WHERE id = ?');
	const remove = db.prepare('DELETE FROM staff_sessions WHERE id = ?');
	const removeForUser = db.prepare('DELETE FROM staff_sessions WHERE user_id = ?');
	const idsForUser = db.prepare<[string], { id: string }>(
		'SELECT id FROM staff_sessions WHERE user_id = ?'
	);

	return {
		insert(session: StaffSessionRecord): void {
			insert.run(
				session.id,
				session.userId,
				Buffer.from(session.secretHash),
				session.createdAt,
				session.lastVerifiedAt
			);
		},
		findById(id: string): StaffSessionRecord | undefined {
			const row = byId.get(id);
			if (!row) return undefined;
			return {
				id: row.id,
				userId: row.user_id,
				secretHash: new Uint8Array(row.secret_hash),
				createdAt: row.created_at,
				lastVerifiedAt: row.last_verified_at
			};
		},
		touch(id: string, at: number): void {
			touch.run(at, id);
		},
		delete(id: string): void {
			remove.run(id);
		},
		/** Deletes every session of the user and returns their ids (to disconnect live sockets). */
		deleteAllForUser(userId: string): string[] {
			const ids = idsForUser.all(userId).map((row) => row.id);
			removeForUser.run(userId);
			return ids;
		}
	};
}

export type StaffSessionStore = ReturnType<typeof createStaffSessionStore>;
