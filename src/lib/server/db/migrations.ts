/**
 * Numbered schema migrations. Append new ones; never edit one that has shipped.
 * Each runs inside a transaction and is recorded in `schema_migrations`.
 */
export interface Migration {
	id: number;
	name: string;
	sql: string;
}

export const migrations: readonly Migration[] = [
	{
		id: 1,
		name: 'staff accounts and sessions',
		sql: `
			CREATE TABLE staff_users (
				id TEXT PRIMARY KEY,
				username TEXT NOT NULL UNIQUE COLLATE NOCASE,
				display_name TEXT NOT NULL,
				role TEXT NOT NULL CHECK (role IN ('coordinator', 'facilitator', 'mentor')),
				is_safeguarding_lead INTEGER NOT NULL DEFAULT 0 CHECK (is_safeguarding_lead IN (0, 1)),
				password_hash TEXT NOT NULL,
				is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
				active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
				created_at INTEGER NOT NULL,
				password_changed_at INTEGER NOT NULL
			);

			CREATE TABLE staff_sessions (
				id TEXT PRIMARY KEY,
				user_id TEXT NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
				secret_hash BLOB NOT NULL,
				created_at INTEGER NOT NULL,
				last_verified_at INTEGER NOT NULL
			);
			CREATE INDEX staff_sessions_user ON staff_sessions(user_id);

			CREATE TABLE sign_in_failures (
				throttle_key TEXT NOT NULL,
				failed_at INTEGER NOT NULL
			);
			CREATE INDEX sign_in_failures_key ON sign_in_failures(throttle_key, failed_at);
		`
	}
];
