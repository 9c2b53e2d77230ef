import { closeSync, fdatasync, openSync } from 'node:fs';
import type { Db } from './connection';

type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Commits that do not wait for the disk on the event loop, for the busiest writes (tablets'
 * answers). `commitWithoutSync` runs one transaction with SQLite's `synchronous = NORMAL`:
 * in WAL mode the commit is written to the log but not flushed, so it is visible to every
 * reader at once and survives the process being killed, but not yet a power cut. `afterSync`
 * then flushes the log file (fdatasync, on Node's thread pool) and calls back once it is on
 * disk: exactly the flush `synchronous = FULL` would have made at the commit. Acknowledge
 * only from there.
 *
 * Flushes are shared: callers that arrive while one runs wait for the next, which starts
 * as soon as it ends, so a busy minute costs one flush per flush time, not one per commit.
 *
 * If a flush fails, the kernel may have dropped the pages it could not write, so no later
 * flush can vouch for them: every `afterSync` from then on reports the failure, and nothing
 * more is acknowledged until the server restarts and SQLite recovers from its log.
 */
export function createDeferredSync(db: Db, syncFile: SyncFile = fdatasync) {
	const logPath = db.memory ? null : `${db.name}-wal`;
	let fd: number | null = null;
	let running = false;
	let waiting: Array<(error?: Error) => void> = [];
	let failure: Error | null = null;

	function openLog(): number {
		fd ??= openSync(logPath!, 'r+');
		return fd;
	}

	function settle(batch: Array<(error?: Error) => void>, error?: Error): void {
		for (const done of batch) {
			try {
				done(error);
			} catch (err) {
				console.error(
					'[circlework] after a flush to disk:',
					err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'
				);
			}
		}
	}

	function start(): void {
		const batch = waiting;
		waiting = [];
		running = true;
		const finish = (error?: Error, lasting = true) => {
			running = false;
			if (error && lasting && !failure) {
				failure = new Error(`The database log could not be written to disk: ${error.message}`);
				console.error(`[circlework] ${failure.message}. Answers are no longer acknowledged.`);
			}
			settle(batch, lasting ? (failure ?? undefined) : error);
			if (waiting.length > 0) start();
		};
		if (failure) return void setImmediate(finish);
		if (!db.open) {
			if (fd !== null) closeSync(fd);
			fd = null;
			return void setImmediate(() => finish(new Error('The database is closed.'), false));
		}
		// An in-memory database has nothing to flush.
		if (!logPath) return void setImmediate(finish);
		let file: number;
		try {
			file = openLog();
		} catch (err) {
			return void setImmediate(() => finish(err as Error));
		}
		syncFile(file, (err) => finish(err ?? undefined));
	}

	return {
		/**
		 * Runs `write` (which commits, or is one transaction) without flushing its commit to
		 * disk. Inside another transaction it just runs: the outer commit flushes.
		 */
		commitWithoutSync<T>(write: () => T): T {
			if (db.inTransaction || db.memory) return write();
			// exec, not pragma(): nothing to read back, and cheaper around every group commit.
			db.exec('PRAGMA synchronous = NORMAL');
			try {
				return write();
			} finally {
				db.exec('PRAGMA synchronous = FULL');
			}
		},

		/** Calls `done` once every commit made so far is on disk (or with why it is not). */
		afterSync(done: (error?: Error) => void): void {
			waiting.push(done);
			if (!running) start();
		}
	};
}

export type DeferredSync = ReturnType<typeof createDeferredSync>;
