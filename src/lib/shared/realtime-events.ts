import type { StaffRole } from './roles';
import type {
	AssessmentNoteInput,
	DisplaySnapshot,
	LiveCommand,
	StaffSnapshot,
	SubmitAnswer,
	TabletSnapshot
} from './live';

/**
 * The realtime protocol: every event both sides may send, typed once and shared by
 * the socket.io server and client (`Socket<ServerToClientEvents, ClientToServerEvents>`).
 */

export type ErrorCode =
	| 'unauthenticated'
	| 'forbidden'
	| 'invalid-input'
	| 'not-found'
	| 'conflict'
	| 'rate-limited'
	| 'server-error';

export interface AckError {
	code: ErrorCode;
	message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckCallback<T> = (response: Ack<T>) => void;

/** Sent with a refused connection (`connect_error`'s `data`). */
export interface ConnectionRefusal {
	code: 'unauthenticated' | 'forbidden' | 'origin';
	message: string;
}

/** What a client says it is when it connects (`io({ auth })`). Staff are known by their cookie. */
export type HandshakeAuth =
	| { audience: 'staff' }
	| { audience: 'display'; liveSessionId: string; key?: string }
	| { audience: 'tablet' };

export interface StaffIdentity {
	displayName: string;
	role: StaffRole;
}

export interface ServerToClientEvents {
	/** A message for the person at the screen (e.g. "You were signed out"). */
	notice: (notice: { level: 'info' | 'warning'; message: string }) => void;
	'live:staff': (snapshot: StaffSnapshot) => void;
	'live:display': (snapshot: DisplaySnapshot) => void;
	'live:tablet': (snapshot: TabletSnapshot) => void;
	/** To safeguarding leads, at once: a reflection was marked as a safeguarding concern. */
	'safeguarding:alert': (alert: SafeguardingAlert) => void;
}

export interface SafeguardingAlert {
	concernId: string;
	sessionTitle: string;
	markedAt: number;
}

export interface ClientToServerEvents {
	'staff:whoami': (ack: AckCallback<StaffIdentity>) => void;
	/** Staff: follow a live session (joins its staff room) and get a fresh snapshot. */
	'live:watch': (liveSessionId: string, ack: AckCallback<StaffSnapshot>) => void;
	'live:command': (
		input: { liveSessionId: string; command: LiveCommand },
		ack: AckCallback<{ version: number }>
	) => void;
	'live:note': (
		input: { liveSessionId: string; note: AssessmentNoteInput },
		ack: AckCallback<{ saved: true }>
	) => void;
	/** Projector: a fresh snapshot (on connect, or after a gap). */
	'display:snapshot': (ack: AckCallback<DisplaySnapshot>) => void;
	/** Tablet: a fresh snapshot. */
	'tablet:snapshot': (ack: AckCallback<TabletSnapshot>) => void;
	/**
	 * Tablet: an answer, acknowledged only after it is committed. `version`: the session's
	 * state version with the answer in (a snapshot at that version or later includes it).
	 */
	'tablet:submit': (
		input: SubmitAnswer,
		ack: AckCallback<{ clientId: string; outcome: 'stored' | 'duplicate'; version: number }>
	) => void;
	'tablet:pause': (ack: AckCallback<{ sent: true }>) => void;
}

export const SOCKET_PATH = '/socket.io';
export const SESSION_COOKIE_NAME = 'cw_session';
export const TABLET_COOKIE_NAME = 'cw_tablet';
