import type { Db } from './connection';

export interface SignInLock {
	key: string;
	lockedAt: number;
	lockedUntil: number;
}

/** Usernames locked after repeated failed sign-ins. */
export function createSignInLockStore(db: Db) {
	const get = db.prepare<
		[string],
		{ throttle_key: string; locked_at: number; locked_until: number }
	>('SELECT * FROM sign_in_locks WHERE throttle_key = ?');
	const upsert = db.prepare(
		`INSERT INTO sign_in_locks (throttle_key, locked_at, locked_until) VALUES (?, ?, ?)
		 ON CONFLICT (throttle_key) DO UPDATE SET locked_at = excluded.locked_at,
			locked_until = excluded.locked_until`
	);
	const remove = db.prepare('DELETE FROM sign_in_locks WHERE throttle_key = ?');

	return {
		find(key: string): SignInLock | undefined {
			const row = get.get(key);
			return row
				? { key: row.throttle_key, lockedAt: row.locked_at, lockedUntil: row.locked_until }
				: undefined;
		},
		lock(key: string, at: number, until: number): void {
			upsert.run(key, at, until);
		},
		/** True when there was a lock to remove. */
		remove(key: string): boolean {
			return remove.run(key).changes === 1;
		}
	};
}

export type SignInLockStore = ReturnType<typeof createSignInLockStore>;
