import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection';

/** SQLite's own default: a checkpoint once the log holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;

// The worker's whole program: its own connection, a passive checkpoint every interval.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const db = new Database(workerData.path, { fileMustExist: true });
let failed = false;
const timer = setInterval(() => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
		failed = false;
	} catch (error) {
		if (!failed) parentPort.postMessage({ failed: String(error && error.message) });
		failed = true;
	}
}, workerData.intervalMs);
parentPort.on('message', () => {
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

export interface BackgroundCheckpoints {
	/** Stops the worker (it closes its connection); the caller may close its own at once. */
	stop(): void;
	/** Resolves once the worker has ended, for whatever reason. */
	readonly ended: Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the log back into
 * the database file and flushes both to disk: milliseconds that, run inside a commit as
 * SQLite does by default, would hold up every room at once. Here the connection's automatic
 * checkpoints are turned off and a worker thread with its own connection runs a passive
 * checkpoint (which never blocks writers) every `intervalMs`.
 *
 * If the worker cannot start or stops unexpectedly, the connection checkpoints itself again,
 * so the log never grows without bound.
 */
export function startBackgroundCheckpoints(
	db: Db,
	options: { intervalMs?: number; sqliteModule?: string } = {}
): BackgroundCheckpoints {
	if (db.memory) return { stop() {}, ended: Promise.resolve() };
	const sqliteModule =
		options.sqliteModule ?? createRequire(import.meta.url).resolve('better-sqlite3');
	let stopping = false;
	db.pragma('wal_autocheckpoint = 0');
	const checkpointHere = (why: string) => {
		if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
		console.error(`[circlework] background checkpoints stopped (${why}); checkpointing in line.`);
	};
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { path: db.name, intervalMs: options.intervalMs ?? 1000, sqliteModule }
	});
	worker.unref();
	worker.on('message', (message: { failed?: string }) => {
		if (message.failed)
			console.error(`[circlework] a background checkpoint failed: ${message.failed}`);
	});
	worker.on('error', (error) => {
		stopping = true;
		checkpointHere(error.message);
	});
	const ended = new Promise<void>((resolve) =>
		worker.once('exit', (code) => {
			if (!stopping) checkpointHere(`exit code ${code}`);
			resolve();
		})
	);
	return {
		stop() {
			if (stopping) return;
			stopping = true;
			worker.postMessage('stop');
		},
		ended
	};
}
