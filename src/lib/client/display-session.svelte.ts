import { io, type Socket } from 'socket.io-client';
import { applyDisplayAnswers } from '../shared/display-answers';
import type { DisplaySnapshot } from '../shared/live';
import {
	SOCKET_PATH,
	type ClientToServerEvents,
	type ConnectionRefusal,
	type ServerToClientEvents
} from '../shared/realtime-events';

/** The room's projector: shows what the server says, asks for a fresh view on every connect. */
export class DisplaySession {
	snapshot = $state<DisplaySnapshot | null>(null);
	connected = $state(false);
	refusal = $state<ConnectionRefusal | null>(null);
	private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

	constructor(liveSessionId: string, key: string | undefined) {
		this.socket = io({
			path: SOCKET_PATH,
			autoConnect: false,
			withCredentials: true,
			auth: { audience: 'display', liveSessionId, ...(key ? { key } : {}) }
		});
		this.socket.on('connect', () => {
			this.connected = true;
			this.refusal = null;
			this.refresh();
		});
		this.socket.on('disconnect', () => (this.connected = false));
		this.socket.on('connect_error', (err: Error & { data?: ConnectionRefusal }) => {
			this.connected = false;
			if (err.data?.code) {
				this.refusal = err.data;
				this.socket.disconnect();
			}
		});
		this.socket.on('live:display', (snapshot) => this.accept(snapshot));
		this.socket.on('live:display-answers', (update) => {
			if (!this.snapshot) return;
			const next = applyDisplayAnswers(this.snapshot, update);
			if (next) this.snapshot = next;
			else this.refresh();
		});
	}

	/** Asks for the whole snapshot (on connecting, and after a missed update). */
	private refresh(): void {
		this.socket.emit('display:snapshot', (response) => {
			if (response.ok) this.accept(response.data);
		});
	}

	private accept(snapshot: DisplaySnapshot): void {
		if (this.snapshot && snapshot.version < this.snapshot.version) return;
		this.snapshot = snapshot;
	}

	start(): void {
		this.socket.connect();
	}

	stop(): void {
		this.socket.removeAllListeners();
		this.socket.disconnect();
	}
}
