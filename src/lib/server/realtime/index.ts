import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import {
	assessmentNoteInputSchema,
	liveCommandSchema,
	liveSessionIdSchema,
	submitAnswerSchema,
	type SubmitAnswer
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
import { createGroupCommit } from '../live/group-commit';
import type { ChangeEffect, ParticipantIdentity, Settled } from '../live/live-service';
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

/**
 * As `guarded`, for a handler that replies later (after a group commit): `run` is given the
 * reply, to call once with the result or what was thrown.
 */
function guardedLater<T>(
	socket: RealtimeSocket,
	ack: unknown,
	run: (reply: (result: Settled<T>) => void) => void
): void {
	if (typeof ack !== 'function') {
		socket.emit('notice', { level: 'warning', message: 'A message was ignored: it had no reply.' });
		return;
	}
	const reply = ack as AckCallback<T>;
	if (!socket.data.limiter.take()) {
		reply({
			ok: false,
			error: { code: 'rate-limited', message: 'Too many messages. Slow down a little.' }
		});
		return;
	}
	try {
		run((result) =>
			reply(
				result.ok
					? { ok: true, data: result.value }
					: { ok: false, error: toAckError(result.error) }
			)
		);
	} catch (err) {
		reply({ ok: false, error: toAckError(err) });
	}
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

/** What waits to be sent for one live session: the changes since its last snapshots, merged. */
interface PendingBroadcast {
	/** The consoles need their whole snapshot. */
	staff: boolean;
	/** Only answers changed for the consoles (the reflections among them listed). */
	staffAnswers: boolean;
	addedReflectionIds: string[];
	/** Who gave the named answers among them. */
	answeredBy: string[];
	/** The projectors need their whole snapshot. */
	display: boolean;
	/** Only answers changed for the projectors. */
	displayAnswers: boolean;
	/** true: every tablet; a set: just these participants. */
	tablets: boolean | Set<string>;
	concernIds: string[];
	origin: string | undefined;
}

const pendingBroadcasts = new Map<string, PendingBroadcast>();
let broadcastScheduled = false;

/**
 * Sends fresh snapshots to the audiences a change affects: at the end of this turn of the
 * event loop (see `flushBroadcasts`), so that the changes of one turn (a group of answers,
 * tablets connecting) cost each audience of a session one snapshot, not one each.
 */
export function broadcast(effect: ChangeEffect, origin?: string): void {
	const id = effect.liveSessionId;
	let pending = pendingBroadcasts.get(id);
	if (!pending) {
		pending = {
			staff: false,
			staffAnswers: false,
			addedReflectionIds: [],
			answeredBy: [],
			display: false,
			displayAnswers: false,
			tablets: false,
			concernIds: [],
			origin
		};
		pendingBroadcasts.set(id, pending);
	}
	const { answer } = effect;
	if (effect.staff && answer) {
		pending.staffAnswers = true;
		if (answer.reflectionId) pending.addedReflectionIds.push(answer.reflectionId);
		if (answer.participantId) pending.answeredBy.push(answer.participantId);
	} else if (effect.staff) {
		pending.staff = true;
	}
	if (effect.display && answer) pending.displayAnswers = true;
	else if (effect.display) pending.display = true;
	if (effect.tablets === true || pending.tablets === true) pending.tablets = true;
	else if (effect.tablets) {
		pending.tablets = pending.tablets
			? new Set([...pending.tablets, ...effect.tablets])
			: effect.tablets;
	}
	if (effect.concernId) pending.concernIds.push(effect.concernId);
	if (origin) pending.origin = origin;
	if (!broadcastScheduled) {
		broadcastScheduled = true;
		setImmediate(() => {
			// Answers received since are committed and shown on the projectors first: they
			// would otherwise wait behind the consoles' and tablets' snapshots of this turn.
			submissions.flush();
			broadcastScheduled = false;
			flushBroadcasts();
		});
	}
}

/**
 * Sends what `broadcast` has gathered now: every projector first (the snapshot the room
 * sees, and the cheapest), then safeguarding alerts, consoles and tablets.
 */
export function flushBroadcasts(): void {
	if (pendingBroadcasts.size === 0) return;
	const io = getIo();
	const batch = [...pendingBroadcasts];
	pendingBroadcasts.clear();
	if (!io) return;
	getServices().live.readingSnapshots(() => sendSnapshots(io, batch));
}

function sendSnapshots(io: RealtimeServer, batch: Array<[string, PendingBroadcast]>): void {
	for (const [id, pending] of batch) send(id, 'display', () => sendDisplay(io, id, pending));
	for (const [id, pending] of batch) send(id, 'alerts', () => sendAlerts(io, id, pending));
	for (const [id, pending] of batch) send(id, 'console', () => sendStaff(io, id, pending));
	for (const [id, pending] of batch) send(id, 'tablets', () => sendTablets(io, id, pending));
}

/** A failure for one session's audience is logged; the others still get theirs. */
function send(liveSessionId: string, what: string, run: () => void): void {
	try {
		run();
	} catch (err) {
		if (err instanceof LiveError && err.code === 'not-found') return;
		console.error(
			`[circlework] sending ${what} snapshots failed:`,
			err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'
		);
	}
}

const originOf = (pending: PendingBroadcast) =>
	pending.origin ?? getServices().config.origin ?? 'http://localhost:3000';

function hasMembers(io: RealtimeServer, room: string): boolean {
	return (io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
}

/**
 * The version of the last snapshot or update each session's projectors were sent: an
 * answers update applies to it. Forgotten when no projector is watching, and while a send
 * is under way, so that after a failed one the next is whole.
 */
const displayVersions = new Map<string, number>();

function sendDisplay(io: RealtimeServer, id: string, pending: PendingBroadcast): void {
	if (!pending.display && !pending.displayAnswers) return;
	const base = displayVersions.get(id);
	displayVersions.delete(id);
	if (!hasMembers(io, rooms.display(id))) return;
	const live = getServices().live;
	if (!pending.display && base !== undefined) {
		const update = live.displayAnswersUpdate(id, base);
		io.to(rooms.display(id)).emit('live:display-answers', update);
		displayVersions.set(id, update.version);
		return;
	}
	const snapshot = live.displaySnapshot(id, originOf(pending));
	io.to(rooms.display(id)).emit('live:display', snapshot);
	displayVersions.set(id, snapshot.version);
}

function sendAlerts(io: RealtimeServer, id: string, pending: PendingBroadcast): void {
	for (const concernId of pending.concernIds) {
		io.to(rooms.safeguardingLeads).emit('safeguarding:alert', {
			concernId,
			sessionTitle: getServices().live.sessionTitle(id),
			markedAt: Date.now()
		});
	}
}

/**
 * The version of the last snapshot or update each session's consoles were sent: an answers
 * update applies to it. Forgotten when no console is watching, and while a send is under
 * way, so that after a failed one the next is whole.
 */
const staffVersions = new Map<string, number>();

function sendStaff(io: RealtimeServer, id: string, pending: PendingBroadcast): void {
	if (!pending.staff && !pending.staffAnswers) return;
	const base = staffVersions.get(id);
	staffVersions.delete(id);
	if (!hasMembers(io, rooms.staff(id))) return;
	const live = getServices().live;
	if (!pending.staff && base !== undefined) {
		const update = live.staffAnswersUpdate(id, base, pending, (participantId) =>
			hasMembers(io, rooms.participant(id, participantId))
		);
		if (update) {
			io.to(rooms.staff(id)).emit('live:staff-answers', update);
			staffVersions.set(id, update.version);
			return;
		}
	}
	const connected = connectedParticipants(io, id, live.participantIds(id));
	const snapshot = live.staffSnapshot(id, connected, originOf(pending));
	io.to(rooms.staff(id)).emit('live:staff', snapshot);
	staffVersions.set(id, snapshot.version);
}

function sendTablets(io: RealtimeServer, id: string, pending: PendingBroadcast): void {
	const { tablets } = pending;
	if (!tablets) return;
	const live = getServices().live;
	const people = live.participantIds(id);
	const targets = tablets === true ? people : people.filter((p) => tablets.has(p));
	for (const participantId of connectedParticipants(io, id, targets)) {
		const snapshot = live.tabletSnapshotFor(id, participantId);
		if (snapshot) io.to(rooms.participant(id, participantId)).emit('live:tablet', snapshot);
	}
}

/** A tablet's submission, waiting for the group commit of this turn. */
interface QueuedSubmission {
	who: ParticipantIdentity;
	input: SubmitAnswer;
	origin: string;
}

/**
 * Submissions that arrive in one turn of the event loop are committed in one transaction,
 * without waiting for the disk on the event loop; the projectors are sent the new state;
 * the commit is flushed to disk on Node's thread pool, and only then is each tablet
 * acknowledged. Meanwhile the server goes on with other rooms.
 */
const submissions = createGroupCommit(
	(batch: QueuedSubmission[]) => {
		const { live, deferredSync } = getServices();
		const results = deferredSync.commitWithoutSync(() => live.submitMany(batch));
		const io = getIo();
		results.forEach((result, i) => {
			if (!result.ok) return;
			const { effect } = result.value;
			const { who, origin } = batch[i]!;
			// Her tablet has its answer and the acknowledgement; only her other devices, if she
			// has any open, need a snapshot.
			const room = rooms.participant(who.liveSessionId, who.participantId);
			const otherDevices = (io?.of('/').adapter.rooms.get(room)?.size ?? 0) > 1;
			broadcast({ ...effect, tablets: otherDevices ? effect.tablets : false }, origin);
		});
		// Every audience of these sessions from one read of each (projectors first).
		flushBroadcasts();
		return results;
	},
	undefined,
	(done) => getServices().deferredSync.afterSync(done)
);

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
		guardedLater<{ version: number }>(socket, ack, (reply) => {
			const user = requireStaff(socket);
			const { liveSessionId, command } = z
				.object({ liveSessionId: liveSessionIdSchema, command: liveCommandSchema })
				.parse(input);
			// Answers received before the command are stored before it (e.g. before "close").
			submissions.flush();
			// As answers are: the room sees the change at once; the console's reply waits until
			// it is on disk, without holding the other rooms meanwhile.
			const { deferredSync } = getServices();
			const effect = deferredSync.commitWithoutSync(() =>
				live.command(user, liveSessionId, command)
			);
			broadcast(effect, socket.data.origin);
			// The console's reply follows its snapshot (a reply ahead of it reads as a gap).
			flushBroadcasts();
			const version = live.version(liveSessionId);
			deferredSync.afterSync((error) =>
				reply(error ? { ok: false, error } : { ok: true, value: { version } })
			);
		})
	);

	socket.on('live:note', (input, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const { liveSessionId, note } = z
				.object({ liveSessionId: liveSessionIdSchema, note: assessmentNoteInputSchema })
				.parse(input);
			broadcast(live.addNote(user, liveSessionId, note), socket.data.origin);
			flushBroadcasts();
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
		guardedLater<{ clientId: string; outcome: 'stored' | 'duplicate'; version: number }>(
			socket,
			ack,
			(reply) => {
				const who = requireParticipant(socket);
				const parsed = submitAnswerSchema.parse(input);
				submissions.add({ who, input: parsed, origin: socket.data.origin }, (result) =>
					reply(
						result.ok
							? {
									ok: true,
									value: {
										clientId: parsed.clientId,
										outcome: result.value.outcome,
										version: result.value.version
									}
								}
							: result
					)
				);
			}
		)
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
