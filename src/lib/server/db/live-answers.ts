import type { Answer } from '../../shared/exercises';
import type { Db } from './connection';

export interface AnswerRecord {
	id: string;
	exerciseId: string;
	participantId: string;
	answer: Answer;
	submittedAt: number;
}

export interface ReflectionRecord {
	id: string;
	exerciseId: string;
	text: string;
	status: 'pending' | 'approved' | 'hidden';
	shuffleKey: number;
	createdAt: number;
	/** Marked as a safeguarding concern: it can never reach the projector. */
	concern: boolean;
}

export type InsertOutcome = 'stored' | 'duplicate';

/** A reflection to store, with the sealed link to its author if the exercise keeps one. */
interface NewReflection {
	id: string;
	liveSessionId: string;
	exerciseId: string;
	text: string;
	shuffleKey: number;
	createdAt: number;
	sealedAuthorId: string | null;
}

/**
 * Answers and reflections given in live sessions. A reflection row has no author;
 * `sealAuthor` writes the separate link and nothing in this module reads it back.
 */
export function createLiveAnswerStore(db: Db) {
	const answerById = db.prepare<[string], { id: string }>('SELECT id FROM answers WHERE id = ?');
	const upsertAnswer = db.prepare(
		`INSERT INTO answers (id, live_session_id, exercise_id, participant_id, answer, submitted_at)
		 VALUES (@id, @liveSessionId, @exerciseId, @participantId, @answer, @submittedAt)
		 ON CONFLICT (live_session_id, exercise_id, participant_id)
		 DO UPDATE SET id = excluded.id, answer = excluded.answer, submitted_at = excluded.submitted_at`
	);
	const answersFor = db.prepare<
		[string, string],
		{
			id: string;
			exercise_id: string;
			participant_id: string;
			answer: string;
			submitted_at: number;
		}
	>(
		'SELECT id, exercise_id, participant_id, answer, submitted_at FROM answers WHERE live_session_id = ? AND exercise_id = ?'
	);
	const answersOfSession = db.prepare<
		[string],
		{
			id: string;
			exercise_id: string;
			participant_id: string;
			answer: string;
			submitted_at: number;
		}
	>(
		'SELECT id, exercise_id, participant_id, answer, submitted_at FROM answers WHERE live_session_id = ?'
	);
	const myAnswer = db.prepare<[string, string, string], { answer: string }>(
		'SELECT answer FROM answers WHERE live_session_id = ? AND exercise_id = ? AND participant_id = ?'
	);
	const insertReflection = db.prepare(
		`INSERT INTO reflections (id, live_session_id, exercise_id, text, status, shuffle_key, created_at)
		 VALUES (?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING`
	);
	const insertLink = db.prepare(
		'INSERT INTO reflection_author_links (reflection_id, participant_id) VALUES (?, ?)'
	);
	const reflectionsOf = db.prepare<
		[string],
		{
			id: string;
			exercise_id: string;
			text: string;
			status: ReflectionRecord['status'];
			shuffle_key: number;
			created_at: number;
			concern: number;
		}
	>(
		`SELECT r.id, r.exercise_id, r.text, r.status, r.shuffle_key, r.created_at,
			EXISTS (SELECT 1 FROM safeguarding_concerns c WHERE c.reflection_id = r.id) AS concern
		 FROM reflections r WHERE r.live_session_id = ? ORDER BY r.created_at, r.id`
	);
	const reflectionsForExercise = db.prepare<
		[string, string],
		{
			id: string;
			exercise_id: string;
			text: string;
			status: ReflectionRecord['status'];
			shuffle_key: number;
			created_at: number;
			concern: number;
		}
	>(
		`SELECT r.id, r.exercise_id, r.text, r.status, r.shuffle_key, r.created_at,
			EXISTS (SELECT 1 FROM safeguarding_concerns c WHERE c.reflection_id = r.id) AS concern
		 FROM reflections r WHERE r.live_session_id = ? AND r.exercise_id = ? ORDER BY r.created_at, r.id`
	);
	const reflectionColumns = `r.id, r.exercise_id, r.text, r.status, r.shuffle_key, r.created_at,
			EXISTS (SELECT 1 FROM safeguarding_concerns c WHERE c.reflection_id = r.id) AS concern`;
	const approvedForExercise = db.prepare<[string, string], Parameters<typeof reflectionFromRow>[0]>(
		`SELECT ${reflectionColumns} FROM reflections r
		 WHERE r.live_session_id = ? AND r.exercise_id = ? AND r.status = 'approved'
		 ORDER BY r.created_at, r.id`
	);
	const reflectionRecordById = db.prepare<[string], Parameters<typeof reflectionFromRow>[0]>(
		`SELECT ${reflectionColumns} FROM reflections r WHERE r.id = ?`
	);
	const reflectionCount = db.prepare<[string, string], { n: number }>(
		'SELECT count(*) AS n FROM reflections WHERE live_session_id = ? AND exercise_id = ?'
	);
	const reflectionById = db.prepare<
		[string],
		{ id: string; live_session_id: string; exercise_id: string; text: string; created_at: number }
	>('SELECT id, live_session_id, exercise_id, text, created_at FROM reflections WHERE id = ?');
	const pausesOf = db.prepare<
		[string],
		{
			participant_id: string;
			exercise_id: string | null;
			requested_at: number;
			acknowledged_at: number | null;
		}
	>(
		'SELECT participant_id, exercise_id, requested_at, acknowledged_at FROM pause_requests WHERE live_session_id = ? ORDER BY requested_at'
	);
	const reflectionSession = db.prepare<[string], { live_session_id: string }>(
		'SELECT live_session_id FROM reflections WHERE id = ?'
	);
	const setStatus = db.prepare('UPDATE reflections SET status = ? WHERE id = ?');
	const insertPause = db.prepare(
		'INSERT INTO pause_requests (live_session_id, participant_id, exercise_id, requested_at) VALUES (?, ?, ?, ?)'
	);
	const openPauses = db.prepare<[string], { participant_id: string; requested_at: number }>(
		'SELECT participant_id, MAX(requested_at) AS requested_at FROM pause_requests WHERE live_session_id = ? AND acknowledged_at IS NULL GROUP BY participant_id'
	);
	const ackPauses = db.prepare(
		'UPDATE pause_requests SET acknowledged_at = ? WHERE live_session_id = ? AND participant_id = ? AND acknowledged_at IS NULL'
	);

	const reflectionFromRow = (r: {
		id: string;
		exercise_id: string;
		text: string;
		status: ReflectionRecord['status'];
		shuffle_key: number;
		created_at: number;
		concern: number;
	}): ReflectionRecord => ({
		id: r.id,
		exerciseId: r.exercise_id,
		text: r.text,
		status: r.status,
		shuffleKey: r.shuffle_key,
		createdAt: r.created_at,
		concern: r.concern === 1
	});

	const parseAnswerRow = (r: {
		id: string;
		exercise_id: string;
		participant_id: string;
		answer: string;
		submitted_at: number;
	}): AnswerRecord => ({
		id: r.id,
		exerciseId: r.exercise_id,
		participantId: r.participant_id,
		answer: JSON.parse(r.answer) as Answer,
		submittedAt: r.submitted_at
	});

	// Transaction functions made once (they run for every answer).
	const storeAnswer = db.transaction(
		(a: AnswerRecord & { liveSessionId: string }): InsertOutcome => {
			if (answerById.get(a.id)) return 'duplicate';
			upsertAnswer.run({ ...a, answer: JSON.stringify(a.answer) });
			return 'stored';
		}
	);
	const storeReflection = db.transaction((r: NewReflection): InsertOutcome => {
		const inserted =
			insertReflection.run(r.id, r.liveSessionId, r.exerciseId, r.text, r.shuffleKey, r.createdAt)
				.changes > 0;
		if (!inserted) return 'duplicate';
		if (r.sealedAuthorId) insertLink.run(r.id, r.sealedAuthorId);
		return 'stored';
	});

	return {
		/**
		 * Stores her answer (replacing an earlier answer to the same exercise). The client id
		 * makes it idempotent: a retry of an answer already stored changes nothing.
		 */
		saveAnswer(a: AnswerRecord & { liveSessionId: string }): InsertOutcome {
			return storeAnswer.immediate(a);
		},
		hasAnswerId(id: string): boolean {
			return answerById.get(id) !== undefined;
		},
		answersFor(liveSessionId: string, exerciseId: string): AnswerRecord[] {
			return answersFor.all(liveSessionId, exerciseId).map(parseAnswerRow);
		},
		answersOfSession(liveSessionId: string): AnswerRecord[] {
			return answersOfSession.all(liveSessionId).map(parseAnswerRow);
		},
		myAnswer(liveSessionId: string, exerciseId: string, participantId: string): Answer | null {
			const row = myAnswer.get(liveSessionId, exerciseId, participantId);
			return row ? (JSON.parse(row.answer) as Answer) : null;
		},
		/** Stores a reflection once (by client id) and, if asked, the sealed link to its author. */
		saveReflection(r: NewReflection): InsertOutcome {
			return storeReflection.immediate(r);
		},
		reflectionsOf(liveSessionId: string): ReflectionRecord[] {
			return reflectionsOf.all(liveSessionId).map(reflectionFromRow);
		},
		/** The reflections written for one exercise of the session (what the projector needs). */
		reflectionsFor(liveSessionId: string, exerciseId: string): ReflectionRecord[] {
			return reflectionsForExercise.all(liveSessionId, exerciseId).map(reflectionFromRow);
		},
		/** The approved reflections of one exercise (what its results show). */
		approvedReflectionsFor(liveSessionId: string, exerciseId: string): ReflectionRecord[] {
			return approvedForExercise.all(liveSessionId, exerciseId).map(reflectionFromRow);
		},
		/** One reflection as the moderation queue shows it, or null. */
		reflectionRecord(id: string): ReflectionRecord | null {
			const row = reflectionRecordById.get(id);
			return row ? reflectionFromRow(row) : null;
		},
		/** How many reflections were written for one exercise of the session. */
		reflectionCount(liveSessionId: string, exerciseId: string): number {
			return reflectionCount.get(liveSessionId, exerciseId)?.n ?? 0;
		},
		findReflection(id: string) {
			const r = reflectionById.get(id);
			return r
				? {
						id: r.id,
						liveSessionId: r.live_session_id,
						exerciseId: r.exercise_id,
						text: r.text,
						createdAt: r.created_at
					}
				: undefined;
		},
		pausesOf(liveSessionId: string) {
			return pausesOf.all(liveSessionId).map((p) => ({
				participantId: p.participant_id,
				exerciseId: p.exercise_id,
				requestedAt: p.requested_at,
				acknowledgedAt: p.acknowledged_at
			}));
		},
		reflectionSessionId(reflectionId: string): string | undefined {
			return reflectionSession.get(reflectionId)?.live_session_id;
		},
		setReflectionStatus(reflectionId: string, status: ReflectionRecord['status']): void {
			setStatus.run(status, reflectionId);
		},
		requestPause(
			liveSessionId: string,
			participantId: string,
			exerciseId: string | null,
			at: number
		) {
			insertPause.run(liveSessionId, participantId, exerciseId, at);
		},
		openPauses(liveSessionId: string): Map<string, number> {
			return new Map(openPauses.all(liveSessionId).map((r) => [r.participant_id, r.requested_at]));
		},
		acknowledgePauses(liveSessionId: string, participantId: string, at: number): void {
			ackPauses.run(at, liveSessionId, participantId);
		}
	};
}

export type LiveAnswerStore = ReturnType<typeof createLiveAnswerStore>;
