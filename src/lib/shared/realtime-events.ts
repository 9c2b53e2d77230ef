import type { StaffRole } from './roles';

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

export interface StaffIdentity {
	displayName: string;
	role: StaffRole;
}

export interface ServerToClientEvents {
	/** A message for the person at the screen (e.g. "You were signed out"). */
	notice: (notice: { level: 'info' | 'warning'; message: string }) => void;
}

export interface ClientToServerEvents {
	'staff:whoami': (ack: AckCallback<StaffIdentity>) => void;
}

export const SOCKET_PATH = '/socket.io';
export const SESSION_COOKIE_NAME = 'cw_session';
