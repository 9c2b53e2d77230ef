import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import {
	assessmentNoteInputSchema,
	liveCommandSchema,
	liveSessionIdSchema,
	submitAnswerSchema
} from '../../shared/live';
import { can } from '../../shared/permissions';
import {
	SESSION_COOKIE_NAME,
	SOCKET_PATH,
	TABLET_COOKIE_NAME,
	type Ack,
	type AckCallback,
	type AckError,
	type ClientToServerEvents,
	type ConnectionRefusal,
	type ServerToClientEvents
} from '../../shared/realtime-events';
import type { SessionUser } from '../auth/sessions';
import { LiveError } from '../live/errors';
import type { ChangeEffect, ParticipantIdentity } from '../live/live-service';
import { getServices } from '../services';
import { readCookie } from './cookies';
import { eventRateLimit } from './event-limits';
import { RateLimiter } from './rate-limit';
import { registerOneToOneHandlers } from './one-to-one-handlers';

export interface SocketData {
	staff?: { sessionId: string; token: string; user: SessionUser };
	display?: { liveSessionId: string };
	participant?: ParticipantIdentity;
	origin: string;
	limiter: RateLimiter;
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

/** Upper bound on one message from a client (the longest answer is far smaller). */
const MAX_MESSAGE_BYTES = 64 * 1024;

export const rooms = {
	staff: (id: string) => `live:${id}:staff`,
	display: (id: string) => `live:${id}:display`,
	tablets: (id: string) => `live:${id}:tablets`,
	participant: (id: string, participantId: string) => `live:${id}:p:${participantId}`,
	auth: (sessionId: string) => `auth:${sessionId}`,
	safeguardingLeads: 'safeguarding-leads'
};

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
	// With ORIGIN set, only that origin: a page reached through another name (DNS rebinding) is refused.
	if (configured) return origin === configured;
	const host = req.headers.host;
	return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function publicOrigin(socket: RealtimeSocket): string {
	const configured = getServices().config.origin;
	if (configured) return configured;
	const host = socket.handshake.headers.host ?? 'localhost:3000';
	return `${socket.handshake.secure ? 'https' : 'http'}://${host}`;
}

const handshakeSchema = z.union([
	z.object({
		audience: z.literal('display'),
		liveSessionId: liveSessionIdSchema,
		key: z.string().max(100).optional()
	}),
	z.object({ audience: z.literal('tablet') }),
	z
		.object({ audience: z.literal('staff') })
		.or(z.object({}).strict())
		.transform(() => ({ audience: 'staff' as const }))
]);

function staffFromCookie(socket: RealtimeSocket) {
	const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE_NAME);
	const session = token ? getServices().sessions.validate(token) : null;
	// A session with a step to finish first (new password, two-step set-up) gets no live updates.
	return token && session && !session.restriction
		? { sessionId: session.id, token, user: session.user }
		: null;
}

/** Works out who is connecting (staff by cookie, a projector by key, a tablet by its token). */
function authenticate(socket: RealtimeSocket, next: (error?: Error) => void): void {
	try {
		socket.data.origin = publicOrigin(socket);
		socket.data.limiter = new RateLimiter(20, 10);
		const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
		if (!parsed.success) {
			next(
				refusal('unauthenticated', 'This connection did not say what it is for. Reload the page.')
			);
			return;
		}
		const auth = parsed.data;
		const live = getServices().live;
		if (auth.audience === 'tablet') {
			const token = readCookie(socket.handshake.headers.cookie, TABLET_COOKIE_NAME);
			if (!token) {
				next(refusal('unauthenticated', 'Please join again with the code and your PIN.'));
				return;
			}
			socket.data.participant = live.authenticateParticipant(token);
			next();
			return;
		}
		if (auth.audience === 'display') {
			const staff = staffFromCookie(socket);
			const allowed =
				(auth.key !== undefined && live.verifyDisplayKey(auth.liveSessionId, auth.key)) ||
				(staff !== null && live.canStaffWatch(staff.user, auth.liveSessionId));
			if (!allowed) {
				next(
					refusal(
						'forbidden',
						'This projector link is no longer valid. Open it again from the console.'
					)
				);
				return;
			}
			socket.data.display = { liveSessionId: auth.liveSessionId };
			next();
			return;
		}
		const staff = staffFromCookie(socket);
		if (!staff) {
			next(refusal('unauthenticated', 'You are not signed in. Sign in again to continue.'));
			return;
		}
		if (!can(staff.user.role, 'realtime:connect')) {
			next(refusal('forbidden', 'Your role cannot use live updates.'));
			return;
		}
		socket.data.staff = staff;
		next();
	} catch (err) {
		if (err instanceof LiveError) next(refusal('unauthenticated', err.message));
		else next(refusal('unauthenticated', 'We could not check who you are. Try again shortly.'));
	}
}

function toAckError(err: unknown): AckError {
	if (err instanceof LiveError) return { code: err.code, message: err.message };
	if (err instanceof z.ZodError) {
		const issue = err.issues[0];
		return {
			code: 'invalid-input',
			message: issue
				? `${issue.path.join('.') || 'input'}: ${issue.message}`
				: 'That was not valid.'
		};
	}
	// The error's name and message only: never the payload, which may hold what she wrote.
	console.error(
		'[circlework] realtime handler failed:',
		err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'
	);
	return { code: 'server-error', message: 'Something went wrong on our side. Try again.' };
}

/**
 * Wraps a handler: checks the rate limit and that the ack is callable, runs the
 * handler, and turns any refusal into a clear error in the ack. Never throws.
 */
function guarded<T>(socket: RealtimeSocket, ack: unknown, run: () => T): void {
	if (typeof ack !== 'function') {
		socket.emit('notice', { level: 'warning', message: 'A message was ignored: it had no reply.' });
		return;
	}
	const reply = ack as AckCallback<T>;
	let response: Ack<T>;
	if (!socket.data.limiter.take()) {
		response = {
			ok: false,
			error: { code: 'rate-limited', message: 'Too many messages. Slow down a little.' }
		};
	} else {
		try {
			response = { ok: true, data: run() };
		} catch (err) {
			response = { ok: false, error: toAckError(err) };
		}
	}
	reply(response);
}

/** Re-checks the staff session before each event, so a signed-out session stops at once. */
function requireStaff(socket: RealtimeSocket): SessionUser {
	const staff = socket.data.staff;
	if (!staff) throw new LiveError('forbidden', 'Only staff can do that.');
	const session = getServices().sessions.validate(staff.token);
	if (!session) {
		socket.emit('notice', { level: 'warning', message: 'You were signed out. Sign in again.' });
		socket.disconnect(true);
		throw new LiveError('unauthenticated', 'Sign in again.');
	}
	return session.user;
}

function requireParticipant(socket: RealtimeSocket): ParticipantIdentity {
	const participant = socket.data.participant;
	if (!participant) throw new LiveError('forbidden', 'Only participants can do that.');
	return participant;
}

function connectedParticipants(
	io: RealtimeServer,
	liveSessionId: string,
	ids: string[]
): Set<string> {
	const roomsMap = io.of('/').adapter.rooms;
	return new Set(
		ids.filter((id) => (roomsMap.get(rooms.participant(liveSessionId, id))?.size ?? 0) > 0)
	);
}

/** Sends fresh snapshots to the audiences a change affects. */
export function broadcast(effect: ChangeEffect, origin?: string): void {
	const io = getIo();
	if (!io) return;
	const live = getServices().live;
	const id = effect.liveSessionId;
	const base = origin ?? getServices().config.origin ?? 'http://localhost:3000';
	if (effect.staff && (io.of('/').adapter.rooms.get(rooms.staff(id))?.size ?? 0) > 0) {
		const people = live.participantIds(id);
		io.to(rooms.staff(id)).emit(
			'live:staff',
			live.staffSnapshot(id, connectedParticipants(io, id, people), base)
		);
	}
	if (effect.display && (io.of('/').adapter.rooms.get(rooms.display(id))?.size ?? 0) > 0) {
		io.to(rooms.display(id)).emit('live:display', live.displaySnapshot(id, base));
	}
	if (effect.concernId) {
		io.to(rooms.safeguardingLeads).emit('safeguarding:alert', {
			concernId: effect.concernId,
			sessionTitle: live.sessionTitle(id),
			markedAt: Date.now()
		});
	}
	if (effect.tablets) {
		const people = live.participantIds(id);
		const targets =
			effect.tablets === true
				? people
				: people.filter((p) => (effect.tablets as Set<string>).has(p));
		for (const participantId of connectedParticipants(io, id, targets)) {
			const snapshot = live.tabletSnapshotFor(participantId);
			if (snapshot) io.to(rooms.participant(id, participantId)).emit('live:tablet', snapshot);
		}
	}
}

function handleConnection(socket: RealtimeSocket): void {
	const io = getIo();
	const live = getServices().live;
	const { staff, display, participant } = socket.data;
	socket.use(eventRateLimit());
	if (staff) {
		void socket.join(rooms.auth(staff.sessionId));
		if (staff.user.isSafeguardingLead) void socket.join(rooms.safeguardingLeads);
	}
	if (display) {
		void socket.join(rooms.display(display.liveSessionId));
	}
	if (participant) {
		void socket.join([
			rooms.tablets(participant.liveSessionId),
			rooms.participant(participant.liveSessionId, participant.participantId)
		]);
		broadcast(
			{ liveSessionId: participant.liveSessionId, staff: true, display: true, tablets: false },
			socket.data.origin
		);
		socket.on('disconnect', () => {
			broadcast(
				{ liveSessionId: participant.liveSessionId, staff: true, display: false, tablets: false },
				socket.data.origin
			);
		});
	}

	socket.on('staff:whoami', (ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			return { displayName: user.displayName, role: user.role };
		})
	);

	socket.on('live:watch', (liveSessionId, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const id = liveSessionIdSchema.parse(liveSessionId);
			if (!live.canStaffWatch(user, id))
				throw new LiveError(
					'forbidden',
					'Only the facilitator running this session can open its console.'
				);
			void socket.join(rooms.staff(id));
			if (!io) throw new LiveError('server-error', 'Live updates are not running.');
			return live.staffSnapshot(
				id,
				connectedParticipants(io, id, live.participantIds(id)),
				socket.data.origin
			);
		})
	);

	socket.on('live:command', (input, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const { liveSessionId, command } = z
				.object({ liveSessionId: liveSessionIdSchema, command: liveCommandSchema })
				.parse(input);
			const effect = live.command(user, liveSessionId, command);
			broadcast(effect, socket.data.origin);
			return { version: live.version(liveSessionId) };
		})
	);

	socket.on('live:note', (input, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const { liveSessionId, note } = z
				.object({ liveSessionId: liveSessionIdSchema, note: assessmentNoteInputSchema })
				.parse(input);
			broadcast(live.addNote(user, liveSessionId, note), socket.data.origin);
			return { saved: true as const };
		})
	);

	socket.on('display:snapshot', (ack) =>
		guarded(socket, ack, () => {
			if (!socket.data.display)
				throw new LiveError('forbidden', 'Only a projector can ask for this.');
			return live.displaySnapshot(socket.data.display.liveSessionId, socket.data.origin);
		})
	);

	socket.on('tablet:snapshot', (ack) =>
		guarded(socket, ack, () => live.tabletSnapshot(requireParticipant(socket)))
	);

	socket.on('tablet:submit', (input, ack) =>
		guarded(socket, ack, () => {
			const who = requireParticipant(socket);
			const parsed = submitAnswerSchema.parse(input);
			const { outcome, effect } = live.submit(who, parsed);
			broadcast(effect, socket.data.origin);
			return { clientId: parsed.clientId, outcome };
		})
	);

	registerOneToOneHandlers(socket, { getIo, guarded, requireStaff, requireParticipant, broadcast });

	socket.on('tablet:pause', (ack) =>
		guarded(socket, ack, () => {
			broadcast(live.requestPause(requireParticipant(socket)), socket.data.origin);
			return { sent: true as const };
		})
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
		// Notice a tablet that dropped off the Wi-Fi within about 20 seconds.
		pingInterval: 10_000,
		pingTimeout: 10_000,
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
	for (const id of sessionIds) io.in(rooms.auth(id)).disconnectSockets(true);
}

/** Disconnects a participant's tablets (after she leaves or quick-exits). */
export function disconnectParticipant(liveSessionId: string, participantId: string): void {
	getIo()?.in(rooms.participant(liveSessionId, participantId)).disconnectSockets(true);
}

export async function closeRealtime(): Promise<void> {
	const g = globalThis as GlobalWithRealtime;
	const state = g[KEY];
	if (!state) return;
	delete g[KEY];
	await state.io.close();
}
