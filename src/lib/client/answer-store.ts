import type { Answer } from '../shared/exercises';

/** The part of `Storage` the store needs (localStorage in the browser, a Map in tests). */
export interface KeyValueStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export interface StoredAnswer {
	clientId: string;
	exerciseId: string;
	answer: Answer;
	createdAt: number;
	/** pending: not yet acknowledged by the server; saved: committed on the server. */
	state: 'pending' | 'saved';
}

/**
 * Her answers on this device, kept across reloads: what is waiting to be sent (the
 * outbox) and what the server has acknowledged. One entry per exercise, newest wins.
 */
export class AnswerStore {
	constructor(
		private readonly storage: KeyValueStorage,
		private readonly key: string
	) {}

	private read(): Record<string, StoredAnswer> {
		try {
			const raw = this.storage.getItem(this.key);
			const parsed: unknown = raw ? JSON.parse(raw) : {};
			return parsed && typeof parsed === 'object' ? (parsed as Record<string, StoredAnswer>) : {};
		} catch {
			return {};
		}
	}

	private write(all: Record<string, StoredAnswer>): void {
		try {
			this.storage.setItem(this.key, JSON.stringify(all));
		} catch {
			// Storage full or disabled: the answer still goes out while the page is open.
		}
	}

	get(exerciseId: string): StoredAnswer | undefined {
		return this.read()[exerciseId];
	}

	/** Queues an answer for sending; it replaces any earlier answer to the same exercise. */
	put(entry: Omit<StoredAnswer, 'state'>): StoredAnswer {
		const all = this.read();
		const stored: StoredAnswer = { ...entry, state: 'pending' };
		all[entry.exerciseId] = stored;
		this.write(all);
		return stored;
	}

	/** Marks a submission as acknowledged (only if it is still the latest for its exercise). */
	markSaved(clientId: string): void {
		const all = this.read();
		for (const entry of Object.values(all)) {
			if (entry.clientId === clientId) entry.state = 'saved';
		}
		this.write(all);
	}

	/** Drops a submission the server refused for good (e.g. answers closed). */
	drop(clientId: string): void {
		const all = this.read();
		for (const [exerciseId, entry] of Object.entries(all)) {
			if (entry.clientId === clientId) delete all[exerciseId];
		}
		this.write(all);
	}

	/** What still has to be sent, oldest first. */
	pending(): StoredAnswer[] {
		return Object.values(this.read())
			.filter((e) => e.state === 'pending')
			.sort((a, b) => a.createdAt - b.createdAt);
	}

	clear(): void {
		this.storage.removeItem(this.key);
	}
}
