// The floor: a bare socket.io relay. A tablet's submission is broadcast to its room's projector
// and console and acknowledged — nothing else (no auth, no validation). Same transport settings
// as the app (src/lib/server/realtime/index.ts).
// With RELAY_DATABASE set it is the durable floor: each submission is first stored in SQLite,
// idempotently by client id, the way the app stores answers (WAL; committed without flushing on
// the event loop, src/lib/server/db/deferred-sync.ts; checkpoints on a worker thread,
// src/lib/server/db/background-checkpoints.ts); then broadcast; and acknowledged once the log is
// flushed to disk — the least any acknowledge-after-durable-commit server does this way.
// With RELAY_WRITES=circlework as well, it writes the rows Circlework writes for an answer
// (see circleworkWrites): the floor for Circlework's data, without any of its other work.
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';
import { startBackgroundCheckpoints } from '../../src/lib/server/db/background-checkpoints';
import { createDeferredSync } from '../../src/lib/server/db/deferred-sync';

const port = Number(process.env.PORT ?? 0);
const http = createServer();
const io = new Server(http, {
	path: '/socket.io',
	serveClient: false,
	maxHttpBufferSize: 64 * 1024,
	pingInterval: 10_000,
	pingTimeout: 10_000
});

const databasePath = process.env.RELAY_DATABASE;
const db = databasePath ? new Database(databasePath) : undefined;

interface Submission {
	clientId?: unknown;
	exerciseId?: unknown;
	answer?: { type?: unknown };
}
/** Stores a submission durably; false when its client id was stored before. */
let store: ((room: string, participant: string, input: Submission) => boolean) | undefined;

if (db) {
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	if (process.env.RELAY_WRITES === 'circlework') store = circleworkWrites(db);
	else {
		db.exec('CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, room TEXT, body TEXT)');
		const statement = db.prepare(
			'INSERT INTO submissions (id, room, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING'
		);
		store = (room, _participant, input) =>
			statement.run(String(input.clientId ?? ''), room, JSON.stringify(input)).changes > 0;
	}
}

const deferredSync = db ? createDeferredSync(db) : undefined;
const checkpoints = db ? startBackgroundCheckpoints(db) : undefined;

/**
 * The rows Circlework writes for one answer, laid out as it lays them out
 * (src/lib/server/db/migrations.ts), in one transaction: a poll answer under (session, exercise,
 * participant) with its unique client id; a reflection with its exercise index and its sealed
 * author link; and the session's state version raised. Nothing else: no validation, no reads
 * beyond the duplicate check, no snapshots.
 */
function circleworkWrites(database: Database.Database) {
	database.exec(`
		CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, state_version INTEGER NOT NULL);
		CREATE TABLE IF NOT EXISTS answers (
			id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL, exercise_id TEXT NOT NULL,
			participant_id TEXT NOT NULL, answer TEXT NOT NULL, submitted_at INTEGER NOT NULL,
			PRIMARY KEY (session_id, exercise_id, participant_id)
		) WITHOUT ROWID;
		CREATE TABLE IF NOT EXISTS reflections (
			id TEXT PRIMARY KEY, session_id TEXT NOT NULL, exercise_id TEXT NOT NULL,
			text TEXT NOT NULL, created_at INTEGER NOT NULL
		) WITHOUT ROWID;
		CREATE INDEX IF NOT EXISTS reflections_exercise ON reflections(session_id, exercise_id);
		CREATE TABLE IF NOT EXISTS reflection_author_links (
			reflection_id TEXT PRIMARY KEY, participant_id TEXT NOT NULL
		) WITHOUT ROWID;
	`);
	const answerById = database.prepare('SELECT 1 FROM answers WHERE id = ?');
	const upsertAnswer = database.prepare(
		`INSERT INTO answers (id, session_id, exercise_id, participant_id, answer, submitted_at)
		 VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (session_id, exercise_id, participant_id)
		 DO UPDATE SET id = excluded.id, answer = excluded.answer, submitted_at = excluded.submitted_at`
	);
	const insertReflection = database.prepare(
		`INSERT INTO reflections (id, session_id, exercise_id, text, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (id) DO NOTHING`
	);
	const insertLink = database.prepare(
		'INSERT INTO reflection_author_links (reflection_id, participant_id) VALUES (?, ?)'
	);
	const bumpVersion = database.prepare(
		`INSERT INTO sessions (id, state_version) VALUES (?, 1)
		 ON CONFLICT (id) DO UPDATE SET state_version = state_version + 1`
	);
	const write = database.transaction(
		(room: string, participant: string, input: Submission): boolean => {
			const id = String(input.clientId ?? '');
			const exerciseId = String(input.exerciseId ?? '');
			const body = JSON.stringify(input.answer ?? null);
			if (input.answer?.type === 'reflection') {
				if (insertReflection.run(id, room, exerciseId, body, Date.now()).changes === 0)
					return false;
				insertLink.run(id, participant);
			} else {
				if (answerById.get(id)) return false;
				upsertAnswer.run(id, room, exerciseId, participant, body, Date.now());
			}
			bumpVersion.run(room);
			return true;
		}
	);
	return (room: string, participant: string, input: Submission) =>
		write.immediate(room, participant, input);
}

const versions = new Map<string, number>();

io.on('connection', (socket) => {
	const auth = socket.handshake.auth as { audience?: string; room?: string };
	const room = String(auth.room ?? '');
	if (auth.audience === 'display') void socket.join(`display:${room}`);
	else if (auth.audience === 'staff') void socket.join(`staff:${room}`);
	else void socket.join(`tablets:${room}`);

	socket.on('tablet:submit', (input: Submission, ack: unknown) => {
		const clientId = String(input?.clientId ?? '');
		const reply = (data: object) => {
			if (typeof ack !== 'function') return;
			// Stored: acknowledged only once on disk.
			if (deferredSync)
				deferredSync.afterSync((error) =>
					ack(error ? { ok: false, error: { code: 'server-error' } } : { ok: true, data })
				);
			else ack({ ok: true, data });
		};
		if (store && !deferredSync!.commitWithoutSync(() => store!(room, socket.id, input ?? {}))) {
			reply({ clientId, outcome: 'duplicate' });
			return;
		}
		const version = (versions.get(room) ?? 0) + 1;
		versions.set(room, version);
		io.to(`display:${room}`).emit('live:display', { version, answerCount: version });
		io.to(`staff:${room}`).emit('live:staff', { version });
		reply({ clientId, outcome: 'stored', version });
	});
});

http.listen(port, '127.0.0.1', () => console.log(`[relay] listening on ${port}`));

function shutdown() {
	setTimeout(() => process.exit(0), 2000).unref();
	void io.close(() => {
		checkpoints?.stop();
		db?.close();
		process.exit(0);
	});
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
