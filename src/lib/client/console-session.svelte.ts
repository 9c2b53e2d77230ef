import { io, type Socket } from 'socket.io-client';
import type { AssessmentNoteInput, LiveCommand, StaffSnapshot } from '../shared/live';
import {
	SOCKET_PATH,
	type ClientToServerEvents,
	type ConnectionRefusal,
	type SafeguardingAlert,
	type ServerToClientEvents
} from '../shared/realtime-events';
import { applyStaffAnswers } from '../shared/staff-answers';

const ACK_TIMEOUT_MS = 8000;

/** The facilitator's console: follows one live session and sends commands. */
export class ConsoleSession {
	snapshot = $state<StaffSnapshot | null>(null);
	connected = $state(false);
	refusal = $state<ConnectionRefusal | null>(null);
	error = $state<string | null>(null);
	busy = $state(false);
	/** Safeguarding concerns raised anywhere (only sent to safeguarding leads). */
	alerts = $state<SafeguardingAlert[]>([]);

	private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

	constructor(readonly liveSessionId: string) {
		this.socket = io({
			path: SOCKET_PATH,
			autoConnect: false,
			withCredentials: true,
			auth: { audience: 'staff' }
		});
		this.socket.on('connect', () => {
			this.connected = true;
			this.refusal = null;
			this.watch();
		});
		this.socket.on('disconnect', () => (this.connected = false));
		this.socket.on('connect_error', (err: Error & { data?: ConnectionRefusal }) => {
			this.connected = false;
			if (err.data?.code) {
				this.refusal = err.data;
				this.socket.disconnect();
			}
		});
		this.socket.on('live:staff', (snapshot) => this.accept(snapshot));
		this.socket.on('live:staff-answers', (update) => {
			if (!this.snapshot) return;
			const next = applyStaffAnswers(this.snapshot, update);
			if (next) this.snapshot = next;
			else this.watch();
		});
		this.socket.on('safeguarding:alert', (alert) => {
			this.alerts = [...this.alerts.filter((a) => a.concernId !== alert.concernId), alert];
		});
	}

	start(): void {
		this.socket.connect();
	}

	stop(): void {
		this.socket.removeAllListeners();
		this.socket.disconnect();
	}

	private accept(snapshot: StaffSnapshot): void {
		if (snapshot.liveSessionId !== this.liveSessionId) return;
		if (this.snapshot && snapshot.version < this.snapshot.version) return;
		this.snapshot = snapshot;
	}

	private watch(): void {
		this.socket.emit('live:watch', this.liveSessionId, (response) => {
			if (response.ok) this.accept(response.data);
			else this.error = response.error.message;
		});
	}

	async command(command: LiveCommand): Promise<boolean> {
		if (!this.connected) {
			this.error = 'Not connected. Check the Wi-Fi; the console reconnects by itself.';
			return false;
		}
		this.busy = true;
		try {
			const response = await this.socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck('live:command', { liveSessionId: this.liveSessionId, command });
			if (!response.ok) {
				this.error = response.error.message;
				return false;
			}
			this.error = null;
			// If a broadcast was missed, ask for a fresh snapshot.
			if (this.snapshot && response.data.version > this.snapshot.version) this.watch();
			return true;
		} catch {
			this.error = 'No reply from the server. Check the connection and try again.';
			return false;
		} finally {
			this.busy = false;
		}
	}

	async saveNote(note: AssessmentNoteInput): Promise<string | null> {
		try {
			const response = await this.socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck('live:note', { liveSessionId: this.liveSessionId, note });
			return response.ok ? null : response.error.message;
		} catch {
			return 'The note was not saved: no reply from the server. Try again.';
		}
	}
}
