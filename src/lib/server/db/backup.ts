import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './connection';

/** A file name that sorts by time: circlework-2026-11-24T05-12-03Z.db. */
export function backupFileName(at: Date): string {
	return `circlework-${at
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/:/g, '-')}.db`;
}

/**
 * An online backup with SQLite's backup API: safe while the server keeps writing, and the
 * copy is a complete, consistent database (no -wal file needed). Returns the file's path.
 */
export async function backupDatabase(
	db: Db,
	folder: string,
	at: Date = new Date()
): Promise<string> {
	mkdirSync(folder, { recursive: true });
	const path = join(folder, backupFileName(at));
	await db.backup(path);
	// One self-contained file: no -wal or -shm beside it, and checked before it is trusted.
	const copy = new Database(path);
	try {
		copy.pragma('journal_mode = DELETE');
		const result = copy.pragma('integrity_check', { simple: true });
		if (result !== 'ok')
			throw new Error(`The backup failed its integrity check: ${String(result)}`);
	} finally {
		copy.close();
	}
	return path;
}
