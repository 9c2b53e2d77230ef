import { io, type Socket } from 'socket.io-client';
import type { Answer } from '../shared/exercises';
import type { SubmitAnswer, TabletSnapshot } from '../shared/live';
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
 * Every key this tablet writes to localStorage starts with this, followed by what it is
 * and her participant id, so leaving can find and remove everything of hers.
 */
export const LOCAL_KEY_PREFIX = 'cw-';

interface Preferences {
	easyRead: boolean;
}

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
	/** She chose "Simpler words": later questions show their easy-read wording first. */
	preferEasyRead = $state(false);

	private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	private readonly store: AnswerStore;
	private readonly preferencesKey: string;
	private flushing: Promise<void> | null = null;
	private retryTimer: ReturnType<typeof setInterval> | undefined;

	constructor(participantId: string) {
		this.store = new AnswerStore(localStorage, `${LOCAL_KEY_PREFIX}answers:${participantId}`);
		this.preferencesKey = `${LOCAL_KEY_PREFIX}prefs:${participantId}`;
		this.forgetOthers(participantId);
		this.preferEasyRead = this.readPreferences().easyRead;
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
		this.connected = false;
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

	/**
	 * Sends everything waiting, one at a time, until acknowledged or refused for good.
	 * While a round is under way, a second call waits for that round.
	 */
	flush(): Promise<void> {
		if (this.flushing) return this.flushing;
		if (!this.socket.connected) return Promise.resolve();
		this.flushing = this.sendPending().finally(() => {
			this.flushing = null;
		});
		return this.flushing;
	}

	private async sendPending(): Promise<void> {
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
			} else if (response.error.code === 'rate-limited' || response.error.code === 'server-error') {
				break;
			} else {
				this.store.drop(item.clientId);
				this.refusals = { ...this.refusals, [item.exerciseId]: response.error.message };
			}
			this.revision++;
		}
	}

	/**
	 * Tries to send everything waiting before she leaves: flush rounds until nothing is
	 * pending, the connection is gone, or `withinMs` has passed (it never waits longer).
	 */
	async settle(withinMs: number): Promise<void> {
		const deadline = Date.now() + withinMs;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
		const rounds = (async () => {
			// A round can leave items behind (a new answer arrived, or no reply in time).
			while (this.store.pending().length > 0 && this.socket.connected && Date.now() < deadline) {
				const before = this.store.pending().length;
				await this.flush();
				if (this.store.pending().length >= before) break;
			}
		})();
		try {
			await Promise.race([rounds, timeUp]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** What is still waiting to be sent, as the server takes it (for the leaving beacon). */
	pendingSubmissions(): SubmitAnswer[] {
		return this.store.pending().map(({ clientId, exerciseId, answer }) => ({
			clientId,
			exerciseId,
			answer
		}));
	}

	setPreferEasyRead(easyRead: boolean): void {
		this.preferEasyRead = easyRead;
		try {
			localStorage.setItem(this.preferencesKey, JSON.stringify({ easyRead } satisfies Preferences));
		} catch {
			// Storage full or disabled: the choice still holds while the page is open.
		}
	}

	private readPreferences(): Preferences {
		try {
			const parsed: unknown = JSON.parse(localStorage.getItem(this.preferencesKey) ?? '{}');
			return {
				easyRead:
					typeof parsed === 'object' && parsed !== null && 'easyRead' in parsed
						? parsed.easyRead === true
						: false
			};
		} catch {
			return { easyRead: false };
		}
	}

	requestPause(): void {
		this.socket.emit('tablet:pause', (response) => {
			if (response.ok) this.pauseSent = true;
		});
	}

	/**
	 * On a shared tablet, removes what an earlier participant left behind (e.g. the browser
	 * was closed instead of leaving). Her answers cannot be sent any more without her token.
	 */
	private forgetOthers(participantId: string): void {
		try {
			const stale: string[] = [];
			for (let i = 0; i < localStorage.length; i++) {
				const key = localStorage.key(i);
				if (key?.startsWith(LOCAL_KEY_PREFIX) && !key.endsWith(`:${participantId}`))
					stale.push(key);
			}
			for (const key of stale) localStorage.removeItem(key);
		} catch {
			// Storage disabled: nothing was kept.
		}
	}

	/** Forgets everything this object keeps on the device for her (quick exit, leaving, the end). */
	forget(): void {
		this.store.clear();
		try {
			localStorage.removeItem(this.preferencesKey);
		} catch {
			// nothing stored
		}
		this.preferEasyRead = false;
		this.revision++;
	}
}
