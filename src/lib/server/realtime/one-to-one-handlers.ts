import { z } from 'zod';
import { liveSessionIdSchema } from '../../shared/live';
import {
	callSignalSchema,
	meetingLinkSchema,
	moveSchema,
	presenceSchema,
	staffPaceSchema,
	staffSignalSchema,
	type CallSignal
} from '../../shared/one-to-one';
import type { SessionUser } from '../auth/sessions';
import { LiveError } from '../live/errors';
import type { ChangeEffect, ParticipantIdentity } from '../live/live-service';
import { getServices } from '../services';
import { RateLimiter } from './rate-limit';
import type { RealtimeServer, RealtimeSocket } from './index';

/** The same room names as the realtime module (`live:<id>:staff`, `live:<id>:p:<participant>`). */
const rooms = {
	staff: (id: string) => `live:${id}:staff`,
	participant: (id: string, participantId: string) => `live:${id}:p:${participantId}`
};

/** What the realtime module lends these handlers (so they share its checks). */
export interface HandlerContext {
	getIo: () => RealtimeServer | undefined;
	guarded: <T>(socket: RealtimeSocket, ack: unknown, run: () => T) => void;
	requireStaff: (socket: RealtimeSocket) => SessionUser;
	requireParticipant: (socket: RealtimeSocket) => ParticipantIdentity;
	broadcast: (effect: ChangeEffect, origin?: string) => void;
}

type Side = 'staff' | 'participant';

/** The two people in each one-to-one call: a socket id per side, per live session. */
export class CallRegistry {
	private readonly calls = new Map<string, { staff?: string; participant?: string }>();

	join(liveSessionId: string, side: Side, socketId: string): string | undefined {
		const call = this.calls.get(liveSessionId) ?? {};
		call[side] = socketId;
		this.calls.set(liveSessionId, call);
		return call[side === 'staff' ? 'participant' : 'staff'];
	}

	/** The other person's socket, if the sender is the one in the call on its side. */
	peerOf(liveSessionId: string, side: Side, socketId: string): string | undefined | false {
		const call = this.calls.get(liveSessionId);
		if (!call || call[side] !== socketId) return false;
		return call[side === 'staff' ? 'participant' : 'staff'];
	}

	/** Removes a socket from a call; returns the other person's socket to tell. */
	leave(liveSessionId: string, side: Side, socketId: string): string | undefined {
		const call = this.calls.get(liveSessionId);
		if (!call || call[side] !== socketId) return undefined;
		delete call[side];
		const other = call[side === 'staff' ? 'participant' : 'staff'];
		if (!other) this.calls.delete(liveSessionId);
		return other;
	}
}

const KEY = Symbol.for('circlework.calls');
type GlobalWithCalls = typeof globalThis & { [KEY]?: CallRegistry };
function registry(): CallRegistry {
	const g = globalThis as GlobalWithCalls;
	g[KEY] ??= new CallRegistry();
	return g[KEY];
}

/** Signalling is bursty (ICE candidates): its own, roomier bucket per connection. */
const signalLimiters = new WeakMap<RealtimeSocket, RateLimiter>();

const participantSignalSchema = z.object({ signal: callSignalSchema });

/**
 * Socket handlers for one-to-one remote delivery: her view and pace, what her screen
 * shows, and the call's signalling, relayed only between the facilitator and the woman
 * of that one session. Thin: every input is checked with a schema, then the domain decides.
 */
export function registerOneToOneHandlers(socket: RealtimeSocket, ctx: HandlerContext): void {
	const { guarded, requireStaff, requireParticipant, broadcast } = ctx;
	const io = () => ctx.getIo();
	const services = () => getServices();
	const inCalls = new Map<string, Side>();

	function roomSize(room: string): number {
		return io()?.of('/').adapter.rooms.get(room)?.size ?? 0;
	}

	function herConnected(liveSessionId: string): boolean {
		const [id] = services().live.participantIds(liveSessionId);
		return id !== undefined && roomSize(rooms.participant(liveSessionId, id)) > 0;
	}

	function send(socketId: string, signal: CallSignal): void {
		io()?.to(socketId).emit('rtc:signal', signal);
	}

	const participant = socket.data.participant;
	if (participant && services().oneToOne.isOneToOne(participant.liveSessionId)) {
		socket.on('disconnect', () => {
			if (!herConnected(participant.liveSessionId)) {
				services().oneToOne.markLeft(participant.liveSessionId);
				io()?.to(rooms.staff(participant.liveSessionId)).emit('o2o:changed');
			}
		});
	}
	socket.on('disconnect', () => {
		for (const [liveSessionId, side] of inCalls) {
			const other = registry().leave(liveSessionId, side, socket.id);
			if (other) send(other, { kind: 'bye', reason: 'disconnected' });
		}
		inCalls.clear();
	});

	socket.on('o2o:watch', (liveSessionId, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const id = liveSessionIdSchema.parse(liveSessionId);
			const view = services().oneToOne.staffView(user, id, herConnected(id), socket.data.origin);
			void socket.join(rooms.staff(id));
			return { view, iceServers: services().config.iceServers };
		})
	);

	socket.on('o2o:pace', (input, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const { liveSessionId, command } = staffPaceSchema.parse(input);
			broadcast(services().oneToOne.pace(user, liveSessionId, command), socket.data.origin);
			return { done: true as const };
		})
	);

	socket.on('o2o:meeting-link', (input, ack) =>
		guarded(socket, ack, () => {
			const user = requireStaff(socket);
			const { liveSessionId, url } = meetingLinkSchema.parse(input);
			broadcast(services().oneToOne.setMeetingLink(user, liveSessionId, url), socket.data.origin);
			return { done: true as const };
		})
	);

	socket.on('o2o:tablet', (ack) =>
		guarded(socket, ack, () => ({
			view: services().oneToOne.tabletView(requireParticipant(socket)),
			iceServers: services().config.iceServers
		}))
	);

	socket.on('o2o:move', (input, ack) =>
		guarded(socket, ack, () => {
			const who = requireParticipant(socket);
			const { direction } = moveSchema.parse(input);
			broadcast(services().oneToOne.move(who, direction), socket.data.origin);
			return { done: true as const };
		})
	);

	socket.on('o2o:presence', (input, ack) =>
		guarded(socket, ack, () => {
			const who = requireParticipant(socket);
			services().oneToOne.setPresence(who, presenceSchema.parse(input));
			io()?.to(rooms.staff(who.liveSessionId)).emit('o2o:changed');
			return { done: true as const };
		})
	);

	socket.on('rtc:signal', (input, ack) => {
		if (typeof ack !== 'function') return;
		let limiter = signalLimiters.get(socket);
		if (!limiter) {
			limiter = new RateLimiter(100, 30);
			signalLimiters.set(socket, limiter);
		}
		if (!limiter.take()) {
			ack({
				ok: false,
				error: { code: 'rate-limited', message: 'Too many call messages. Try again.' }
			});
			return;
		}
		try {
			ack({ ok: true, data: relay(input) });
		} catch (err) {
			if (err instanceof LiveError)
				ack({ ok: false, error: { code: err.code, message: err.message } });
			else if (err instanceof z.ZodError)
				ack({
					ok: false,
					error: { code: 'invalid-input', message: 'That call message was not valid.' }
				});
			else {
				console.error(
					'[circlework] call signal failed:',
					err instanceof Error ? err.name : 'unknown'
				);
				ack({
					ok: false,
					error: { code: 'server-error', message: 'Something went wrong on our side.' }
				});
			}
		}
	});

	function relay(input: unknown): { peerPresent: boolean } {
		let side: Side;
		let liveSessionId: string;
		let signal: CallSignal;
		if (socket.data.participant) {
			const who = requireParticipant(socket);
			side = 'participant';
			liveSessionId = who.liveSessionId;
			signal = participantSignalSchema.parse(input).signal;
			if (!services().oneToOne.isOneToOne(liveSessionId)) {
				throw new LiveError('forbidden', 'This session has no call.');
			}
		} else {
			const user = requireStaff(socket);
			side = 'staff';
			const parsed = staffSignalSchema.parse(input);
			liveSessionId = parsed.liveSessionId;
			signal = parsed.signal;
			if (!services().oneToOne.canJoinCall(user, liveSessionId)) {
				throw new LiveError(
					'forbidden',
					'Only the facilitator running this session can join its call.'
				);
			}
		}
		if (signal.kind === 'hello') {
			const other = registry().join(liveSessionId, side, socket.id);
			inCalls.set(liveSessionId, side);
			if (other) send(other, signal);
			return { peerPresent: other !== undefined };
		}
		if (signal.kind === 'bye') {
			const other = registry().leave(liveSessionId, side, socket.id);
			inCalls.delete(liveSessionId);
			if (other) send(other, signal);
			return { peerPresent: false };
		}
		const other = registry().peerOf(liveSessionId, side, socket.id);
		if (other === false) throw new LiveError('conflict', 'Join the call first.');
		if (other) send(other, signal);
		return { peerPresent: other !== undefined };
	}
}
