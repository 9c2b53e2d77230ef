// How long a durable SQLite commit takes on this disk right now. The app and the durable relay
// commit with synchronous=FULL (an fsync per commit) on their event loop, so a slow disk —
// other programs writing — shows up directly in their latency. The probe commits a small row
// every 100 ms in its own temporary database while a run goes on.
import Database from 'better-sqlite3';
import { removeDatabase, temporaryDatabase } from './processes';
import { summarise, type Summary } from './stats';

export interface DiskProbe {
	stop: () => Summary;
}

export function startDiskProbe(everyMs = 100): DiskProbe {
	const path = temporaryDatabase('disk-probe');
	const db = new Database(path);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.exec('CREATE TABLE probe (id INTEGER PRIMARY KEY, at REAL)');
	const insert = db.prepare('INSERT INTO probe (at) VALUES (?)');
	const samples: number[] = [];
	const timer = setInterval(() => {
		const start = performance.now();
		insert.run(start);
		samples.push(performance.now() - start);
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			db.close();
			removeDatabase(path);
			return summarise(samples);
		}
	};
}
