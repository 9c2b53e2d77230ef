import { io, type Socket } from 'socket.io-client';
import type { Answer } from '../shared/exercises';
import type { TabletSnapshot } from '../shared/live';
import {
	SOCKET_PATH,
	type ClientToServerEvents,
	type ConnectionRefusal,
	type ServerToClientEvents
} from '../shared/realtime-events';
import { AnswerStore, type StoredAnswer } from './answer-store';
import { createClientId } from './client-id';

export type AnswerStatus = 'none' | 'sending' | 'waiting' | 'saved' | 'refused';

const ACK_TIMEOUT_MS = 8000;
const RETRY_EVERY_MS = 5000;

/**
 * One participant's tablet: the live connection, the current exercise, and her answers
 * with an outbox that survives reloads and retries until the server acknowledges.
 */
export class TabletSession {
	snapshot = $state<TabletSnapshot | null>(null);
	connected = $state(false);
	refusal = $state<ConnectionRefusal | null>(null);
	/** Raised whenever the answer store changes, so derived views recompute. */
	revision = $state(0);
	refusals = $state<Record<string, string>>({});
	pauseSent = $state(false);

	private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	private readonly store: AnswerStore;
	private flushing = false;
	private retryTimer: ReturnType<typeof setInterval> | undefined;

	constructor(participantId: string) {
		this.store = new AnswerStore(localStorage, `cw-answers:${participantId}`);
		this.socket = io({
			path: SOCKET_PATH,
			autoConnect: false,
			withCredentials: true,
			auth: { audience: 'tablet' }
		});
		this.socket.on('connect', () => {
			this.connected = true;
			this.refusal = null;
			this.refresh();
			void this.flush();
		});
		this.socket.on('disconnect', () => {
			this.connected = false;
		});
		this.socket.on('connect_error', (err: Error & { data?: ConnectionRefusal }) => {
			this.connected = false;
			if (err.data?.code) {
				this.refusal = err.data;
				this.socket.disconnect();
			}
		});
		this.socket.on('live:tablet', (snapshot) => this.accept(snapshot));
	}

	private readonly onOffline = () => {
		// The device says the network is gone: stop waiting on a dead connection.
		this.connected = false;
		this.socket.disconnect();
	};
	private readonly onOnline = () => {
		if (!this.refusal) this.socket.connect();
	};

	start(): void {
		this.socket.connect();
		this.retryTimer = setInterval(() => void this.flush(), RETRY_EVERY_MS);
		window.addEventListener('offline', this.onOffline);
		window.addEventListener('online', this.onOnline);
	}

	stop(): void {
		clearInterval(this.retryTimer);
		window.removeEventListener('offline', this.onOffline);
		window.removeEventListener('online', this.onOnline);
		this.socket.removeAllListeners();
		this.socket.disconnect();
	}

	private accept(snapshot: TabletSnapshot): void {
		if (this.snapshot && snapshot.version < this.snapshot.version) return;
		if (this.snapshot && snapshot.current?.id !== this.snapshot.current?.id) this.pauseSent = false;
		this.snapshot = snapshot;
	}

	/** Asks for a fresh snapshot (on connect, or when something looks out of date). */
	refresh(): void {
		this.socket.emit('tablet:snapshot', (response) => {
			if (response.ok) this.accept(response.data);
		});
	}

	/** Her answer for an exercise: what is on this device, else what the server saved. */
	answerFor(exerciseId: string): Answer | null {
		void this.revision;
		const local = this.store.get(exerciseId);
		if (local) return local.answer;
		if (this.snapshot?.current?.id === exerciseId) return this.snapshot.myAnswer;
		return null;
	}

	statusFor(exerciseId: string): AnswerStatus {
		void this.revision;
		if (this.refusals[exerciseId]) return 'refused';
		const local: StoredAnswer | undefined = this.store.get(exerciseId);
		if (!local) {
			return this.snapshot?.current?.id === exerciseId && this.snapshot.myAnswer ? 'saved' : 'none';
		}
		if (local.state === 'saved') return 'saved';
		return this.connected ? 'sending' : 'waiting';
	}

	submit(exerciseId: string, answer: Answer): void {
		const { [exerciseId]: _dropped, ...rest } = this.refusals;
		this.refusals = rest;
		this.store.put({ clientId: createClientId(), exerciseId, answer, createdAt: Date.now() });
		this.revision++;
		void this.flush();
	}

	/** Sends everything waiting, one at a time, until acknowledged or refused for good. */
	async flush(): Promise<void> {
		if (this.flushing || !this.socket.connected) return;
		this.flushing = true;
		try {
			for (const item of this.store.pending()) {
				if (!this.socket.connected) break;
				let response;
				try {
					response = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('tablet:submit', {
						clientId: item.clientId,
						exerciseId: item.exerciseId,
						answer: item.answer
					});
				} catch {
					break; // no acknowledgement in time: keep it and try again later
				}
				if (response.ok) {
					this.store.markSaved(item.clientId);
				} else if (
					response.error.code === 'rate-limited' ||
					response.error.code === 'server-error'
				) {
					break;
				} else {
					this.store.drop(item.clientId);
					this.refusals = { ...this.refusals, [item.exerciseId]: response.error.message };
				}
				this.revision++;
			}
		} finally {
			this.flushing = false;
		}
	}

	requestPause(): void {
		this.socket.emit('tablet:pause', (response) => {
			if (response.ok) this.pauseSent = true;
		});
	}

	/** Forgets everything this device holds for her (quick exit, leaving, the end). */
	forget(): void {
		this.store.clear();
		this.revision++;
	}
}
