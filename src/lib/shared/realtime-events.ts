import type { StaffRole } from './roles';
import type {
	DisplayAnswersUpdate,
	AssessmentNoteInput,
	DisplaySnapshot,
	LiveCommand,
	StaffAnswersUpdate,
	StaffSnapshot,
	SubmitAnswer,
	TabletSnapshot
} from './live';
import type {
	CallSignal,
	CallSignalInput,
	IceServer,
	OneToOneStaffView,
	OneToOneTabletView,
	PaceCommand,
	Presence
} from './one-to-one';

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
	/** Instead of `live:staff` when only answers changed (see `applyStaffAnswers`). */
	'live:staff-answers': (update: StaffAnswersUpdate) => void;
	'live:display': (snapshot: DisplaySnapshot) => void;
	/** Instead of `live:display` when only answers changed (see `applyDisplayAnswers`). */
	'live:display-answers': (update: DisplayAnswersUpdate) => void;
	'live:tablet': (snapshot: TabletSnapshot) => void;
	/** To safeguarding leads, at once: a reflection was marked as a safeguarding concern. */
	'safeguarding:alert': (alert: SafeguardingAlert) => void;
	/** One-to-one: something about her changed (her screen, her connection): ask for the view. */
	'o2o:changed': () => void;
	/** One-to-one call: a signalling message from the other person in the call. */
	'rtc:signal': (signal: CallSignal) => void;
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
	/** Staff, one-to-one: follow her (joins the staff room) and get the one-to-one view. */
	'o2o:watch': (
		liveSessionId: string,
		ack: AckCallback<{ view: OneToOneStaffView; iceServers: IceServer[] }>
	) => void;
	'o2o:pace': (
		input: { liveSessionId: string; command: PaceCommand },
		ack: AckCallback<{ done: true }>
	) => void;
	'o2o:meeting-link': (
		input: { liveSessionId: string; url: string },
		ack: AckCallback<{ done: true }>
	) => void;
	/** Participant, one-to-one: the pace, the fallback link, and the call's ICE servers. */
	'o2o:tablet': (ack: AckCallback<{ view: OneToOneTabletView; iceServers: IceServer[] }>) => void;
	/** Participant, one-to-one, at her own pace: move on or back. */
	'o2o:move': (input: { direction: 'next' | 'previous' }, ack: AckCallback<{ done: true }>) => void;
	/** Participant, one-to-one: what her screen shows. */
	'o2o:presence': (input: Presence, ack: AckCallback<{ done: true }>) => void;
	/** Either side of a one-to-one call: staff send the session id, a participant's is known. */
	'rtc:signal': (
		input: { liveSessionId?: string; signal: CallSignalInput },
		ack: AckCallback<{ peerPresent: boolean }>
	) => void;
}

export const SOCKET_PATH = '/socket.io';
export const SESSION_COOKIE_NAME = 'cw_session';
export const TABLET_COOKIE_NAME = 'cw_tablet';
