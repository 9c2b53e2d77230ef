import { fdatasync, fstatSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './connection';
import { createDeferredSync } from './deferred-sync';

const open: Db[] = [];
function fileDatabase(): Db {
	const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'circlework-sync-')), 'test.db'));
	db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
	open.push(db);
	return db;
}
afterEach(() => {
	for (const db of open.splice(0)) if (db.open) db.close();
});

const synchronous = (db: Db) => db.pragma('synchronous', { simple: true });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('deferred sync', () => {
	it('commits without flushing, and puts synchronous = FULL back even when the write throws', () => {
		const db = fileDatabase();
		const sync = createDeferredSync(db);
		const seen = sync.commitWithoutSync(() => {
			db.prepare('INSERT INTO notes (text) VALUES (?)').run('one');
			return synchronous(db);
		});
		expect(seen).toBe(1); // NORMAL
		expect(synchronous(db)).toBe(2); // FULL
		expect(() =>
			sync.commitWithoutSync(() => {
				throw new Error('refused');
			})
		).toThrow('refused');
		expect(synchronous(db)).toBe(2);
		expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1 });
	});

	it('flushes the database log itself, holding the commit, before it calls back', async () => {
		const db = fileDatabase();
		const flushed: Array<{ sameFile: boolean; bytes: number }> = [];
		const sync = createDeferredSync(db, (fd, done) => {
			const log = statSync(`${db.name}-wal`);
			flushed.push({ sameFile: fstatSync(fd).ino === log.ino, bytes: log.size });
			fdatasync(fd, done);
		});
		sync.commitWithoutSync(() => db.prepare('INSERT INTO notes (text) VALUES (?)').run('two'));
		const error = await new Promise<Error | undefined>((resolve) => sync.afterSync(resolve));
		expect(error).toBeUndefined();
		expect(flushed).toHaveLength(1);
		expect(flushed[0]!.sameFile).toBe(true);
		expect(flushed[0]!.bytes).toBeGreaterThan(0);
	});

	it('shares flushes: callers during one wait for the next, which starts when it ends', async () => {
		const db = fileDatabase();
		const pending: Array<() => void> = [];
		let flushes = 0;
		const sync = createDeferredSync(db, (_fd, done) => {
			flushes += 1;
			pending.push(() => done(null));
		});
		const order: string[] = [];
		sync.afterSync(() => order.push('a'));
		sync.afterSync(() => order.push('b'));
		sync.afterSync(() => order.push('c'));
		expect(flushes).toBe(1);
		pending.shift()!();
		expect(order).toEqual(['a']);
		expect(flushes).toBe(2); // b and c together
		pending.shift()!();
		expect(order).toEqual(['a', 'b', 'c']);
		expect(flushes).toBe(2);
	});

	it('after a failed flush, reports the failure to every later caller too', async () => {
		const db = fileDatabase();
		let flushes = 0;
		const sync = createDeferredSync(db, (_fd, done) => {
			flushes += 1;
			const error = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
			done(error);
		});
		const quiet = console.error;
		const logged: unknown[][] = [];
		console.error = (...args: unknown[]) => void logged.push(args);
		try {
			const first = await new Promise<Error | undefined>((resolve) => sync.afterSync(resolve));
			const later = await new Promise<Error | undefined>((resolve) => sync.afterSync(resolve));
			expect(first?.message).toMatch(/could not be written to disk/);
			expect(later?.message).toBe(first?.message);
			expect(flushes).toBe(1);
			expect(String(logged[0]?.[0])).toMatch(/no longer acknowledged/);
		} finally {
			console.error = quiet;
		}
	});

	it('with an in-memory database there is nothing to flush, and it still calls back later', async () => {
		const db = openDatabase(':memory:');
		open.push(db);
		let flushes = 0;
		const sync = createDeferredSync(db, (_fd, done) => {
			flushes += 1;
			done(null);
		});
		let called = false;
		sync.afterSync(() => (called = true));
		expect(called).toBe(false);
		await nextTurn();
		expect(called).toBe(true);
		expect(flushes).toBe(0);
	});
});
