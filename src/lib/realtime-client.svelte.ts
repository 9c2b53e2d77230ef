import { io, type Socket } from 'socket.io-client';
import {
	SOCKET_PATH,
	type ClientToServerEvents,
	type ConnectionRefusal,
	type SafeguardingAlert,
	type ServerToClientEvents
} from './shared/realtime-events';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

/** One socket per page, created with autoConnect off and connected by the page that needs it. */
export class RealtimeConnection {
	status = $state<ConnectionStatus>('connecting');
	refusal = $state<ConnectionRefusal | null>(null);
	/** Safeguarding concerns raised since this page opened (sent to safeguarding leads only). */
	alerts = $state<SafeguardingAlert[]>([]);
	readonly socket: ClientSocket;

	constructor() {
		this.socket = io({ path: SOCKET_PATH, autoConnect: false, withCredentials: true });
		this.socket.on('connect', () => {
			this.status = 'connected';
			this.refusal = null;
		});
		this.socket.on('disconnect', (reason) => {
			this.status = reason === 'io server disconnect' ? 'refused' : 'reconnecting';
		});
		this.socket.on('safeguarding:alert', (alert) => {
			this.alerts = [...this.alerts.filter((a) => a.concernId !== alert.concernId), alert];
		});
		this.socket.on('connect_error', (err: Error & { data?: ConnectionRefusal }) => {
			if (err.data?.code) {
				this.status = 'refused';
				this.refusal = err.data;
			} else {
				this.status = 'reconnecting';
			}
		});
	}

	connect(): void {
		this.status = this.socket.connected ? 'connected' : 'connecting';
		this.socket.connect();
	}

	close(): void {
		this.socket.removeAllListeners();
		this.socket.disconnect();
	}
}
