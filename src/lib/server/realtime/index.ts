import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { can } from '../../shared/permissions';
import {
	SESSION_COOKIE_NAME,
	SOCKET_PATH,
	type AckCallback,
	type ClientToServerEvents,
	type ConnectionRefusal,
	type ServerToClientEvents
} from '../../shared/realtime-events';
import { getServices } from '../services';
import type { SessionUser } from '../auth/sessions';
import { readCookie } from './cookies';

export interface SocketData {
	staff?: { sessionId: string; token: string; user: SessionUser };
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

const KEY = Symbol.for('circlework.realtime');
interface RealtimeState {
	io: RealtimeServer;
	httpServer: HttpServer;
	onConnection: (socket: RealtimeSocket) => void;
}
type GlobalWithRealtime = typeof globalThis & { [KEY]?: RealtimeState };

/** Upper bound on one message from a client (text answers are far smaller). */
const MAX_MESSAGE_BYTES = 64 * 1024;

export function getIo(): RealtimeServer | undefined {
	return (globalThis as GlobalWithRealtime)[KEY]?.io;
}

function refusal(code: ConnectionRefusal['code'], message: string): Error {
	const error = new Error(message) as Error & { data: ConnectionRefusal };
	error.data = { code, message };
	return error;
}

function originAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	// Non-browser clients send no Origin; browsers always do on a WebSocket or CORS request.
	if (!origin) return true;
	const configured = getServices().config.origin;
	if (configured) return origin === configured;
	const host = req.headers.host;
	return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Resolves the staff session from the handshake cookie, or refuses the connection. */
function authenticate(socket: RealtimeSocket, next: (error?: Error) => void): void {
	try {
		const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE_NAME);
		const session = token ? getServices().sessions.validate(token) : null;
		if (!token || !session) {
			next(refusal('unauthenticated', 'You are not signed in. Sign in again to continue.'));
			return;
		}
		if (!can(session.user.role, 'realtime:connect')) {
			next(refusal('forbidden', 'Your role cannot use live updates.'));
			return;
		}
		socket.data.staff = { sessionId: session.id, token, user: session.user };
		next();
	} catch {
		next(refusal('unauthenticated', 'We could not check your sign-in. Try again shortly.'));
	}
}

/** Re-checks the staff session before each event, so a signed-out session stops at once. */
function staffStillSignedIn(socket: RealtimeSocket): SessionUser | null {
	const staff = socket.data.staff;
	if (!staff) return null;
	const session = getServices().sessions.validate(staff.token);
	if (!session) {
		socket.emit('notice', { level: 'warning', message: 'You were signed out. Sign in again.' });
		socket.disconnect(true);
		return null;
	}
	return session.user;
}

function handleConnection(socket: RealtimeSocket): void {
	const staff = socket.data.staff;
	if (staff) {
		void socket.join(`auth:${staff.sessionId}`);
		void socket.join(`user:${staff.user.id}`);
	}

	socket.on(
		'staff:whoami',
		(ack: AckCallback<{ displayName: string; role: SessionUser['role'] }>) => {
			if (typeof ack !== 'function') return;
			const user = staffStillSignedIn(socket);
			if (!user) {
				ack({ ok: false, error: { code: 'unauthenticated', message: 'Sign in again.' } });
				return;
			}
			ack({ ok: true, data: { displayName: user.displayName, role: user.role } });
		}
	);
}

/**
 * Attaches socket.io to an HTTP server. Called by the production entry and by the
 * Vite dev plugin, so both run the same code. Calling it again (a dev reload) keeps
 * the server and swaps in the new handlers, asking connected clients to reconnect.
 */
export function attachRealtime(httpServer: HttpServer): RealtimeServer {
	const g = globalThis as GlobalWithRealtime;
	const existing = g[KEY];
	if (existing && existing.httpServer === httpServer) {
		existing.onConnection = handleConnection;
		for (const socket of existing.io.of('/').sockets.values()) socket.conn.close();
		return existing.io;
	}
	const io: RealtimeServer = new Server(httpServer, {
		path: SOCKET_PATH,
		serveClient: false,
		maxHttpBufferSize: MAX_MESSAGE_BYTES,
		allowRequest: (req, callback) => callback(null, originAllowed(req))
	});
	const state: RealtimeState = { io, httpServer, onConnection: handleConnection };
	io.use(authenticate);
	io.on('connection', (socket) => state.onConnection(socket));
	g[KEY] = state;
	return io;
}

/** Disconnects every socket opened with a staff session (after sign-out or password change). */
export function disconnectStaffSessions(sessionIds: string[]): void {
	const io = getIo();
	if (!io) return;
	for (const id of sessionIds) io.in(`auth:${id}`).disconnectSockets(true);
}

export async function closeRealtime(): Promise<void> {
	const g = globalThis as GlobalWithRealtime;
	const state = g[KEY];
	if (!state) return;
	delete g[KEY];
	await state.io.close();
}
