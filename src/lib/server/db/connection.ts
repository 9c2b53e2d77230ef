import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { applyMigrations } from './migrate';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from './background-checkpoints';

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
type GlobalWithDb = typeof globalThis & {
	[DB_KEY]?: { path: string; db: Db; checkpoints: BackgroundCheckpoints };
};

/**
 * The process-wide database handle, opened on first use (kept across dev reloads). Its WAL
 * checkpoints run on a worker thread, off the event loop.
 */
export function getSharedDatabase(path: string): Db {
	const g = globalThis as GlobalWithDb;
	const existing = g[DB_KEY];
	if (existing && existing.path === path && existing.db.open) return existing.db;
	existing?.checkpoints.stop();
	const db = openDatabase(path);
	g[DB_KEY] = { path, db, checkpoints: startBackgroundCheckpoints(db) };
	return db;
}

export function closeSharedDatabase(): void {
	const g = globalThis as GlobalWithDb;
	const existing = g[DB_KEY];
	existing?.checkpoints.stop();
	if (existing?.db.open) existing.db.close();
	delete g[DB_KEY];
}
