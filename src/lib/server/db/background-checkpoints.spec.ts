import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from './background-checkpoints';
import { openDatabase, type Db } from './connection';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

function fileDatabase(): Db {
	const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'circlework-ckpt-')), 'test.db'));
	db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
	return db;
}

function started(db: Db, options?: Parameters<typeof startBackgroundCheckpoints>[1]) {
	const checkpoints = startBackgroundCheckpoints(db, options);
	cleanups.push(async () => {
		checkpoints.stop();
		await checkpoints.ended;
		if (db.open) db.close();
	});
	return checkpoints;
}

/** About 2 MB of rows, committed in small transactions as answers are. */
function writeMuch(db: Db): void {
	const insert = db.prepare('INSERT INTO notes (text) VALUES (?)');
	for (let i = 0; i < 500; i++) insert.run('x'.repeat(4000));
}

const fileSize = (db: Db) => statSync(db.name).size;
const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true });

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (check()) return true;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	return check();
}

describe('background checkpoints', () => {
	it('copy the log into the database file from a worker, with the connection’s own turned off', async () => {
		const db = fileDatabase();
		started(db, { intervalMs: 50 });
		expect(autocheckpoint(db)).toBe(0);
		const before = fileSize(db);
		writeMuch(db);
		// Without a checkpoint the rows would stay in the -wal file and the database file would not grow.
		expect(await until(() => fileSize(db) > before + 1_000_000)).toBe(true);
		expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 500 });
	});

	it('without them the log is not copied (what the first test relies on)', () => {
		const db = fileDatabase();
		cleanups.push(async () => void db.close());
		db.pragma('wal_autocheckpoint = 0');
		const before = fileSize(db);
		writeMuch(db);
		expect(fileSize(db)).toBeLessThan(before + 100_000);
	});

	it('if the worker cannot run, the connection checkpoints in line again', async () => {
		const db = fileDatabase();
		const quiet = console.error;
		const logged: string[] = [];
		console.error = (message: unknown) => void logged.push(String(message));
		try {
			const checkpoints: BackgroundCheckpoints = started(db, {
				sqliteModule: join(tmpdir(), 'no-such-module.js')
			});
			await checkpoints.ended;
			expect(autocheckpoint(db)).toBe(1000);
			expect(logged.join('\n')).toMatch(/checkpointing in line/);
		} finally {
			console.error = quiet;
		}
	});

	it('stopping ends the worker, and the connection can close at once', async () => {
		const db = fileDatabase();
		const checkpoints = startBackgroundCheckpoints(db, { intervalMs: 50 });
		checkpoints.stop();
		db.close();
		await checkpoints.ended;
		expect(db.open).toBe(false);
	});
});
