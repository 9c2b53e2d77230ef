// The floor: a bare socket.io relay. A tablet's submission is broadcast to its room's projector
// and console and acknowledged — nothing else (no auth, no validation). Same transport settings
// as the app (src/lib/server/realtime/index.ts).
// With RELAY_DATABASE set it is the durable floor: each submission is first inserted into
// SQLite with the app's durability settings (WAL, synchronous=FULL), idempotently by client id,
// and only then broadcast and acknowledged — the least any acknowledge-after-commit server does.
import { createServer } from 'node:http';
import Database from 'better-sqlite3';
import { Server } from 'socket.io';

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
let insert: ((id: string, room: string, body: string) => boolean) | undefined;
if (db) {
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.exec('CREATE TABLE IF NOT EXISTS submissions (id TEXT PRIMARY KEY, room TEXT, body TEXT)');
	const statement = db.prepare(
		'INSERT INTO submissions (id, room, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING'
	);
	insert = (id, room, body) => statement.run(id, room, body).changes > 0;
}

const versions = new Map<string, number>();

io.on('connection', (socket) => {
	const auth = socket.handshake.auth as { audience?: string; room?: string };
	const room = String(auth.room ?? '');
	if (auth.audience === 'display') void socket.join(`display:${room}`);
	else if (auth.audience === 'staff') void socket.join(`staff:${room}`);
	else void socket.join(`tablets:${room}`);

	socket.on('tablet:submit', (input: { clientId?: string }, ack: unknown) => {
		const clientId = String(input?.clientId ?? '');
		if (insert && !insert(clientId, room, JSON.stringify(input))) {
			if (typeof ack === 'function') ack({ ok: true, data: { clientId, outcome: 'duplicate' } });
			return;
		}
		const version = (versions.get(room) ?? 0) + 1;
		versions.set(room, version);
		io.to(`display:${room}`).emit('live:display', { version, answerCount: version });
		io.to(`staff:${room}`).emit('live:staff', { version });
		if (typeof ack === 'function') {
			ack({ ok: true, data: { clientId, outcome: 'stored', version } });
		}
	});
});

http.listen(port, '127.0.0.1', () => console.log(`[relay] listening on ${port}`));

function shutdown() {
	setTimeout(() => process.exit(0), 2000).unref();
	void io.close(() => {
		db?.close();
		process.exit(0);
	});
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
