import type { Db } from './connection';

/** Failed sign-in attempts, kept just long enough to throttle repeated guessing. */
export function createSignInFailureStore(db: Db) {
	const insert = db.prepare('INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES (?, ?)');
	const since = db.prepare<[string, number], { n: number; oldest: number | null }>(
		'SELECT COUNT(*) AS n, MIN(failed_at) AS oldest FROM sign_in_failures WHERE throttle_key = ? AND failed_at >= ?'
	);
	const clear = db.prepare('DELETE FROM sign_in_failures WHERE throttle_key = ?');
	const prune = db.prepare('DELETE FROM sign_in_failures WHERE failed_at < ?');

	return {
		record(key: string, at: number): void {
			insert.run(key, at);
		},
		countSince(key: string, from: number): { count: number; oldest: number | null } {
			const row = since.get(key, from);
			return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
		},
		clear(key: string): void {
			clear.run(key);
		},
		pruneBefore(at: number): void {
			prune.run(at);
		}
	};
}

export type SignInFailureStore = ReturnType<typeof createSignInFailureStore>;
