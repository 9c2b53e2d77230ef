import type Database from 'better-sqlite3';
import { migrations as defaultMigrations, type Migration } from './migrations';

export interface MigrationResult {
	applied: Migration[];
	alreadyApplied: number;
}

/** Applies every migration not yet recorded, each in its own (immediate) transaction. Safe to run again. */
export function applyMigrations(
	db: Database.Database,
	migrations: readonly Migration[] = defaultMigrations
): MigrationResult {
	db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		id INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at INTEGER NOT NULL
	)`);
	const done = new Set(
		db
			.prepare('SELECT id FROM schema_migrations')
			.all()
			.map((row) => (row as { id: number }).id)
	);
	const record = db.prepare(
		'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)'
	);
	const applied: Migration[] = [];
	for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
		if (done.has(migration.id)) continue;
		// Only outside a transaction can foreign keys be turned off (SQLite's table-rebuild steps).
		const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
		if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
		try {
			db.transaction(() => {
				db.exec(migration.sql);
				if (migration.rebuildsTables) {
					const broken = db.pragma('foreign_key_check') as unknown[];
					if (broken.length > 0) {
						throw new Error(
							`migration ${migration.id} would leave ${broken.length} broken references`
						);
					}
				}
				record.run(migration.id, migration.name, Date.now());
			}).immediate();
		} finally {
			if (migration.rebuildsTables && foreignKeysWereOn) db.pragma('foreign_keys = ON');
		}
		applied.push(migration);
	}
	return { applied, alreadyApplied: done.size };
}
