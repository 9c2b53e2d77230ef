import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from './migrate';

export type Db = Database.Database;

/**
 * Opens a SQLite database with the settings every Circlework store relies on:
 * WAL, foreign keys, a busy timeout, and synchronous=FULL so a commit the server
 * has acknowledged survives a crash or power cut. Pending migrations are applied.
 */
export function openDatabase(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	db.pragma('synchronous = FULL');
	applyMigrations(db);
	return db;
}

const DB_KEY = Symbol.for('circlework.database');
type GlobalWithDb = typeof globalThis & { [DB_KEY]?: { path: string; db: Db } };

/** The process-wide database handle, opened on first use (kept across dev reloads). */
export function getSharedDatabase(path: string): Db {
	const g = globalThis as GlobalWithDb;
	const existing = g[DB_KEY];
	if (existing && existing.path === path && existing.db.open) return existing.db;
	const db = openDatabase(path);
	g[DB_KEY] = { path, db };
	return db;
}

export function closeSharedDatabase(): void {
	const g = globalThis as GlobalWithDb;
	const existing = g[DB_KEY];
	if (existing?.db.open) existing.db.close();
	delete g[DB_KEY];
}
