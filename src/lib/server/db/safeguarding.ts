import type { Db } from './connection';

export interface ConcernRecord {
	id: string;
	liveSessionId: string | null;
	reflectionId: string | null;
	exerciseId: string | null;
	exerciseTitle: string;
	words: string;
	writtenAt: number;
	markedBy: string;
	markedAt: number;
	acknowledgedBy: string | null;
	acknowledgedAt: number | null;
}

export interface SealOpeningRecord {
	id: number;
	concernId: string;
	participantId: string | null;
	openedBy: string;
	reason: string;
	openedAt: number;
}

interface ConcernRow {
	id: string;
	live_session_id: string | null;
	reflection_id: string | null;
	exercise_id: string | null;
	exercise_title: string;
	words: string;
	written_at: number;
	marked_by: string;
	marked_at: number;
	acknowledged_by: string | null;
	acknowledged_at: number | null;
}

const concernFromRow = (r: ConcernRow): ConcernRecord => ({
	id: r.id,
	liveSessionId: r.live_session_id,
	reflectionId: r.reflection_id,
	exerciseId: r.exercise_id,
	exerciseTitle: r.exercise_title,
	words: r.words,
	writtenAt: r.written_at,
	markedBy: r.marked_by,
	markedAt: r.marked_at,
	acknowledgedBy: r.acknowledged_by,
	acknowledgedAt: r.acknowledged_at
});

/** Safeguarding concerns, seal openings and the editable risk-phrase list. */
export function createSafeguardingStore(db: Db) {
	// Made once: better-sqlite3 builds a transaction function with several wrappers each time.
	const transactionOf = db.transaction((fn: () => unknown) => fn());
	const insertConcern = db.prepare(
		`INSERT INTO safeguarding_concerns (id, live_session_id, reflection_id, exercise_id, exercise_title, words,
			written_at, marked_by, marked_at)
		 VALUES (@id, @liveSessionId, @reflectionId, @exerciseId, @exerciseTitle, @words, @writtenAt, @markedBy, @markedAt)`
	);
	const concernById = db.prepare<[string], ConcernRow>(
		'SELECT * FROM safeguarding_concerns WHERE id = ?'
	);
	const concernByReflection = db.prepare<[string], ConcernRow>(
		'SELECT * FROM safeguarding_concerns WHERE reflection_id = ?'
	);
	const concernsAll = db.prepare<[], ConcernRow>(
		'SELECT * FROM safeguarding_concerns ORDER BY marked_at DESC LIMIT 200'
	);
	const concernsOpen = db.prepare<[], ConcernRow>(
		'SELECT * FROM safeguarding_concerns WHERE acknowledged_at IS NULL ORDER BY marked_at DESC'
	);
	const concernsOfSession = db.prepare<[string], ConcernRow>(
		'SELECT * FROM safeguarding_concerns WHERE live_session_id = ? ORDER BY marked_at'
	);
	const acknowledge = db.prepare(
		'UPDATE safeguarding_concerns SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL'
	);
	const insertOpening = db.prepare(
		'INSERT INTO seal_openings (concern_id, participant_id, opened_by, reason, opened_at) VALUES (?, ?, ?, ?, ?)'
	);
	const openingsOf = db.prepare<
		[string],
		{
			id: number;
			concern_id: string;
			participant_id: string | null;
			opened_by: string;
			reason: string;
			opened_at: number;
		}
	>('SELECT * FROM seal_openings WHERE concern_id = ? ORDER BY id');
	const openingsForParticipant = db.prepare<
		[string],
		{
			id: number;
			concern_id: string;
			participant_id: string | null;
			opened_by: string;
			reason: string;
			opened_at: number;
		}
	>('SELECT * FROM seal_openings WHERE participant_id = ? ORDER BY id');
	const phrases = db.prepare<[], { id: number; phrase: string }>(
		'SELECT id, phrase FROM risk_phrases ORDER BY phrase COLLATE NOCASE'
	);
	const insertPhrase = db.prepare(
		'INSERT INTO risk_phrases (phrase, created_by, created_at) VALUES (?, ?, ?) ON CONFLICT (phrase) DO NOTHING'
	);
	const deletePhrase = db.prepare('DELETE FROM risk_phrases WHERE id = ?');
	let knownPhrases: Array<{ id: number; phrase: string }> | null = null;

	const openingFromRow = (r: {
		id: number;
		concern_id: string;
		participant_id: string | null;
		opened_by: string;
		reason: string;
		opened_at: number;
	}): SealOpeningRecord => ({
		id: r.id,
		concernId: r.concern_id,
		participantId: r.participant_id,
		openedBy: r.opened_by,
		reason: r.reason,
		openedAt: r.opened_at
	});

	return {
		insertConcern(c: Omit<ConcernRecord, 'acknowledgedBy' | 'acknowledgedAt'>): void {
			insertConcern.run(c);
		},
		findConcern(id: string): ConcernRecord | undefined {
			const row = concernById.get(id);
			return row ? concernFromRow(row) : undefined;
		},
		concernForReflection(reflectionId: string): ConcernRecord | undefined {
			const row = concernByReflection.get(reflectionId);
			return row ? concernFromRow(row) : undefined;
		},
		listConcerns(onlyOpen: boolean): ConcernRecord[] {
			return (onlyOpen ? concernsOpen.all() : concernsAll.all()).map(concernFromRow);
		},
		concernsOfSession(liveSessionId: string): ConcernRecord[] {
			return concernsOfSession.all(liveSessionId).map(concernFromRow);
		},
		acknowledge(id: string, by: string, at: number): void {
			acknowledge.run(by, at, id);
		},
		recordOpening(o: Omit<SealOpeningRecord, 'id'>): void {
			insertOpening.run(o.concernId, o.participantId, o.openedBy, o.reason, o.openedAt);
		},
		openingsOf(concernId: string): SealOpeningRecord[] {
			return openingsOf.all(concernId).map(openingFromRow);
		},
		openingsForParticipant(participantId: string): SealOpeningRecord[] {
			return openingsForParticipant.all(participantId).map(openingFromRow);
		},
		/**
		 * Read on every console update, changed rarely: kept until this store changes them.
		 * Not kept from inside a transaction, which might yet be undone.
		 */
		riskPhrases(): Array<{ id: number; phrase: string }> {
			if (db.inTransaction) return phrases.all();
			knownPhrases ??= phrases.all();
			return knownPhrases.slice();
		},
		addRiskPhrase(phrase: string, by: string | null, at: number): void {
			knownPhrases = null;
			insertPhrase.run(phrase, by, at);
		},
		removeRiskPhrase(id: number): void {
			knownPhrases = null;
			deletePhrase.run(id);
		},
		transaction<T>(fn: () => T): T {
			return transactionOf.immediate(fn) as T;
		}
	};
}

export type SafeguardingStore = ReturnType<typeof createSafeguardingStore>;
